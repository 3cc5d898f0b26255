import type { Verdict } from "../../guard/rule";
import type { GuardInput } from "../../guard/input";
import { adoptStep, matchStackPolicies, stackPoliciesOf } from "../policyMatch";
import { isMicrosoftManaged } from "../tenant";
import { liveRule, type LiveRule } from "./liveRule";

/**
 * Compliant: display names are unique in the tenant, and `pulumi up` never creates a policy
 * under a name the tenant already holds outside the stack's state (a lost state, another tool).
 */
export const liveDuplicateNames: LiveRule = liveRule({
  id: "EB-LIVE-DUPLICATE-NAME",
  description: "tenant display names are unique, and no policy is created under a name the tenant already holds",
  check: (tenant, stack: GuardInput): Verdict[] => {
    const findings: Verdict[] = [];
    const byName = new Map<string, string[]>();
    for (const p of tenant.policies.filter((p) => !isMicrosoftManaged(p))) byName.set(p.displayName, [...(byName.get(p.displayName) ?? []), p.id]);
    for (const [displayName, ids] of byName) {
      if (ids.length < 2) continue;
      findings.push({
        severity: "warning",
        policy: displayName,
        message:
          `display name "${displayName}" is used by ${ids.length} tenant policies (${ids.join(", ")}): ` +
          `tools that find policies by name cannot tell them apart. ` +
          `Keep one: delete or rename the others in the portal`,
      });
    }
    for (const match of matchStackPolicies(tenant.policies, stackPoliciesOf(stack), tenant.namedLocations)) {
      if (match.tenant || match.sameName.length === 0) continue;
      const [existing] = match.sameName;
      findings.push({
        severity: stack.phase === "update" ? "error" : "warning",
        policy: match.policy.displayName,
        message:
          `pulumi up would create a second policy named "${match.policy.displayName}": ` +
          `the tenant holds ${existing.id}, which this stack's state does not (state lost, or made by another tool). ` +
          `Adopt it: ${adoptStep(match.key, existing.id)}`,
      });
    }
    return findings;
  },
});
