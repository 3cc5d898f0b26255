import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { unmodelledConditions } from "../policies/customPolicy";
import { CompiledPolicy, compilePolicy, SignInContext } from "./compile";
import type { Control, Evaluation, Requirement, SignIn } from "./signIn";

/**
 * Conditional Access as Entra applies it to one sign-in, given policies whose non-user
 * conditions are already known to hold or not: every enabled policy that applies must be
 * satisfied (AND across policies); a block wins; report-only policies never enforce but are
 * listed; disabled ones are ignored. Simplifications are listed in docs/whatif.md.
 */
function decide(candidates: readonly CompiledPolicy[], signIn: SignIn): Evaluation {
  const applied: string[] = [];
  const reportOnly: string[] = [];
  let blockedBy: string[] | undefined;
  let requirements: Requirement[] | undefined;
  for (const policy of candidates) {
    if (policy.state === "disabled" || !policy.appliesToUser(signIn)) continue;
    if (policy.state === "enabledForReportingButNotEnforced") {
      reportOnly.push(policy.name);
      continue;
    }
    applied.push(policy.name);
    if (policy.blocks) (blockedBy ??= []).push(policy.name);
    else if (policy.requirement) (requirements ??= []).push(policy.requirement);
  }
  const outcome = blockedBy
    ? { kind: "blocked" as const, by: blockedBy }
    : requirements
      ? { kind: "challenge" as const, requirements }
      : { kind: "allowed" as const };
  return { applied, reportOnly, outcome };
}

/** One sign-in against compiled policies (see {@link evaluator} for many sign-ins). */
export function evaluateCompiled(policies: readonly CompiledPolicy[], signIn: SignIn): Evaluation {
  return decide(
    policies.filter((p) => p.appliesToContext(signIn)),
    signIn,
  );
}

/**
 * Compiles the policies once; the returned function evaluates sign-ins against them. The
 * policies whose client, app and risk conditions hold are remembered per distinct context, so
 * a stream of sign-ins only tests each policy's users condition.
 */
export function evaluator(policies: readonly ConditionalAccessPolicy[]): (signIn: SignIn) => Evaluation {
  // Policies narrowed by conditions the evaluator does not model are left out (policies/customPolicy.ts).
  const compiled = policies.filter((p) => unmodelledConditions(p).length === 0).map(compilePolicy).filter((p) => p.state !== "disabled");
  const byContext = new Map<string, readonly CompiledPolicy[]>();
  const candidatesFor = (s: SignInContext) => {
    const key = `${s.clientAppType}\u0000${s.applicationId}\u0000${s.signInRisk}\u0000${s.userRisk}`;
    let candidates = byContext.get(key);
    if (!candidates) {
      candidates = compiled.filter((p) => p.appliesToContext(s));
      if (byContext.size > 10_000) byContext.clear();
      byContext.set(key, candidates);
    }
    return candidates;
  };
  return (signIn) => decide(candidatesFor(signIn), signIn);
}

/** One sign-in against the policies. */
export function evaluate(policies: readonly ConditionalAccessPolicy[], signIn: SignIn): Evaluation {
  return evaluator(policies)(signIn);
}

/** Whether a user who does MFA (and changes a password when asked) meets the control: not a device or app control. */
const metByMfa = (c: Control) => c.kind === "mfa" || c.kind === "authenticationStrength" || c.kind === "passwordChange";
/** Whether the control is MFA or an authentication strength. */
const isMfa = (c: Control) => c.kind === "mfa" || c.kind === "authenticationStrength";

/** Whether a challenge can be met by a user who does MFA (and changes a password when asked): no device or app control needed. */
export function satisfiableByMfa(requirements: readonly Requirement[]): boolean {
  return requirements.every((r) => (r.operator === "OR" ? r.controls.some(metByMfa) : r.controls.every(metByMfa)));
}

/** Whether the outcome guarantees MFA (or an authentication strength): no way through without it. */
export function requiresMfa(evaluation: Evaluation): boolean {
  return (
    evaluation.outcome.kind === "challenge" &&
    evaluation.outcome.requirements.some((r) => (r.operator === "AND" ? r.controls.some(isMfa) : r.controls.every(isMfa)))
  );
}
