import { isEnabled } from "../policyFacts";
import { transitionRule, type TransitionRule } from "./transition";

/**
 * Compliant: at cut-over (Security Defaults on → off), every policy that becomes enforced has
 * run report-only first, so its effect on sign-ins was seen before it blocks anyone.
 */
export const cutoverStaged: TransitionRule = transitionRule({
  id: "EB-MIGRATE-CUTOVER-UNSTAGED",
  description: "cut-over enforces only policies that were staged report-only beside Security Defaults",
  check: (before, after) => {
    if (!before.securityDefaults.isEnabled || after.securityDefaults.isEnabled) return [];
    const staged = new Set(before.policies.filter((p) => p.state === "enabledForReportingButNotEnforced").map((p) => p.displayName));
    return after.policies
      .filter((p) => isEnabled(p) && !staged.has(p.displayName))
      .map((p) => ({
        severity: "error" as const,
        policy: p.displayName,
        message:
          `"${p.displayName}" would be enforced at cut-over without having run report-only; ` +
          `staging step: keep protection: securityDefaults with this policy in state reportOnly, pulumi up, ` +
          `review its report-only results in the sign-in logs, then cut over`,
      }));
  },
});
