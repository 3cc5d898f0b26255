import type { Finding } from "./finding";
import type { GuardInput } from "./input";
import { runRules, type RunnableRule } from "./rule";
import { GUARD_RULES } from "./rules";
import { applyAcceptedGaps } from "./acceptedGaps";

/**
 * Runs every rule over the whole declared set and returns every finding, the stack's accepted gaps
 * applied (guard/acceptedGaps.ts). A rule that throws is reported as an error finding (`runRules`),
 * never swallowed: a broken check must not pass.
 */
export function runGuard(input: GuardInput, rules: readonly RunnableRule<[input: GuardInput]>[] = GUARD_RULES): Finding[] {
  const { findings, broken } = runRules(rules, input);
  // Never softened by an accepted gap: a rule that cannot answer has not found the gap it accepts.
  const answered = new Set(rules.map((rule) => rule.id).filter((id) => !broken.some((f) => f.rule === id)));
  return [...applyAcceptedGaps(findings, input.acceptedGaps, answered), ...broken];
}

export const errorsOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === "error");

/** One message listing every error finding, for a rejected configuration. */
export function formatRejection(findings: readonly Finding[]): string {
  const lines = errorsOf(findings).map((f) => `  - [${f.rule}] ${f.message}`);
  return [`entra-baseline guard refused the configuration due to the following finding(s):`, ...lines].join("\n");
}
