import type { Verdict } from "../../guard/rule";
import { rollbackOrder } from "../../guard/transitions/rollbackOrder";
import { liveRule, type LiveRule } from "./liveRule";

/**
 * Compliant: Security Defaults are turned on only when the tenant has no CA policy at all
 * (any state, this stack's or not), and enabled policies are declared only when Security
 * Defaults are off or this stack turns them off first.
 */
export const liveSecurityDefaultsConflict: LiveRule = liveRule({
  id: "EB-LIVE-SD-CONFLICT",
  description: "Security Defaults and the tenant's CA policies never meet in a state Graph refuses",
  check: (tenant, stack): Verdict[] => {
    const findings: Verdict[] = rollbackOrder.check(tenant, stack).map((f) => ({
      ...f,
      message: `${f.message}. Policies made in the portal count too: delete them there first`,
    }));
    const enabled = stack.policies.filter((p) => p.state === "enabled");
    if (tenant.securityDefaults.isEnabled && stack.managesSecurityDefaults === false && enabled.length > 0) {
      findings.push({
        severity: "error",
        message:
          `Security Defaults are on in the tenant and this stack does not manage them, but it enables ${enabled.length} policies; ` +
          `Graph refuses them ("Security Defaults is enabled in the tenant"). ` +
          `Manage Security Defaults in the stack (protection: conditionalAccess) or turn them off first`,
      });
    }
    return findings;
  },
});
