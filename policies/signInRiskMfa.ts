import type { SignInRiskMfaOptions, SignInRiskSetting } from "../config/types";
import type { BaselinePolicy } from "./baselinePolicy";
import { ALL_APPLICATIONS, allUsersTarget, EVERY_TIME, PolicyContext } from "./context";
import { DISPLAY_NAME_PREFIX } from "./wellKnownIds";

// Microsoft's template lists the levels highest first.
const LEVEL_ORDER: readonly SignInRiskSetting[] = ["high", "medium", "low"];

/** Require MFA for risky sign-ins (medium and high by default), every time (P2: Identity Protection). */
export function signInRiskMfaPolicy(ctx: PolicyContext, options: SignInRiskMfaOptions = {}): BaselinePolicy {
  const levels = options.levels ?? ["medium", "high"];
  return {
    key: "signInRiskMfa",
    templateId: "6b619f55-792e-45dc-9711-d83ec9d7ae90",
    minimumPlan: "p2",
    policy: {
      displayName: `${DISPLAY_NAME_PREFIX} Require multifactor authentication for risky sign-ins`,
      state: ctx.state,
      conditions: {
        users: allUsersTarget(ctx),
        applications: ALL_APPLICATIONS,
        clientAppTypes: ["all"],
        signInRiskLevels: LEVEL_ORDER.filter((level) => levels.includes(level)),
        userRiskLevels: [],
      },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
      sessionControls: EVERY_TIME,
    },
  };
}
