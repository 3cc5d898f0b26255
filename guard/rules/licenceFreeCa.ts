import { guardRule, type GuardRule } from "../input";

/** Compliant: a tenant without Entra ID P1/P2 (plan free) declares no Conditional Access policy. */
export const licenceFreeCa: GuardRule = guardRule({
  id: "EB-LICENCE-FREE-CA",
  description: "the free plan declares no Conditional Access policy (Conditional Access needs Entra ID P1)",
  check: (input) => {
    const problems = [];
    if (input.plan === "free" && input.protection === "conditionalAccess") {
      problems.push({
        severity: "error" as const,
        message:
          `protection "conditionalAccess" needs Entra ID P1, but plan is "free"; ` +
          `set protection: securityDefaults, or set plan to p1 or p2 if the tenant has that licence`,
      });
    }
    if (input.plan === "free") {
      for (const p of input.policies) {
        problems.push({
          severity: "error" as const,
          policy: p.displayName,
          message:
            `"${p.displayName}" is a Conditional Access policy, which needs Entra ID P1, but plan is "free"; ` +
            `remove it from policies (set it to false) or set plan to p1 or p2`,
        });
      }
    }
    return problems;
  },
});
