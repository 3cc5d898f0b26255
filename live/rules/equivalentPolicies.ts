import type { Verdict } from "../../guard/rule";
import type { GuardInput } from "../../guard/input";
import { adoptStep, matchStackPolicies, stackPoliciesOf } from "../policyMatch";
import type { TenantPolicy } from "../tenant";
import { liveRule, type LiveRule } from "./liveRule";

export const STATE_WORDS: Readonly<Record<string, string>> = { enabled: "enabled", enabledForReportingButNotEnforced: "report-only", disabled: "disabled" };

export const describeTenantPolicy = (p: TenantPolicy) => `"${p.displayName}" (${p.id}, ${STATE_WORDS[p.state] ?? p.state})`;

/**
 * Compliant: no policy is created beside a tenant policy that already enforces the same thing
 * (same users, roles, groups, apps, client apps, risk levels and grant, whatever its name or
 * state). Beside an enabled one `pulumi up` is refused, with the adopt step; in a preview it warns.
 */
export const equivalentPolicies: LiveRule = liveRule({
  id: "EB-LIVE-EQUIVALENT",
  description: "no baseline policy is created beside a tenant policy that already enforces the same thing",
  check: (tenant, stack: GuardInput): Verdict[] => {
    const findings: Verdict[] = [];
    for (const match of matchStackPolicies(tenant.policies, stackPoliciesOf(stack), tenant.namedLocations)) {
      const name = match.policy.displayName;
      const enabled = match.equivalents.filter((p) => p.state === "enabled");
      if (match.tenant) {
        if (enabled.length > 0) {
          findings.push({
            severity: "warning",
            policy: name,
            message:
              `tenant policies ${enabled.map(describeTenantPolicy).join(", ")} enforce the same as "${name}", which this stack manages (${match.tenant.id}): ` +
              `duplicates. Delete them in the portal once "${name}" is enabled`,
          });
        }
        continue;
      }
      // Equivalents come enabled first: the first is the one to adopt. A same-name one is EB-LIVE-DUPLICATE-NAME's.
      const [first, ...rest] = match.equivalents.filter((p) => !match.sameName.includes(p));
      if (!first) continue;
      const others = rest.length > 0 ? ` (also ${rest.map(describeTenantPolicy).join(", ")})` : "";
      if (first.state === "enabled") {
        findings.push({
          severity: stack.phase === "update" ? "error" : "warning",
          policy: name,
          message:
            `pulumi up would create "${name}" beside tenant policy ${describeTenantPolicy(first)}${others}, ` +
            `which already enforces the same thing: two copies of one rule. Adopt it instead: ${adoptStep(match.key, first.id)}`,
        });
      } else {
        findings.push({
          severity: "info",
          policy: name,
          message:
            `tenant policy ${describeTenantPolicy(first)}${others} enforces the same as "${name}"; ` +
            `adopt it rather than keep both: ${adoptStep(match.key, first.id)}`,
        });
      }
    }
    return findings;
  },
});
