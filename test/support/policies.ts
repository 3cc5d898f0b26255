import type { PlanResult } from "../../documents/planResult";
import type { ConditionalAccessPolicy } from "../../policies/graphTypes";
import { BREAK_GLASS_USER } from "../fixtures/ids";

type Conditions = ConditionalAccessPolicy["conditions"];

/**
 * An enabled policy for all users but `excludeUsers`, on all cloud apps and every client, asking for MFA: a case
 * changes one thing (`conditions` replaces whole conditions, `grantControls` the grant).
 */
export function policyForEveryone(
  name: string,
  conditions: Partial<Conditions> & Record<string, unknown> = {},
  grantControls: ConditionalAccessPolicy["grantControls"] = { operator: "OR", builtInControls: ["mfa"] },
  excludeUsers: readonly string[] = [],
): ConditionalAccessPolicy {
  return {
    displayName: name,
    state: "enabled",
    conditions: {
      users: { includeUsers: ["All"], excludeUsers: [...excludeUsers], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ["all"],
      signInRiskLevels: [],
      userRiskLevels: [],
      ...conditions,
    },
    grantControls,
  } as ConditionalAccessPolicy;
}

/** A plan made by hand: a p2 tenant with Security Defaults off, one break-glass user, the given policies. */
export const handMadePlan = (policies: ConditionalAccessPolicy[], extra: Partial<PlanResult> = {}): PlanResult => ({
  stack: "hand-made",
  plan: "p2",
  protection: "conditionalAccess",
  securityDefaults: { isEnabled: false },
  breakGlass: { users: [BREAK_GLASS_USER], groups: [] },
  conditionalAccessPolicies: policies,
  resources: [],
  findings: [],
  ...extra,
});
