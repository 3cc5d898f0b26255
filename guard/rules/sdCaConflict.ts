import { guardRule, type GuardRule } from "../input";
import { isEnabled } from "../policyFacts";

/** Compliant: Security Defaults are off, or no Conditional Access policy is enabled. */
export const sdCaConflict: GuardRule = guardRule({
  id: "EB-SD-CA-CONFLICT",
  description: "Security Defaults and enabled Conditional Access policies are never declared together",
  check: (input) => {
    if (!input.securityDefaults.isEnabled) return [];
    return input.policies.filter(isEnabled).map((p) => ({
      severity: "error" as const,
      policy: p.displayName,
      message:
        `"${p.displayName}" is enabled while Security Defaults stay on; Graph refuses this ("Security Defaults is enabled in the tenant"). ` +
        `Set its state to reportOnly to stage it, or set protection: conditionalAccess to turn Security Defaults off in the same update`,
    }));
  },
});
