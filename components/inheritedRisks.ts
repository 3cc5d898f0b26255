import { createHash } from "crypto";
import { isGapRule } from "../config/types";
import type { BaselineConfig } from "../config/keys";
import type { InheritedRiskSetting } from "../config/args";
import { statedPolicy } from "../config/graph/policyShape";
import { READ_ONLY_POLICY_FIELDS } from "../config/graph/policyFields";
import type { Finding } from "../guard/finding";
import type { GuardInput } from "../guard/input";
import { GUARD_RULES } from "../guard/rules";
import type { LiveTenant } from "../live/tenant";

/** Any value with its object keys sorted and its lists of plain values sorted: Graph keeps neither order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.every((v) => typeof v !== "object" || v === null) ? [...items].sort((a, b) => String(a).localeCompare(String(b))) : items;
  }
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The SHA-256 of what a policy does: its stated content (the one field declaration's walk, so Graph's GET shape and
 * the stack's custom policy read alike), without its id and read-only fields, named locations as their tenant object
 * ids (`locationIds` maps a stack's location keys to them), object ids in lower case, keys and lists in a fixed order.
 */
export function policyContentHash(graph: Readonly<Record<string, any>>, locationIds: Readonly<Record<string, string>> = {}): string {
  const stated = statedPolicy(graph);
  for (const field of READ_ONLY_POLICY_FIELDS) delete stated[field];
  const locations = stated.conditions?.locations;
  for (const side of ["includeLocations", "excludeLocations"]) {
    if (Array.isArray(locations?.[side])) locations[side] = locations[side].map((v: string) => locationIds[v] ?? v);
  }
  const lowered = JSON.parse(JSON.stringify(stated), (_key, v) => (typeof v === "string" && /^[0-9A-F-]{36}$/i.test(v) ? v.toLowerCase() : v));
  return createHash("sha256")
    .update(JSON.stringify(canonical(lowered)))
    .digest("hex");
}

/** The stack's named-location keys with the tenant object id each adopts. */
const locationIdsOf = (config: BaselineConfig): Record<string, string> =>
  Object.fromEntries(Object.entries(config.namedLocations).flatMap(([key, l]) => (l.id ? [[key, l.id]] : [])));

/** Why an inherited risk no longer holds (a policy changed, here or in the tenant, or could not be checked); undefined while it holds. */
function changedSince(risk: InheritedRiskSetting, config: BaselineConfig, phase: GuardInput["phase"], tenant?: LiveTenant): string | undefined {
  const locationIds = locationIdsOf(config);
  for (const [key, exported] of Object.entries(risk.policies)) {
    const declared = config.customPolicies.find((p) => p.key === key)?.graph;
    if (!declared || String(declared.id ?? "").toLowerCase() !== exported.id.toLowerCase())
      return `customPolicies.${key} is no longer tenant policy ${exported.id}`;
    if (policyContentHash(declared, locationIds) !== exported.sha256) return `customPolicies.${key} changed since the export`;
    if (tenant) {
      const held = tenant.policies.find((p) => p.id.toLowerCase() === exported.id.toLowerCase());
      if (!held?.graph) return `the tenant no longer holds ${exported.id}`;
      if (policyContentHash(held.graph) !== exported.sha256) return `tenant policy ${exported.id} changed since the export`;
    } else if (phase === "update") {
      return "pulumi up did not read the tenant (give it Graph credentials, liveChecks: auto), so the policy cannot be shown unchanged";
    }
  }
  return undefined;
}

/**
 * Guard errors that are inherited risks, unchanged since the export, as warnings that name the risk and keep its fix;
 * every other error stays an error. A finding matches an inherited risk only by rule and exact text, and only while
 * every policy it comes from is the tenant's policy with the content hashed at export, in the stack and (when read)
 * in the tenant: a new policy, a changed one, or a new or worse finding is refused as always.
 */
export function applyInheritedRisks(findings: readonly Finding[], config: BaselineConfig, phase: GuardInput["phase"], tenant?: LiveTenant): Finding[] {
  return acknowledgeInheritedRisks(findings, config.inheritedRisks, (risk) => changedSince(risk, config, phase, tenant));
}

/**
 * The one reading of `inheritedRisks` that the program and the policy pack share: an error whose rule and exact text
 * an entry records becomes a warning naming the risk while `changed` finds nothing (each caller checks the policies
 * it can see), else stays an error saying why the risk is no longer inherited; an entry no finding matches any more
 * is an info (the risk is fixed).
 */
export function acknowledgeInheritedRisks(
  findings: readonly Finding[],
  risks: readonly InheritedRiskSetting[],
  changed: (risk: InheritedRiskSetting) => string | undefined,
): Finding[] {
  if (risks.length === 0) return [...findings];
  const found = new Set<number>();
  const out = findings.map((f): Finding => {
    if (f.severity !== "error") return f;
    const i = risks.findIndex((r) => r.rule === f.rule && r.finding === f.message);
    if (i < 0) return f;
    found.add(i);
    const why = changed(risks[i]);
    const policies = Object.keys(risks[i].policies)
      .map((k) => `customPolicies.${k}`)
      .join(", ");
    if (why !== undefined) return { ...f, message: `${f.message} (not inherited any more: ${why}; fix the risk, or export the tenant again)` };
    return { ...f, severity: "warning", message: `inherited risk, unchanged since the export (${policies}): ${f.message}`, inherited: true };
  });
  risks.forEach((r, i) => {
    if (found.has(i)) return;
    out.push({
      rule: r.rule,
      severity: "info",
      message: `inheritedRisks[${i}] (${Object.keys(r.policies).join(", ")}) is no longer found: the risk is fixed; remove the entry`,
    });
  });
  return out;
}

/**
 * The inherited risks of an exported stack: each guard error that comes from exported custom policies, with each
 * policy's tenant id and content hash. A finding that names a policy comes from it; one that does not (the lockout
 * proof) comes from every custom policy whose removal makes it go. A finding no exported policy causes (no
 * break-glass account at all) is not inheritable: the stack must fix it.
 */
export function findInheritedRisks(config: BaselineConfig, inputOf: (config: BaselineConfig) => GuardInput): InheritedRiskSetting[] {
  const locationIds = locationIdsOf(config);
  const input = inputOf(config);
  const custom = config.customPolicies.filter((p) => p.graph && typeof p.graph.id === "string");
  const risks: InheritedRiskSetting[] = [];
  // Gaps are the acceptedGaps key's (the export accepts the tenant's own by name); every other error may be inherited.
  for (const rule of GUARD_RULES.filter((r) => !isGapRule(r.id))) {
    let findings: Finding[];
    try {
      findings = rule.check(input).filter((f) => f.severity === "error");
    } catch {
      continue;
    }
    for (const f of findings) {
      const named = custom.filter((p) => f.policy !== undefined && p.graph!.displayName === f.policy);
      const involved =
        named.length > 0 || f.policy !== undefined
          ? named
          : custom.filter((p) => {
              const without = { ...config, customPolicies: config.customPolicies.filter((q) => q !== p) };
              return !rule.check(inputOf(without)).some((g) => g.severity === "error" && g.message === f.message);
            });
      if (involved.length === 0) continue;
      risks.push({
        rule: f.rule,
        finding: f.message,
        policies: Object.fromEntries(involved.map((p) => [p.key, { id: String(p.graph!.id).toLowerCase(), sha256: policyContentHash(p.graph!, locationIds) }])),
      });
    }
  }
  return risks;
}
