import type { Finding } from "../../guard/finding";
import { isMicrosoftManaged } from "../tenant";
import type { LiveRule } from "./liveRule";

/** Warns: enabled CA policies in the tenant that the stack does not declare (Microsoft-managed ones named as such). */
export const unmanagedPolicies: LiveRule = {
  id: "EB-LIVE-UNMANAGED",
  description: "enabled policies in the tenant are declared by this stack, or known to be Microsoft-managed",
  check: (tenant, stack): Finding[] => {
    const declared = new Set(stack.policies.map((p) => p.displayName));
    const unmanaged = tenant.policies.filter((p) => p.state === "enabled" && !declared.has(p.displayName));
    const microsoft = unmanaged.filter(isMicrosoftManaged);
    const others = unmanaged.filter((p) => !isMicrosoftManaged(p));
    const findings: Finding[] = [];
    if (others.length > 0) {
      findings.push({
        rule: "EB-LIVE-UNMANAGED",
        severity: "warning",
        message: `${others.length} enabled policies in the tenant are not in this stack: ${others.map((p) => `"${p.displayName}"`).join(", ")}; they still apply to sign-ins. Import them into the stack, or disable them in the portal`,
      });
    }
    if (microsoft.length > 0) {
      findings.push({
        rule: "EB-LIVE-UNMANAGED",
        severity: "info",
        message: `Microsoft-managed policies also apply: ${microsoft.map((p) => `"${p.displayName}"`).join(", ")}; Microsoft maintains them, they are not drift`,
      });
    }
    return findings;
  },
};
