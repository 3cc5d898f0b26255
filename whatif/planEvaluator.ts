import type { PlannedPolicies } from "./plannedPolicies";
import { evaluator } from "./evaluate";
import { Exclusion, exclusionsOf } from "./exclusions";
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

/** The plan's policies that would apply to the sign-in but exclude its user, and by which exclusion (break-glass marked). */
export function planExclusions(
  plan: Pick<PlannedPolicies, "breakGlass" | "conditionalAccessPolicies" | "namedLocations" | "mfaTrustedIps">,
  signIn: SignIn,
): Exclusion[] {
  return exclusionsOf(plan.conditionalAccessPolicies, signIn, {
    namedLocations: plan.namedLocations,
    breakGlass: plan.breakGlass,
    ...(plan.mfaTrustedIps ? { mfaTrustedIps: plan.mfaTrustedIps } : {}),
  });
}
