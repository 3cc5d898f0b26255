import { guardRule, type GuardRule } from "../input";
import { usesRisk } from "../policyFacts";

/** Compliant: sign-in risk and user risk conditions are declared only on plan p2 (Identity Protection). */
export const licenceRiskP2: GuardRule = guardRule({
  id: "EB-LICENCE-RISK-P2",
  description: "risk-based policies are declared only on plan p2",
  check: (input) => {
    if (input.plan === "p2" || input.plan === "free") return [];
    return input.policies.filter(usesRisk).map((p) => ({
      severity: "error" as const,
      policy: p.displayName,
      message:
        `"${p.displayName}" uses a risk condition, which needs Entra ID P2 (Graph answers error 1039), but plan is "${input.plan}"; ` +
        `set it to false under policies, or set plan: p2`,
    }));
  },
});
