import { Document, isMap, YAMLMap } from "yaml";
import type { GraphClient } from "../graph/client";
import { GRAPH_ENDPOINTS } from "../graph/endpointTable";
import { readSecurityDefaults } from "../graph/securityDefaults";
import { BUILT_IN_LOCATIONS, customPolicyIssues, locationKeysOf } from "../config/customPolicies";
import { appliesToUsers } from "../guard/rules/breakGlassExcluded";
import { betaOnlyParts, statedPolicy } from "../config/graph/policyShape";
import { GUID } from "../config/objectIds";
import { POLICY_KEYS, type AcceptedGaps, type LicencePlan } from "../config/types";
import type { InheritedRiskSetting } from "../config/args";
import { licencePlanOf } from "../live/rules/licence";
import { validateConfig } from "../config/validate";
import { buildBaselinePolicies } from "../policies/baseline";
import { isEquivalent, stateRank } from "../live/equivalence";
import { markedOwner } from "../live/ownership";
import { CONDITIONAL_ACCESS_POLICIES_PATH, NAMED_LOCATIONS_PATH, SUBSCRIBED_SKUS_PATH } from "../live/readTenant";
import type { OnProgress } from "../text/progress";
import { isMicrosoftManaged, LiveTenant, normalizeNamedLocation, normalizeTenantPolicy, SubscribedSku, TenantNamedLocation } from "../live/tenant";

const { conditionalAccessPolicies: POLICIES, subscribedSkus: SKUS, namedLocations: LOCATIONS } = GRAPH_ENDPOINTS;

/** The tenant as the export reads it: the live checks' view, plus Graph's policies as they came. */
export interface ExportSource {
  readonly tenant: LiveTenant;
  readonly graphPolicies: readonly Readonly<Record<string, any>>[];
}

/** Every CA policy, page by page; `onProgress` hears how many so far (Graph gives no total). */
async function readPolicies(client: GraphClient, onProgress?: OnProgress): Promise<Record<string, any>[]> {
  const policies: Record<string, any>[] = [];
  for await (const page of client.pages<Record<string, any>>(CONDITIONAL_ACCESS_POLICIES_PATH, POLICIES.permission, POLICIES.answer)) {
    policies.push(...page);
    onProgress?.(policies.length);
  }
  return policies;
}

/**
 * Four requests plus paging, in parallel: Security Defaults, every CA policy, the SKUs, the named locations.
 * `onProgress` hears the CA policies read so far, with no total.
 */
export async function readTenantForExport(client: GraphClient, onProgress?: OnProgress): Promise<ExportSource> {
  const [securityDefaults, graphPolicies, skus, locations] = await Promise.all([
    readSecurityDefaults(client),
    readPolicies(client, onProgress),
    client.getAll<SubscribedSku>(SUBSCRIBED_SKUS_PATH, SKUS.permission, SKUS.answer),
    client.getAll<Record<string, unknown>>(NAMED_LOCATIONS_PATH, LOCATIONS.permission, LOCATIONS.answer),
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
  /** The adopted policies' display names in the tenant, kept by the stack (`policies.<key>.displayName`); empty when the export renames them. */
  readonly adoptedNames: Readonly<Record<string, string>>;
  /** Tenant policies the stack cannot express: written under `unmanagedPolicies`, each with its reason. */
  readonly skipped: readonly SkippedPolicy[];
  /**
   * Guard findings the exported policies carry as they are (config `inheritedRisks`): found by the CLI, which runs the guard.
   * @default - none
   */
  readonly inheritedRisks?: readonly InheritedRiskSetting[];
  readonly microsoftManaged: readonly string[];
  /**
   * Gaps the tenant has as it is (it signs people in without a protection Security Defaults gave),
   * accepted by name so the stack plans as the tenant is, each reason saying to close it.
   * @default - none
   */
  readonly acceptedGaps?: AcceptedGaps;
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

/**
 * Break-glass candidates: the users and groups excluded from every policy the stack will own (any state,
 * report-only included) that can apply to a user, the policies EB-BREAKGLASS-EXCLUDED checks.
 */
export function breakGlassCandidates(graphPolicies: readonly Readonly<Record<string, any>>[]): { users: string[]; groups: string[] } {
  const owned = graphPolicies.filter(
    (p) => !isMicrosoftManaged({ displayName: String(p.displayName ?? "") }) && appliesToUsers(normalizeTenantPolicy(p).conditions.users),
  );
  if (owned.length === 0) return { users: [], groups: [] };
  const everywhere = (field: "excludeUsers" | "excludeGroups") =>
    owned
      .map((p) => new Set<string>((p.conditions?.users?.[field] ?? []).filter((id: string) => GUID.test(id)).map((id: string) => id.toLowerCase())))
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

/** How the export writes the stack. */
export interface ExportOptions {
  /**
   * Which baseline policy a tenant policy is equivalent to.
   * @default - live/equivalence.ts over the plan's baseline, the break-glass candidates excluded
   */
  readonly findEquivalent?: (policy: Readonly<Record<string, any>>) => string | undefined;
  /**
   * Rename adopted policies to the baseline's display names (`entra-baseline: …`) at the first `pulumi up`.
   * @default false - an adopted policy keeps the tenant's display name (`policies.<key>.displayName`)
   */
  readonly renameAdopted?: boolean;
  /**
   * What the provider that writes a custom policy would refuse in it (EB-PROVIDER-INPUTS): such a policy is left out with
   * the reason, since the plan would refuse the whole stack.
   * @default - not checked
   */
  readonly providerProblems?: (policy: Readonly<Record<string, any>>) => readonly string[];
}

/** A tenant policy written as a custom policy: its key, the stated policy and the named locations it uses. */
interface Written {
  readonly graph: Readonly<Record<string, any>>;
  readonly policy: Record<string, any>;
  readonly locationIds: readonly string[];
}

const isGraphId = (value: unknown) => typeof value === "string" && GUID.test(value);

/**
 * The stack that would own the tenant as it is: the plan from the SKUs, break-glass candidates from
 * every policy it will own, an adopt entry per policy equivalent to a baseline one (the first of two
 * equivalents; the other stays a custom policy), every other policy as a custom policy adopted by
 * object id, the named locations those use, and each policy it cannot express acknowledged with the reason.
 */
export function exportStack(source: ExportSource, options: ExportOptions = {}): ExportedStack {
  const { tenant, graphPolicies } = source;
  const plan = licencePlanOf(tenant.skus);
  const protection = tenant.securityDefaults.isEnabled || plan === "free" ? "securityDefaults" : "conditionalAccess";
  const locationsById = new Map<string, TenantNamedLocation>((tenant.namedLocations ?? []).filter((l) => markedOwner(l) === undefined).map((l) => [l.id, l]));
  const skipped: SkippedPolicy[] = [];
  const microsoftManaged: string[] = [];
  const skip = (graph: Readonly<Record<string, any>>, reason: string) =>
    skipped.push({ id: String(graph.id), displayName: String(graph.displayName ?? ""), reason });

  // 1. What the stack can express: not Microsoft's, no beta-only feature, every named location listed, a valid custom policy.
  const expressible: Written[] = [];
  for (const graph of graphPolicies) {
    const displayName = String(graph.displayName ?? "");
    if (isMicrosoftManaged({ displayName })) {
      microsoftManaged.push(displayName);
      continue;
    }
    const beta = betaOnlyParts(graph);
    if (beta.length > 0) {
      skip(
        graph,
        `uses ${[...new Set(beta.map((b) => b.feature))].join(", ")} (${beta.map((b) => b.path).join(", ")}), ` +
          "which only Graph beta defines; Graph v1.0 and the azuread provider cannot express it",
      );
      continue;
    }
    // The field walk of the one declaration: every field as a stack states it, annotations, nulls and read-only parts gone.
    const policy: Record<string, any> = { id: String(graph.id), ...statedPolicy(graph) };
    const used = locationKeysOf(policy).map((l) => l.key);
    const missing = used.find((id) => !(BUILT_IN_LOCATIONS as readonly string[]).includes(id) && !locationsById.has(id));
    if (missing !== undefined) {
      skip(graph, `uses named location ${missing}, which the tenant does not list`);
      continue;
    }
    expressible.push({ graph, policy, locationIds: used.filter((id) => locationsById.has(id)) });
  }

  // 2. Break-glass candidates from every policy the stack will own; then what a baseline policy enforces the same as.
  const candidates = breakGlassCandidates(expressible.map((w) => w.graph));
  const equivalentOf = options.findEquivalent ?? baselineEquivalent(plan, candidates);
  const policyKeys = new Set<string>();
  const locationKeys = new Set<string>();
  const locationKeyOf = new Map<string, string>();
  const namedLocations: Record<string, Record<string, unknown>> = {};
  const customPolicies: Record<string, Record<string, unknown>> = {};
  const adopt: Record<string, string> = {};
  const adoptedStates: Record<string, string> = {};
  const adoptedNames: Record<string, string> = {};
  const locationKey = (id: string): string => {
    if ((BUILT_IN_LOCATIONS as readonly string[]).includes(id)) return id;
    let key = locationKeyOf.get(id);
    if (key === undefined) {
      const location = locationsById.get(id)!;
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
  // Enabled equivalents first: of two tenant policies equivalent to one baseline policy, the enforced one is adopted.
  const adoptedIds = new Set<string>();
  for (const w of [...expressible].sort((a, b) => stateRank(a.graph.state) - stateRank(b.graph.state))) {
    const baselineKey = equivalentOf(w.graph);
    if (baselineKey === undefined || adopt[baselineKey] !== undefined || !isGraphId(w.graph.id)) continue;
    adopt[baselineKey] = String(w.graph.id);
    adoptedStates[baselineKey] = STATE_SETTING[String(w.graph.state)] ?? "reportOnly";
    adoptedNames[baselineKey] = String(w.graph.displayName ?? "");
    adoptedIds.add(String(w.graph.id));
  }
  for (const w of expressible) {
    if (adoptedIds.has(String(w.graph.id))) continue;
    const key = keyFor(String(w.graph.displayName ?? ""), policyKeys, "policy");
    const policy = structuredClone(w.policy);
    // Named locations by key: the location itself is written only when a written policy uses it.
    const trial: Record<string, Record<string, unknown>> = {};
    const keyOfLocation = (id: string) => {
      if ((BUILT_IN_LOCATIONS as readonly string[]).includes(id)) return id;
      const location = locationsById.get(id)!;
      const known = locationKeyOf.get(id);
      const k = known ?? `${keyFor(location.displayName, new Set(locationKeys), "location")}`;
      trial[k] = {
        displayName: location.displayName,
        ...(location.kind === "country" ? { countries: [...location.countries] } : { ipRanges: [...location.ipRanges] }),
      };
      return k;
    };
    for (const field of ["includeLocations", "excludeLocations"] as const) {
      const list = policy.conditions?.locations?.[field];
      if (Array.isArray(list)) policy.conditions.locations[field] = list.map((id: string) => keyOfLocation(id));
    }
    const problems = customPolicyIssues([{ key, source: "inline", graph: policy }], { ...namedLocations, ...trial } as never, "customPolicies");
    const refused = problems.length > 0 ? [] : (options.providerProblems?.(policy) ?? []);
    if (problems.length + refused.length > 0) {
      policyKeys.delete(key);
      skip(
        w.graph,
        [
          ...problems.map((p) => `${p.key.replace(`customPolicies.${key}.`, "")}: ${p.message.split(";")[0]}`),
          ...refused.map((r) => `its provider refuses ${r}`),
        ].join("; "),
      );
      continue;
    }
    for (const field of ["includeLocations", "excludeLocations"] as const) {
      const list = w.policy.conditions?.locations?.[field];
      if (Array.isArray(list)) policy.conditions.locations[field] = list.map((id: string) => locationKey(id));
    }
    customPolicies[key] = policy;
  }
  return {
    plan,
    protection,
    breakGlassCandidates: candidates,
    customPolicies,
    namedLocations,
    adopt,
    adoptedStates,
    adoptedNames: options.renameAdopted ? {} : adoptedNames,
    skipped,
    microsoftManaged,
  };
}

const NS = "entra-baseline";

/** The comment above each key of the stack file: what to confirm before `pulumi up`. */
function commentFor(key: string, exported: ExportedStack): string | undefined {
  switch (key) {
    case "plan":
      return " From the tenant's subscribed SKUs.";
    case "breakGlassUsers":
      return [
        " BREAK-GLASS CANDIDATES, to confirm: accounts and groups excluded from every policy this stack owns (report-only included).",
        " Check that each is an emergency-access account (cloud-only, monitored), then set breakGlassConfirmed: true.",
        " pulumi up refuses this stack until you do (EB-BREAKGLASS-UNCONFIRMED).",
      ].join("\n");
    case "policies":
      return " The baseline: false = not declared (the tenant has no equivalent); set {} to add it, report-only first.";
    case "adopt":
      return Object.keys(exported.adoptedNames).length > 0
        ? " Tenant policies equivalent to a baseline policy, adopted by object id; they keep their names (policies.<key>.displayName: remove it to rename)."
        : " Tenant policies equivalent to a baseline policy, adopted by object id: pulumi up renames them to the baseline's names.";
    case "namedLocations":
      return " The named locations the custom policies use, adopted by object id.";
    case "customPolicies":
      return " Every other policy, as Graph returns it, adopted by object id (id).";
    case "unmanagedPolicies":
      return (
        " LEFT OUT: tenant policies this stack cannot express. They stay as they are and still apply; drift shows them as acknowledged.\n" +
        " Manage them in the portal, or remove an entry once the policy is gone."
      );
    case "inheritedRisks":
      return (
        " INHERITED RISKS: tenant policies, exported unchanged, that a guard rule refuses. While each stays exactly as exported\n" +
        " (its content hash, here and in the tenant) the plan shows it as a warning with its fix and pulumi up goes ahead;\n" +
        " any change to it, or any new risk, is refused. Fix them, then remove the entries."
      );
    case "acceptedGaps":
      return [
        " INHERITED GAPS: the tenant signs people in without a protection Security Defaults gave; the plan shows each.",
        " Accepted here so the stack plans as the tenant is: close each gap, then remove its entry (the guard refuses a stale one).",
      ].join("\n");
    default:
      return undefined;
  }
}

/** The stack's configuration the export writes (keys without the namespace), in the order of the stack file. */
export function exportedConfig(exported: ExportedStack): Record<string, unknown> {
  const { users, groups } = exported.breakGlassCandidates;
  // Baseline policies the tenant does not have are not declared, so the first plan shows no change.
  const policies: Record<string, unknown> = Object.fromEntries(
    POLICY_KEYS.map((key) => [
      key,
      exported.adopt[key] !== undefined
        ? { state: exported.adoptedStates[key], ...(exported.adoptedNames[key] !== undefined ? { displayName: exported.adoptedNames[key] } : {}) }
        : false,
    ]),
  );
  const acknowledged = exported.skipped.filter((s) => GUID.test(s.id));
  return {
    plan: exported.plan,
    protection: exported.protection,
    breakGlassUsers: users,
    breakGlassGroups: groups,
    breakGlassConfirmed: false,
    policies,
    ...(Object.keys(exported.adopt).length > 0 ? { adopt: { ...exported.adopt } } : {}),
    ...(Object.keys(exported.namedLocations).length > 0 ? { namedLocations: exported.namedLocations } : {}),
    ...(Object.keys(exported.customPolicies).length > 0 ? { customPolicies: exported.customPolicies } : {}),
    ...(acknowledged.length > 0 ? { unmanagedPolicies: acknowledged.map((s) => ({ id: s.id, displayName: s.displayName, reason: s.reason })) } : {}),
    ...(exported.inheritedRisks && exported.inheritedRisks.length > 0 ? { inheritedRisks: exported.inheritedRisks } : {}),
    ...(exported.acceptedGaps && Object.keys(exported.acceptedGaps).length > 0 ? { acceptedGaps: exported.acceptedGaps } : {}),
  };
}

/** The stack file: YAML with comments that say what to confirm before `pulumi up`. */
export function formatStackFile(stack: string, exported: ExportedStack): string {
  const doc = new Document({ config: {} });
  const config = doc.get("config") as YAMLMap;
  for (const [key, value] of Object.entries(exportedConfig(exported))) {
    const pair = doc.createPair(`${NS}:${key}`, value);
    const comment = commentFor(key, exported);
    if (comment) (pair.key as { commentBefore?: string }).commentBefore = comment;
    config.items.push(pair);
  }
  const notes = [
    ` Exported from the tenant by npm run export for stack ${stack}. Read it, confirm the break-glass accounts, then run`,
    ` npm run plan -- --stack ${stack} --against live: it shows no change.`,
    ...exported.microsoftManaged.map((name) => ` Not exported: "${name}" (Microsoft-managed).`),
    ...exported.skipped.map((s) => ` Not exported: "${s.displayName}" (${s.id}): ${s.reason}. Manage it in the portal.`),
    ...(exported.skipped.length > 0 ? [` ${exported.skipped.length} policies left out: see unmanagedPolicies.`] : []),
    ...(exported.inheritedRisks ?? []).map((r) => ` Inherited risk [${r.rule}] in ${Object.keys(r.policies).join(", ")}: ${r.finding}`),
  ];
  doc.commentBefore = notes.join("\n");
  if (isMap(config)) config.flow = false;
  return doc.toString({ lineWidth: 0 });
}
