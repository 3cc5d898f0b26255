import type { BaselinePolicy } from "./baselinePolicy";
import { allUsersTarget, PolicyContext } from "./context";
import { AZURE_MANAGEMENT_APP_ID, DISPLAY_NAME_PREFIX } from "./wellKnownIds";

/** Require MFA for Azure management: Security Defaults protects it, so the CA set must too (P1). */
export function azureManagementMfaPolicy(ctx: PolicyContext): BaselinePolicy {
  return {
    key: "azureManagementMfa",
    templateId: "d8c51a9a-e6b1-454d-86af-554e7872e2c1",
    minimumPlan: "p1",
    policy: {
      displayName: `${DISPLAY_NAME_PREFIX} Require multifactor authentication for Azure management`,
      state: ctx.state,
      conditions: {
        users: allUsersTarget(ctx),
        applications: { includeApplications: [AZURE_MANAGEMENT_APP_ID], excludeApplications: [], includeUserActions: [] },
        clientAppTypes: ["all"],
        signInRiskLevels: [],
        userRiskLevels: [],
      },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    },
  };
}
