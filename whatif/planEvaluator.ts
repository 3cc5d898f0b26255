import type { PlannedPolicies } from "./plannedPolicies";
import { evaluator } from "./evaluate";
import { SECURITY_DEFAULTS_MODEL, securityDefaultsEvaluation } from "./securityDefaults";
import type { Evaluation, SignIn } from "./signIn";

/**
 * Sign-ins against a plan: its CA policies, and Security Defaults when the plan keeps them on
 * (then no CA policy can be enabled, and report-only ones are still listed).
 */
export function planEvaluator(
  plan: Pick<PlannedPolicies, "securityDefaults" | "conditionalAccessPolicies" | "namedLocations" | "mfaTrustedIps">,
): (signIn: SignIn) => Evaluation {
  const ca = evaluator(plan.conditionalAccessPolicies, {
    namedLocations: plan.namedLocations,
    ...(plan.mfaTrustedIps ? { mfaTrustedIps: plan.mfaTrustedIps } : {}),
  });
  if (!plan.securityDefaults.isEnabled) return ca;
  return (signIn) => {
    const fromCa = ca(signIn);
    const fromDefaults = securityDefaultsEvaluation(signIn);
    return {
      ...fromDefaults,
      applied: [...fromDefaults.applied, ...fromCa.applied],
      reportOnly: fromCa.reportOnly,
      simplifications: [SECURITY_DEFAULTS_MODEL, ...(fromCa.simplifications ?? [])],
    };
  };
}
