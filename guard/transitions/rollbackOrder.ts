import { transitionRule, type TransitionRule } from "./transition";

/**
 * Compliant: Security Defaults are turned on only in a tenant without CA policies. Graph refuses
 * it otherwise, and Pulumi deletes removed resources only after it has updated the others, so
 * removing the policies in the same update is too late.
 */
export const rollbackOrder: TransitionRule = transitionRule({
  id: "EB-MIGRATE-ROLLBACK-ORDER",
  description: "rollback: the policies are removed in one update, Security Defaults turned on in the next",
  check: (before, after) => {
    if (before.securityDefaults.isEnabled || !after.securityDefaults.isEnabled || before.policies.length === 0) return [];
    const names = before.policies.map((p) => `"${p.displayName}"`).join(", ");
    return [
      {
        severity: "error",
        message:
          `Security Defaults would be turned on while the tenant still has ${before.policies.length} Conditional Access policies (${names}); ` +
          `Graph refuses this. ` +
          `Rollback step 1: keep protection: conditionalAccess, set every policy to false under policies and pulumi up; ` +
          `step 2: then set protection: securityDefaults and pulumi up`,
      },
    ];
  },
});
