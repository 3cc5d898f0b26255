import { GUEST_OR_EXTERNAL_USER_TYPES } from "./facts/vocabulary";
import type { ConditionalAccessGuestsOrExternalUsers, ConditionalAccessPolicy } from "./graphTypes";
import { signInFrequencyControls } from "./sessionControls";
import { canonicalId } from "../config/objectIds";
import { setsAnything } from "../config/graphValues";

/** Lists with GUIDs lower-cased, as everywhere after the edges (config/objectIds.ts). */
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => canonicalId(String(v))) : []);

const GUEST_TYPE_ORDER = new Map<string, number>(GUEST_OR_EXTERNAL_USER_TYPES.map((t, i) => [t.toLowerCase(), i]));

/**
 * A guest condition in one spelling, whatever Graph or a config wrote: the types in Graph's order (a type this
 * release does not know kept, after them), the tenants as `all` or the sorted ids, without `@odata.type`, or
 * absent when Graph's answer (or the config) has none. Undefined when it names no type.
 */
export function canonicalGuests(value: unknown): ConditionalAccessGuestsOrExternalUsers | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as { guestOrExternalUserTypes?: unknown; externalTenants?: { membershipKind?: unknown; members?: unknown } | null };
  const types = String(v.guestOrExternalUserTypes ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "" && t.toLowerCase() !== "none")
    .map((t) => GUEST_OR_EXTERNAL_USER_TYPES.find((known) => known.toLowerCase() === t.toLowerCase()) ?? t);
  if (types.length === 0) return undefined;
  const order = (t: string) => GUEST_TYPE_ORDER.get(t.toLowerCase()) ?? GUEST_OR_EXTERNAL_USER_TYPES.length;
  const sorted = [...new Set(types)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const tenants = v.externalTenants && typeof v.externalTenants === "object" ? v.externalTenants : undefined;
  const members = Array.isArray(tenants?.members) ? [...new Set(tenants.members.map((m) => canonicalId(String(m))))].sort() : [];
  const enumerated = tenants?.membershipKind === "enumerated" || (tenants?.membershipKind !== "all" && members.length > 0);
  const guestOrExternalUserTypes = sorted.join(",");
  if (!tenants) return { guestOrExternalUserTypes };
  return { guestOrExternalUserTypes, externalTenants: enumerated ? { membershipKind: "enumerated", members } : { membershipKind: "all" } };
}

/**
 * A Graph-shaped policy (a custom policy, or one read from the tenant) as this project's policy
 * facts see it: the fields the guard, the what-if and the diff compare. Locations and platforms
 * are kept when they narrow the policy, so the evaluator knows it does not model them; terms of
 * use and custom controls are kept, so that "MFA or terms of use" never reads as MFA; guest
 * conditions are kept in one spelling ({@link canonicalGuests}).
 */
export function projectGraphPolicy(raw: Readonly<Record<string, any>>): ConditionalAccessPolicy {
  const c = raw.conditions ?? {};
  const g = raw.grantControls ?? {};
  const frequency = raw.sessionControls?.signInFrequency;
  const termsOfUse = list(g.termsOfUse);
  const customAuthenticationFactors = Array.isArray(g.customAuthenticationFactors) ? g.customAuthenticationFactors.map(String) : [];
  const locations = { includeLocations: list(c.locations?.includeLocations), excludeLocations: list(c.locations?.excludeLocations) };
  const platforms = { includePlatforms: list(c.platforms?.includePlatforms), excludePlatforms: list(c.platforms?.excludePlatforms) };
  return {
    displayName: String(raw.displayName ?? ""),
    state: raw.state,
    conditions: {
      users: {
        includeUsers: list(c.users?.includeUsers),
        excludeUsers: list(c.users?.excludeUsers),
        includeGroups: list(c.users?.includeGroups),
        excludeGroups: list(c.users?.excludeGroups),
        includeRoles: list(c.users?.includeRoles),
        excludeRoles: list(c.users?.excludeRoles),
        ...guestsAt("includeGuestsOrExternalUsers", c.users?.includeGuestsOrExternalUsers),
        ...guestsAt("excludeGuestsOrExternalUsers", c.users?.excludeGuestsOrExternalUsers),
      },
      applications: {
        includeApplications: list(c.applications?.includeApplications),
        excludeApplications: list(c.applications?.excludeApplications),
        includeUserActions: list(c.applications?.includeUserActions),
      },
      clientAppTypes: list(c.clientAppTypes) as never,
      signInRiskLevels: list(c.signInRiskLevels) as never,
      userRiskLevels: list(c.userRiskLevels) as never,
      ...(locations.includeLocations.length + locations.excludeLocations.length > 0 ? { locations } : {}),
      ...(platforms.includePlatforms.length + platforms.excludePlatforms.length > 0 ? { platforms } : {}),
    },
    grantControls: {
      operator: g.operator ?? "OR",
      builtInControls: list(g.builtInControls) as never,
      ...(g.authenticationStrength?.id ? { authenticationStrength: { id: canonicalId(String(g.authenticationStrength.id)) } } : {}),
      // Alternatives to (or extras beside) MFA: dropping them would make "MFA or terms of use" read as MFA.
      ...(termsOfUse.length > 0 ? { termsOfUse } : {}),
      ...(customAuthenticationFactors.length > 0 ? { customAuthenticationFactors } : {}),
    },
    ...(frequency?.isEnabled ? signInFrequencyControls(frequency) : {}),
  };
}

function guestsAt<K extends string>(key: K, value: unknown): { [P in K]?: ConditionalAccessGuestsOrExternalUsers } {
  const guests = canonicalGuests(value);
  return (guests ? { [key]: guests } : {}) as { [P in K]?: ConditionalAccessGuestsOrExternalUsers };
}

/**
 * The conditions of a policy that make it apply to some sign-ins only, in ways the what-if
 * evaluator does not model (locations other than All, device platforms). Such a policy is left
 * out of simulated sign-ins: its grant is not counted as coverage (no gap hidden) and its block
 * is not counted as a lockout (no valid policy refused).
 */
export function unmodelledConditions(policy: ConditionalAccessPolicy): string[] {
  const { locations, platforms } = policy.conditions;
  const narrowed: string[] = [];
  if (locations && (locations.excludeLocations.length > 0 || locations.includeLocations.some((l) => l !== "All"))) narrowed.push("locations");
  if (platforms && (platforms.excludePlatforms.length > 0 || platforms.includePlatforms.some((p) => p !== "all"))) narrowed.push("platforms");
  return narrowed;
}

/**
 * The parts of a Graph policy {@link projectGraphPolicy} reads, by Graph path; a path ending in `.*` reads
 * the whole object below it. Everything else Graph can hold (device filters, authentication contexts and
 * flows, insider risk, client applications, conditions Graph adds later, session controls but the sign-in
 * frequency) is dropped by the projection.
 */
const PROJECTED_PATHS: readonly string[] = [
  "conditions.users.includeUsers",
  "conditions.users.excludeUsers",
  "conditions.users.includeGroups",
  "conditions.users.excludeGroups",
  "conditions.users.includeRoles",
  "conditions.users.excludeRoles",
  "conditions.users.includeGuestsOrExternalUsers.*",
  "conditions.users.excludeGuestsOrExternalUsers.*",
  "conditions.applications.includeApplications",
  "conditions.applications.excludeApplications",
  "conditions.applications.includeUserActions",
  "conditions.clientAppTypes",
  "conditions.signInRiskLevels",
  "conditions.userRiskLevels",
  "conditions.locations.*",
  "conditions.platforms.*",
  "grantControls.operator",
  "grantControls.builtInControls",
  "grantControls.authenticationStrength.*",
  "grantControls.termsOfUse",
  "grantControls.customAuthenticationFactors",
  "sessionControls.signInFrequency.*",
];

/**
 * What {@link projectGraphPolicy} leaves out of a Graph policy that sets something, by Graph path, with
 * the value: a condition the baseline's shape cannot hold. The live checks report these rather than read
 * the policy as if they were not there.
 */
export function droppedParts(raw: Readonly<Record<string, unknown>> | undefined): { readonly path: string; readonly value: unknown }[] {
  const dropped: { path: string; value: unknown }[] = [];
  const visit = (value: unknown, path: string) => {
    if (PROJECTED_PATHS.includes(path) || PROJECTED_PATHS.includes(`${path}.*`) || !setsAnything(value)) return;
    const below = PROJECTED_PATHS.some((p) => p.startsWith(`${path}.`));
    if (below && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value as object)) if (!key.includes("@odata")) visit(child, `${path}.${key}`);
    } else {
      dropped.push({ path, value });
    }
  };
  for (const top of ["conditions", "grantControls", "sessionControls"]) visit(raw?.[top], top);
  return dropped;
}
