import type { BaselinePolicy } from "./baselinePolicy";
import { LEGACY_CLIENT_APP_TYPES } from "./graphTypes";
import { ALL_APPLICATIONS, allUsersTarget, PolicyContext } from "./context";
import { DISPLAY_NAME_PREFIX } from "./wellKnownIds";

/** Block legacy authentication (Exchange ActiveSync and other legacy clients), which cannot do MFA (P1). */
export function blockLegacyAuthPolicy(ctx: PolicyContext): BaselinePolicy {
  return {
    key: "blockLegacyAuth",
    templateId: "0b2282f9-2862-4178-88b5-d79340b36cb8",
    minimumPlan: "p1",
    policy: {
      displayName: `${DISPLAY_NAME_PREFIX} Block legacy authentication`,
      state: ctx.state,
      conditions: {
        users: allUsersTarget(ctx),
        applications: ALL_APPLICATIONS,
        clientAppTypes: [...LEGACY_CLIENT_APP_TYPES],
        signInRiskLevels: [],
        userRiskLevels: [],
      },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    },
  };
}
