import { ALL_LOCATIONS, ALL_TRUSTED_LOCATIONS, Control, factsOf, GraphNamedLocation, reachKey, reachOf } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { POLICY_FIELDS } from "../config/graph/policyFields";
import { readField, valueAt } from "../config/graph/policyShape";
import { undeclaredParts } from "../config/graph/policyShape";
import { isMicrosoftManaged, TenantPolicy } from "./tenant";

/**
 * What a policy enforces, whatever its name or state: who (users, groups, roles, guests), which apps,
 * which client apps, at which risk, under which other conditions, and the grant and session controls it
 * asks for. Two policies with the same enforcement protect the same sign-ins the same way.
 */
export interface Enforcement {
  readonly users: Readonly<Record<string, readonly string[]>>;
  readonly applications: Readonly<Record<string, readonly string[]>>;
  readonly clientAppTypes: readonly string[];
  readonly signInRiskLevels: readonly string[];
  readonly userRiskLevels: readonly string[];
  readonly grant: { readonly operator: string; readonly controls: readonly string[] };
  readonly session: string;
  /** Every other declared field that sets something (guests, locations, filters, flows, session controls …), by Graph path. */
  readonly conditions: Readonly<Record<string, string>>;
}

/**
 * Where the named locations a policy names are found, by the name the policy uses (a stack's key or the id its
 * plan gives the location, a tenant's object id); undefined when the location is not known.
 */
export type LocationLookup = (name: string) => GraphNamedLocation | undefined;

/** The named locations each side of a comparison names. @default - none: locations compare by the names the policies use */
export interface LocationLookups {
  readonly declared?: LocationLookup;
  readonly tenant?: LocationLookup;
}

/** A lookup over named locations by id (any letter case). */
export function locationLookup(locations: readonly GraphNamedLocation[] | undefined): LocationLookup | undefined {
  if (!locations) return undefined;
  const byName = new Map<string, GraphNamedLocation>();
  for (const l of locations) byName.set(l.id.toLowerCase(), l);
  return (name) => byName.get(name.toLowerCase());
}

const BUILT_IN_LOCATIONS = new Set([ALL_LOCATIONS, ALL_TRUSTED_LOCATIONS].map((l) => l.toLowerCase()));

/**
 * A named location as Entra evaluates it: `All` and `AllTrusted` as themselves, a known location by its content
 * (ranges as address space, trusted flag, countries, unknown countries, lookup method), whatever its id or name;
 * a location the lookup does not know by the name the policy uses.
 */
function locationToken(name: string, lookup: LocationLookup | undefined): string {
  if (BUILT_IN_LOCATIONS.has(name.toLowerCase())) return name.toLowerCase();
  const location = lookup?.(name);
  return location ? `content:${reachKey(reachOf(location))}` : `id:${name.toLowerCase()}`;
}

const set = (values: readonly string[]) => [...new Set(values.map((v) => v.toLowerCase()))].sort();

/** Fields {@link enforcementOf} reads through the policy facts; every other declared field is compared as its canonical value. */
const READ_BY_FACTS = new Set([
  "conditions.users.includeUsers",
  "conditions.users.excludeUsers",
  "conditions.users.includeGroups",
  "conditions.users.excludeGroups",
  "conditions.users.includeRoles",
  "conditions.users.excludeRoles",
  "conditions.applications.includeApplications",
  "conditions.applications.excludeApplications",
  "conditions.applications.includeUserActions",
  "conditions.clientAppTypes",
  "conditions.signInRiskLevels",
  "conditions.userRiskLevels",
  "grantControls.operator",
  "grantControls.builtInControls",
  "grantControls.authenticationStrength",
  "grantControls.termsOfUse",
  "grantControls.customAuthenticationFactors",
]);

/** A field's canonical value as one comparable string: lists as sets (any order, any letter case). */
function comparable(value: unknown): string {
  return JSON.stringify(Array.isArray(value) ? set(value.map(String)) : value);
}

/**
 * The parts of a tenant policy's Graph answer no declared field reads, by Graph path (empty when none is set):
 * beta-only parts and properties Graph adds after this release. A policy that sets one enforces something the
 * comparison cannot see.
 */
export function unmodelledParts(graph: Readonly<Record<string, any>> | undefined): string[] {
  return graph ? undeclaredParts(graph).map((part) => part.path) : [];
}

const CONTROL_NAMES: Record<Control["kind"], (c: Control) => string> = {
  mfa: () => "mfa",
  passwordChange: () => "passwordchange",
  authenticationStrength: (c) => `strength:${(c as { id: string }).id}`,
  termsOfUse: (c) => `termsofuse:${(c as { id: string }).id}`,
  customControl: (c) => `custom:${(c as { id: string }).id}`,
  other: (c) => (c as { name: string }).name,
};

/**
 * The enforcement of a policy, read through the shared policy facts (so a Graph answer with nulls and the
 * declared shape read alike): every list as a set, ids compared case-insensitively, the client app types
 * as covered ("all" is every type), named locations by their content when `locations` knows them; state and
 * display name left out.
 */
export function enforcementOf(p: ConditionalAccessPolicy, locations?: LocationLookup): Enforcement {
  const f = factsOf(p);
  const { includeUsers, excludeUsers, includeGroups, excludeGroups, includeRoles, excludeRoles } = f.users;
  const controls = [...(f.grant?.block ? ["block"] : []), ...(f.grant?.controls ?? []).map((c) => CONTROL_NAMES[c.kind](c))];
  const frequency = p.sessionControls?.signInFrequency;
  return {
    users: Object.fromEntries(
      Object.entries({ includeUsers, excludeUsers, includeGroups, excludeGroups, includeRoles, excludeRoles }).map(([k, v]) => [k, set(v)]),
    ),
    applications: {
      includeApplications: set(f.applications.includeApplications),
      excludeApplications: set(f.applications.excludeApplications),
      includeUserActions: set(f.applications.includeUserActions),
    },
    clientAppTypes: set([...f.clientAppTypes]),
    signInRiskLevels: set(f.signInRiskLevels),
    userRiskLevels: set(f.userRiskLevels),
    // With one control the operator changes nothing.
    grant: { operator: controls.length > 1 ? (f.grant?.operator ?? "AND") : "-", controls: set(controls) },
    session: frequency?.isEnabled ? `${frequency.frequencyInterval}:${frequency.authenticationType}:${frequency.value ?? ""}${frequency.type ?? ""}` : "",
    conditions: Object.fromEntries(
      POLICY_FIELDS.filter((f) => !READ_BY_FACTS.has(f.path) && f.path !== "sessionControls.signInFrequency")
        .map((f) => [f.path, readField(f, valueAt(p, f.path))] as const)
        .filter(([, value]) => value !== undefined)
        .map(([path, value]) => [
          path,
          comparable(path.startsWith("conditions.locations.") ? (value as string[]).map((l) => locationToken(l, locations)) : value),
        ]),
    ),
  };
}

/**
 * Whether a tenant policy enforces the same thing as a declared one, whatever its name or state: every
 * declared field the same, named locations judged by their content (two locations with the same ranges or
 * countries are one place to Entra, whatever their ids). A Microsoft-managed policy is never equivalent
 * (Microsoft owns it), nor one with a part no declared field reads, on either side.
 */
export function isEquivalent(declared: ConditionalAccessPolicy, tenant: TenantPolicy, locations: LocationLookups = {}): boolean {
  if (isMicrosoftManaged(tenant) || unmodelledParts(tenant.graph).length > 0) return false;
  if (unmodelledParts(declared as unknown as Readonly<Record<string, unknown>>).length > 0) return false;
  return JSON.stringify(enforcementOf(declared, locations.declared)) === JSON.stringify(enforcementOf(tenant, locations.tenant));
}

/** A policy state's rank among equivalents: enabled first, then report-only, then anything else. */
export const stateRank = (state: unknown): number => (state === "enabled" ? 0 : state === "enabledForReportingButNotEnforced" ? 1 : 2);

/** The tenant policies equivalent to a declared one, enabled ones first. */
export function equivalentsOf(declared: ConditionalAccessPolicy, tenant: readonly TenantPolicy[], locations: LocationLookups = {}): TenantPolicy[] {
  return tenant.filter((p) => isEquivalent(declared, p, locations)).sort((a, b) => stateRank(a.state) - stateRank(b.state));
}
