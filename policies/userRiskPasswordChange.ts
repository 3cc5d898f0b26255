import type { BaselinePolicy } from "./baselinePolicy";
import { ALL_APPLICATIONS, allUsersTarget, EVERY_TIME, PolicyContext } from "./context";
import { DISPLAY_NAME_PREFIX } from "./wellKnownIds";

/** Require a secure password change (MFA and password change) for high-risk users, every time (P2). */
export function userRiskPasswordChangePolicy(ctx: PolicyContext): BaselinePolicy {
  return {
    key: "userRiskPasswordChange",
    templateId: "634b6de7-c38d-4357-a2c7-3842706eedd7",
    minimumPlan: "p2",
    policy: {
      displayName: `${DISPLAY_NAME_PREFIX} Require password change for high-risk users`,
      state: ctx.state,
      conditions: {
        users: allUsersTarget(ctx),
        applications: ALL_APPLICATIONS,
        clientAppTypes: ["all"],
        signInRiskLevels: [],
        userRiskLevels: ["high"],
      },
      grantControls: { operator: "AND", builtInControls: ["mfa", "passwordChange"] },
      sessionControls: EVERY_TIME,
    },
  };
}
