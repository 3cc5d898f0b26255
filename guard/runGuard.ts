import type { Finding } from "./finding";
import type { GuardInput, GuardRule } from "./input";
import { GUARD_RULES } from "./rules";

/**
 * Runs every rule over the whole declared set and returns every finding. A rule that
 * throws is reported as an error finding, never swallowed: a broken check must not pass.
 */
export function runGuard(input: GuardInput, rules: readonly GuardRule[] = GUARD_RULES): Finding[] {
  return rules.flatMap((rule) => {
    try {
      return rule.check(input);
    } catch (err) {
      return [
        {
          rule: rule.id,
          severity: "error" as const,
          message: `the rule could not be evaluated (${(err as Error).message}); fix the input it names or report a bug`,
        },
      ];
    }
  });
}

export const errorsOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === "error");

/** One message listing every error finding, for a rejected configuration. */
export function formatRejection(findings: readonly Finding[]): string {
  const lines = errorsOf(findings).map((f) => `  - [${f.rule}] ${f.message}`);
  return [`entra-baseline guard refused the configuration due to the following finding(s):`, ...lines].join("\n");
}
