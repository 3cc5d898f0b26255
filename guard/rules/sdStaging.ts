import { guardRule, type GuardRule } from "../input";
import { isEnabled } from "../policyFacts";

/** Informs: Security Defaults on with report-only or disabled policies is the staging step before cut-over. */
export const sdStaging: GuardRule = guardRule({
  id: "EB-SD-STAGING",
  description: "report-only or disabled policies beside Security Defaults are staging, and are reported as such",
  check: (input) => {
    const staged = input.policies.filter((p) => !isEnabled(p));
    if (!input.securityDefaults.isEnabled || staged.length === 0) return [];
    return [
      {
        severity: "info",
        message:
          `staging: Security Defaults enforce MFA while ${staged.length} Conditional Access policies are report-only or disabled; ` +
          `review their sign-in logs, then cut over with protection: conditionalAccess and policyState: enabled`,
      },
    ];
  },
});
