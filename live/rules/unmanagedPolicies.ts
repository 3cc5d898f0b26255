import type { Verdict } from "../../guard/rule";
import { matchStackPolicies, stackPoliciesOf } from "../policyMatch";
import { isMicrosoftManaged } from "../tenant";
import { liveRule, type LiveRule } from "./liveRule";

/**
 * Warns: enabled CA policies in the tenant that the stack does not manage (by the ids in its
 * state or adopted, else by name). Policies equivalent to a baseline one are left to
 * EB-LIVE-EQUIVALENT, which gives the adopt step; Microsoft-managed ones are named as such.
 */
export const unmanagedPolicies: LiveRule = liveRule({
  id: "EB-LIVE-UNMANAGED",
  description: "enabled policies in the tenant are managed by this stack, or known to be Microsoft-managed",
  check: (tenant, stack): Verdict[] => {
    const ownership = stackPoliciesOf(stack);
    const matches = matchStackPolicies(tenant.policies, ownership, tenant.namedLocations);

    const accounted = new Set(matches.flatMap((m) => [...(m.tenant ? [m.tenant] : []), ...m.equivalents]));
    const acknowledged = new Map((ownership.acknowledged ?? []).map((a) => [a.id.toLowerCase(), a]));
    const unmanaged = tenant.policies.filter((p) => p.state === "enabled" && !accounted.has(p));
    const microsoft = unmanaged.filter(isMicrosoftManaged);
    const leftOut = unmanaged.filter((p) => !isMicrosoftManaged(p) && acknowledged.has(p.id.toLowerCase()));
    const others = unmanaged.filter((p) => !isMicrosoftManaged(p) && !acknowledged.has(p.id.toLowerCase()));
    const findings: Verdict[] = [];
    if (leftOut.length > 0) {
      findings.push({
        severity: "info",
        message:
          `${leftOut.length} enabled policies are left out of this stack on purpose (unmanagedPolicies) and still apply to sign-ins: ` +
          leftOut.map((p) => `"${p.displayName}" (${acknowledged.get(p.id.toLowerCase())!.reason})`).join(", "),
      });
    }
    const tenantIds = new Set(tenant.policies.map((p) => p.id.toLowerCase()));
    const gone = [...acknowledged.values()].filter((a) => !tenantIds.has(a.id.toLowerCase()));
    if (gone.length > 0) {
      findings.push({
        severity: "info",
        message:
          `unmanagedPolicies lists policies the tenant no longer has: ${gone.map((a) => `"${a.displayName}" (${a.id})`).join(", ")}; ` +
          "remove them from the list",
      });
    }
    if (others.length > 0) {
      findings.push({
        severity: "warning",
        message:
          `${others.length} enabled policies in the tenant are not in this stack: ${others.map((p) => `"${p.displayName}"`).join(", ")}; ` +
          `they still apply to sign-ins. ` +
          `Bring them into a stack (docs/brownfield.md: npm run export writes them as custom policies), or disable them in the portal`,
      });
    }
    if (microsoft.length > 0) {
      findings.push({
        severity: "info",
        message:
          `Microsoft-managed policies also apply: ${microsoft.map((p) => `"${p.displayName}"`).join(", ")}; ` + `Microsoft maintains them, they are not drift`,
      });
    }
    return findings;
  },
});
