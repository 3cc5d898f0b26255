import { Document, isMap, YAMLMap } from "yaml";
import type { GraphClient } from "../graph/client";
import { CONDITIONAL_ACCESS_POLICY_ANSWER, NAMED_LOCATION_ANSWER, SUBSCRIBED_SKU_ANSWER } from "../graph/answerSchemas";
import { readSecurityDefaults } from "../graph/securityDefaults";
import { BUILT_IN_LOCATIONS, customPolicyIssues } from "../config/customPolicies";
import { setsAnything } from "../config/graphValues";
import { GUID } from "../config/objectIds";
import { POLICY_KEYS, type LicencePlan } from "../config/types";
import { licencePlanOf } from "./rules/licence";
import { validateConfig } from "../config/validate";
import { buildBaselinePolicies } from "../policies/baseline";
import { isEquivalent } from "./equivalence";
import { markedOwner } from "./ownership";
import { CONDITIONAL_ACCESS_POLICIES_PATH, NAMED_LOCATIONS_PATH, SUBSCRIBED_SKUS_PATH } from "./readTenant";
import { isMicrosoftManaged, LiveTenant, normalizeNamedLocation, normalizeTenantPolicy, SubscribedSku, TenantNamedLocation } from "./tenant";

/** The tenant as the export reads it: the live checks' view, plus Graph's policies as they came. */
export interface ExportSource {
  readonly tenant: LiveTenant;
  readonly graphPolicies: readonly Readonly<Record<string, any>>[];
}

/** Four requests plus paging, in parallel: Security Defaults, every CA policy, the SKUs, the named locations. */
export async function readTenantForExport(client: GraphClient): Promise<ExportSource> {
  const [securityDefaults, graphPolicies, skus, locations] = await Promise.all([
    readSecurityDefaults(client),
    client.getAll<Record<string, any>>(CONDITIONAL_ACCESS_POLICIES_PATH, "Policy.Read.All", CONDITIONAL_ACCESS_POLICY_ANSWER),
    client.getAll<SubscribedSku>(SUBSCRIBED_SKUS_PATH, "Organization.Read.All", SUBSCRIBED_SKU_ANSWER),
    client.getAll<Record<string, unknown>>(NAMED_LOCATIONS_PATH, "Policy.Read.All", NAMED_LOCATION_ANSWER),
  ]);
  return {
    tenant: { securityDefaults, policies: graphPolicies.map(normalizeTenantPolicy), skus, namedLocations: locations.map(normalizeNamedLocation) },
    graphPolicies,
  };
}

/** One policy the export could not write as a custom policy, and why. */
export interface SkippedPolicy {
  readonly id: string;
  readonly displayName: string;
  readonly reason: string;
}

/** What the export found, beside the stack file. */
export interface ExportedStack {
  readonly plan: LicencePlan;
  readonly protection: "securityDefaults" | "conditionalAccess";
  readonly breakGlassCandidates: { readonly users: readonly string[]; readonly groups: readonly string[] };
  readonly customPolicies: Readonly<Record<string, Record<string, unknown>>>;
  readonly namedLocations: Readonly<Record<string, Record<string, unknown>>>;
  /** Baseline policies adopted by object id, by baseline key (policies equivalent to a baseline one). */
  readonly adopt: Readonly<Record<string, string>>;
  /** The adopted policies' states in the tenant, kept by the stack (`policies.<key>.state`): adopting never relaxes one. */
  readonly adoptedStates: Readonly<Record<string, string>>;
  readonly skipped: readonly SkippedPolicy[];
  readonly microsoftManaged: readonly string[];
}

const READ_ONLY = new Set(["createdDateTime", "modifiedDateTime", "deletedDateTime", "templateId", "description"]);
const FLAGS_ENUMS = new Set(["guestOrExternalUserTypes", "transferMethods", "insiderRiskLevels"]);

/** Graph's answer without nulls, empty lists, read-only fields and OData annotations: what a stack file states. */
function stated(value: unknown, top = false): unknown {
  if (Array.isArray(value)) return value.map((v) => stated(v));
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith("@odata") || (top && READ_ONLY.has(key))) continue;
    if (child === null || child === undefined || (Array.isArray(child) && child.length === 0)) continue;
    // Graph's flags enums say "none" for nothing: a guest condition of no type is no condition.
    if (FLAGS_ENUMS.has(key) && !setsAnything(child)) continue;
    const kept = stated(child);
    if (kept && typeof kept === "object" && !Array.isArray(kept) && Object.keys(kept).length === 0) continue;
    out[key] = kept;
  }
  return out;
}

/** A config key from a display name: camelCase letters and digits, unique among `taken`. */
export function keyFor(displayName: string, taken: Set<string>, fallback: string): string {
  const words = displayName
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  // Words in capitals (CA001, MFA) read as words: "CA001 Require MFA" → ca001RequireMfa.
  const word = (w: string) => (w === w.toUpperCase() ? w.toLowerCase() : w);
  let key = words.map((w, i) => (i === 0 ? word(w).charAt(0).toLowerCase() + word(w).slice(1) : word(w).charAt(0).toUpperCase() + word(w).slice(1))).join("");
  if (!/^[A-Za-z]/.test(key)) key = `${fallback}${key.charAt(0).toUpperCase()}${key.slice(1)}`;
  key = key.slice(0, 56);
  let unique = key;
  for (let n = 2; taken.has(unique); n++) unique = `${key}${n}`;
  taken.add(unique);
  return unique;
}

/** Users and groups excluded from every enabled policy: break-glass candidates, for the user to confirm. */
export function breakGlassCandidates(graphPolicies: readonly Readonly<Record<string, any>>[]): { users: string[]; groups: string[] } {
  const enabled = graphPolicies.filter((p) => p.state === "enabled" && !isMicrosoftManaged({ displayName: String(p.displayName ?? "") }));
  if (enabled.length === 0) return { users: [], groups: [] };
  const everywhere = (field: "excludeUsers" | "excludeGroups") =>
    enabled
      .map((p) => new Set<string>((p.conditions?.users?.[field] ?? []).filter((id: string) => GUID.test(id))))
      .reduce((common, next) => new Set([...common].filter((id) => next.has(id))))
      .values();
  return { users: [...everywhere("excludeUsers")].sort(), groups: [...everywhere("excludeGroups")].sort() };
}

/**
 * Which baseline policy (of the plan, excluding the break-glass candidates) a tenant policy enforces
 * the same as, whatever its name or state (live/equivalence.ts); undefined for none.
 */
export function baselineEquivalent(
  plan: LicencePlan,
  breakGlass: { readonly users: readonly string[]; readonly groups: readonly string[] },
): (graph: Readonly<Record<string, any>>) => string | undefined {
  const validation = validateConfig({ plan, breakGlassUsers: [...breakGlass.users], breakGlassGroups: [...breakGlass.groups], policyState: "enabled" });
  if (!validation.ok) return () => undefined;
  const declared = buildBaselinePolicies(validation.config);
  return (graph) => declared.find((d) => isEquivalent(d.policy, { ...normalizeTenantPolicy(graph), graph }))?.key;
}

/** Graph's policy state in the stack's words. */
const STATE_SETTING: Readonly<Record<string, string>> = { enabled: "enabled", enabledForReportingButNotEnforced: "reportOnly", disabled: "disabled" };

/**
 * The stack that would own the tenant as it is: the plan from the SKUs, break-glass candidates,
 * an adopt entry per policy equivalent to a baseline one (`findEquivalent`), every other policy as
 * a custom policy adopted by object id, and the named locations those use.
 */
export function exportStack(source: ExportSource, findEquivalent?: (policy: Readonly<Record<string, any>>) => string | undefined): ExportedStack {
  const { tenant, graphPolicies } = source;
  const plan = licencePlanOf(tenant.skus);
  const candidates = breakGlassCandidates(graphPolicies);
  const equivalentOf = findEquivalent ?? baselineEquivalent(plan, candidates);
  const protection = tenant.securityDefaults.isEnabled || plan === "free" ? "securityDefaults" : "conditionalAccess";
  const locationsById = new Map<string, TenantNamedLocation>((tenant.namedLocations ?? []).filter((l) => markedOwner(l) === undefined).map((l) => [l.id, l]));
  const policyKeys = new Set<string>();
  const locationKeys = new Set<string>();
  const locationKeyOf = new Map<string, string>();
  const namedLocations: Record<string, Record<string, unknown>> = {};
  const customPolicies: Record<string, Record<string, unknown>> = {};
  const adopt: Record<string, string> = {};
  const adoptedStates: Record<string, string> = {};
  const skipped: SkippedPolicy[] = [];
  const microsoftManaged: string[] = [];

  const locationKey = (id: string): string | undefined => {
    if ((BUILT_IN_LOCATIONS as readonly string[]).includes(id)) return id;
    const location = locationsById.get(id);
    if (!location) return undefined;
    let key = locationKeyOf.get(id);
    if (key === undefined) {
      key = keyFor(location.displayName, locationKeys, "location");
      locationKeyOf.set(id, key);
      namedLocations[key] =
        location.kind === "country"
          ? {
              id,
              displayName: location.displayName,
              countries: [...location.countries],
              includeUnknownCountriesAndRegions: location.includeUnknownCountriesAndRegions,
            }
          : { id, displayName: location.displayName, ipRanges: [...location.ipRanges], trusted: location.isTrusted };
    }
    return key;
  };

  for (const graph of graphPolicies) {
    const displayName = String(graph.displayName ?? "");
    if (isMicrosoftManaged({ displayName })) {
      microsoftManaged.push(displayName);
      continue;
    }
    const baselineKey = equivalentOf(graph);
    if (baselineKey !== undefined && adopt[baselineKey] === undefined) {
      adopt[baselineKey] = String(graph.id);
      adoptedStates[baselineKey] = STATE_SETTING[String(graph.state)] ?? "reportOnly";
      continue;
    }
    const policy: Record<string, any> = { id: String(graph.id), ...(stated(graph, true) as Record<string, any>) };
    const locations = policy.conditions?.locations;
    let missing: string | undefined;
    for (const field of ["includeLocations", "excludeLocations"] as const) {
      if (!locations?.[field]) continue;
      locations[field] = locations[field].map((id: string) => {
        const key = locationKey(id);
        if (key === undefined) missing = id;
        return key ?? id;
      });
    }
    if (missing !== undefined) {
      skipped.push({ id: String(graph.id), displayName, reason: `uses named location ${missing}, which the tenant does not list` });
      continue;
    }
    const key = keyFor(displayName, policyKeys, "policy");
    const problems = customPolicyIssues([{ key, source: "inline", graph: policy }], namedLocations as never, "customPolicies");
    if (problems.length > 0) {
      policyKeys.delete(key);
      skipped.push({
        id: String(graph.id),
        displayName,
        reason: problems.map((p) => `${p.key.replace(`customPolicies.${key}.`, "")}: ${p.message.split(";")[0]}`).join("; "),
      });
      continue;
    }
    customPolicies[key] = policy;
  }
  return { plan, protection, breakGlassCandidates: candidates, customPolicies, namedLocations, adopt, adoptedStates, skipped, microsoftManaged };
}

const NS = "entra-baseline";

/** The stack file: YAML with comments that say what to confirm before `pulumi up`. */
export function formatStackFile(stack: string, exported: ExportedStack): string {
  const doc = new Document({ config: {} });
  const config = doc.get("config") as YAMLMap;
  const set = (key: string, value: unknown, comment?: string) => {
    const pair = doc.createPair(`${NS}:${key}`, value);
    if (comment) (pair.key as { commentBefore?: string }).commentBefore = comment;
    config.items.push(pair);
  };
  set("plan", exported.plan, ` From the tenant's subscribed SKUs.`);
  set("protection", exported.protection);
  const { users, groups } = exported.breakGlassCandidates;
  set(
    "breakGlassUsers",
    users,
    [
      " BREAK-GLASS CANDIDATES, to confirm: accounts and groups excluded from every enabled policy in the tenant.",
      " Check that each is an emergency-access account (cloud-only, monitored), then set breakGlassConfirmed: true.",
      " pulumi up refuses this stack until you do (EB-BREAKGLASS-UNCONFIRMED).",
    ].join("\n"),
  );
  set("breakGlassGroups", groups);
  set("breakGlassConfirmed", false);
  // Baseline policies the tenant does not have are not declared, so the first plan shows no change.
  const policies: Record<string, unknown> = Object.fromEntries(
    POLICY_KEYS.map((key) => [key, exported.adopt[key] !== undefined ? { state: exported.adoptedStates[key] } : false]),
  );
  set("policies", policies, " The baseline: false = not declared (the tenant has no equivalent); set {} to add it, report-only first.");
  if (Object.keys(exported.adopt).length > 0) {
    set(
      "adopt",
      { ...exported.adopt },
      " Tenant policies equivalent to a baseline policy, adopted by object id: pulumi up renames them to the baseline's names.",
    );
  }
  if (Object.keys(exported.namedLocations).length > 0)
    set("namedLocations", exported.namedLocations, " The named locations the custom policies use, adopted by object id.");
  if (Object.keys(exported.customPolicies).length > 0)
    set("customPolicies", exported.customPolicies, " Every other policy, as Graph returns it, adopted by object id (id).");
  const notes = [
    ` Exported from the tenant by npm run export for stack ${stack}. Read it, confirm the break-glass accounts, then run`,
    ` npm run plan -- --stack ${stack} --against live: it shows no change.`,
    ...exported.microsoftManaged.map((name) => ` Not exported: "${name}" (Microsoft-managed).`),
    ...exported.skipped.map((s) => ` Not exported: "${s.displayName}" (${s.id}): ${s.reason}. Manage it in the portal.`),
  ];
  doc.commentBefore = notes.join("\n");
  if (isMap(config)) config.flow = false;
  return doc.toString({ lineWidth: 0 });
}
