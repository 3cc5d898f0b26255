import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { CompiledPolicy, compilePolicy } from "./compile";
import type { Evaluation, Requirement, SignIn } from "./signIn";

/**
 * Conditional Access as Entra applies it to one sign-in: every enabled policy that applies must
 * be satisfied (AND across policies); a block wins; report-only and disabled policies never
 * enforce (report-only ones are listed). Simplifications are listed in docs/whatif.md.
 */
export function evaluateCompiled(policies: readonly CompiledPolicy[], signIn: SignIn): Evaluation {
  const applied: string[] = [];
  const reportOnly: string[] = [];
  const blockedBy: string[] = [];
  const requirements: Requirement[] = [];
  for (const policy of policies) {
    if (policy.state === "disabled" || !policy.applies(signIn)) continue;
    if (policy.state === "enabledForReportingButNotEnforced") {
      reportOnly.push(policy.name);
      continue;
    }
    applied.push(policy.name);
    if (policy.blocks) blockedBy.push(policy.name);
    else if (policy.requirement) requirements.push(policy.requirement);
  }
  const outcome =
    blockedBy.length > 0
      ? { kind: "blocked" as const, by: blockedBy }
      : requirements.length > 0
        ? { kind: "challenge" as const, requirements }
        : { kind: "allowed" as const };
  return { applied, reportOnly, outcome };
}

/** Compiles the policies once; the returned function evaluates sign-ins against them. */
export function evaluator(policies: readonly ConditionalAccessPolicy[]): (signIn: SignIn) => Evaluation {
  const compiled = policies.map(compilePolicy);
  return (signIn) => evaluateCompiled(compiled, signIn);
}

/** One sign-in against the policies. */
export function evaluate(policies: readonly ConditionalAccessPolicy[], signIn: SignIn): Evaluation {
  return evaluator(policies)(signIn);
}

/** Whether a challenge can be met by a user who does MFA (and changes a password when asked): no device or app control. */
export function satisfiableByMfa(requirements: readonly Requirement[]): boolean {
  const byMfa = (c: Requirement["controls"][number]) => c.kind === "mfa" || c.kind === "authenticationStrength" || c.kind === "passwordChange";
  return requirements.every((r) => (r.operator === "OR" ? r.controls.some(byMfa) : r.controls.every(byMfa)));
}

/** Whether the outcome asks for MFA (or an authentication strength) at all. */
export function requiresMfa(evaluation: Evaluation): boolean {
  return (
    evaluation.outcome.kind === "challenge" &&
    evaluation.outcome.requirements.some((r) =>
      r.operator === "AND" ? r.controls.some((c) => c.kind === "mfa" || c.kind === "authenticationStrength") : r.controls.every((c) => c.kind === "mfa" || c.kind === "authenticationStrength"),
    )
  );
}
