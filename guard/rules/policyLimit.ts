import { guardRule, type GuardRule } from "../input";

/** Entra allows at most 195 Conditional Access policies per tenant. */
export const MAX_POLICIES = 195;

/** Compliant: at most 195 policies. */
export const policyLimit: GuardRule = guardRule({
  id: "EB-POLICY-LIMIT",
  description: `at most ${MAX_POLICIES} Conditional Access policies (Entra's tenant limit)`,
  check: (input) =>
    input.policies.length > MAX_POLICIES
      ? [
          {
            severity: "error",
            message:
              `${input.policies.length} Conditional Access policies are declared, over Entra's limit of ${MAX_POLICIES}; ` +
              `merge or remove ${input.policies.length - MAX_POLICIES}`,
          },
        ]
      : [],
});
