import type { AllUsersMfaOptions } from "../config/types";
import type { BaselinePolicy } from "./baselinePolicy";
import { ALL_APPLICATIONS, allUsersTarget, PolicyContext } from "./context";
import { DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE, DISPLAY_NAME_PREFIX } from "./wellKnownIds";

/** Require MFA for all users, Directory Synchronization Accounts excluded as in Microsoft's template (P1). */
export function allUsersMfaPolicy(ctx: PolicyContext, options: AllUsersMfaOptions = {}): BaselinePolicy {
  return {
    key: "allUsersMfa",
    templateId: "a3d0a415-b068-4326-9251-f9cdf9feeb64",
    minimumPlan: "p1",
    policy: {
      displayName: `${DISPLAY_NAME_PREFIX} Require multifactor authentication for all users`,
      state: ctx.state,
      conditions: {
        users: allUsersTarget(ctx, {
          excludeUsers: options.excludeUsers,
          excludeGroups: options.excludeGroups,
          excludeRoles: [DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE],
        }),
        applications: ALL_APPLICATIONS,
        clientAppTypes: ["all"],
        signInRiskLevels: [],
        userRiskLevels: [],
      },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    },
  };
}
