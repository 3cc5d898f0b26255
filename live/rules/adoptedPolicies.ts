import type { Verdict } from "../../guard/rule";
import type { GuardInput } from "../../guard/input";
import { policyChanges } from "../drift";
import { isEquivalent, unmodelledParts } from "../equivalence";
import { locationLookupsOf, stackPoliciesOf } from "../policyMatch";
import { isMicrosoftManaged } from "../tenant";
import { STATE_WORDS } from "./equivalentPolicies";
import { liveRule, type LiveRule } from "./liveRule";

const show = (value: unknown) => (Array.isArray(value) ? `[${value.join(", ")}]` : JSON.stringify(value ?? null));

const refuse = (key: string, message: string): Verdict => ({ severity: "error", message: `entra-baseline:adopt.${key}: ${message}` });

/**
 * Compliant: every adopted id is a policy of the tenant, not Microsoft-managed, not in the
 * stack's state under another key, and either equivalent to the baseline policy or adopted with
 * `acceptChanges: true` after reading the change (`plan --against live` shows it).
 */
export const adoptedPolicies: LiveRule = liveRule({
  id: "EB-LIVE-ADOPT",
  description: "every adopted policy exists in the tenant and is equivalent, or its change is accepted",
  check: (tenant, stack: GuardInput): Verdict[] => {
    const ownership = stackPoliciesOf(stack);
    const locations = locationLookupsOf(ownership, tenant.namedLocations);
    const byId = new Map(tenant.policies.map((p) => [p.id.toLowerCase(), p]));
    const findings: Verdict[] = [];
    for (const { key, policy } of ownership.declared) {
      const entry = ownership.adopt[key];
      if (!entry) continue;
      const adopted = byId.get(entry.id.toLowerCase());
      const stateOwner = Object.entries(ownership.stateIds ?? {}).find(([k, id]) => k !== key && id.toLowerCase() === entry.id.toLowerCase())?.[0];
      if (!adopted) {
        findings.push(
          refuse(
            key,
            `no Conditional Access policy has id ${entry.id} in the tenant (${tenant.policies.length} read); ` +
              `copy the object id of the policy to adopt from the Entra admin center or npm run export, or remove the entry`,
          ),
        );
      } else if (isMicrosoftManaged(adopted)) {
        findings.push(refuse(key, `${entry.id} is "${adopted.displayName}", which Microsoft manages; it cannot be adopted. Remove the entry`));
      } else if (stateOwner) {
        findings.push(
          refuse(key, `${entry.id} is already managed by this stack as ${stateOwner}; one tenant policy cannot be two baseline policies. Remove the entry`),
        );
      } else if (!entry.acceptChanges && adopted.state === "enabled" && policy.state !== "enabled") {
        findings.push(
          refuse(
            key,
            `"${adopted.displayName}" (${entry.id}) is enabled, and the stack declares "${policy.displayName}" ${STATE_WORDS[policy.state] ?? policy.state}: ` +
              `adopting it would stop enforcing it. ` +
              `Set policies.${key}.state: enabled (or policyState: enabled), or accept it: { id: ${entry.id}, acceptChanges: true }`,
          ),
        );
      } else if (!entry.acceptChanges && !isEquivalent(policy, adopted, locations)) {
        const changes = policyChanges(adopted, policy).filter((c) => c.field !== "displayName" && c.field !== "state");
        const listed = [
          ...changes.map((c) => `${c.field}: ${show(c.tenant)} → ${show(c.declared)}`),
          ...unmodelledParts(adopted.graph).map((part) => `${part}: set in the tenant, not by the baseline`),
        ].join("; ");
        findings.push(
          refuse(
            key,
            `"${adopted.displayName}" (${entry.id}) does not enforce the same as "${policy.displayName}"; adopting it changes ${listed}. ` +
              `Read the change (npm run plan -- --against live), then accept it: entra-baseline:adopt.${key}: { id: ${entry.id}, acceptChanges: true }`,
          ),
        );
      }
    }
    return findings;
  },
});
