import { FIELD_BY_PATH } from "../../config/graph/policyFields";
import { readField, valueAt } from "../../config/graph/policyShape";
import type { ConditionalAccessUsers } from "../graphTypes";
import type { GraphGuestsOrExternalUsers, GraphPolicy } from "./graphShape";
import { canonicalValue, GUEST_OR_EXTERNAL_USER_TYPES, GuestOrExternalUserType, SIGN_IN_CLIENT_APP_TYPES, SignInClientAppType } from "./vocabulary";

/** Guest or external user types a policy names, and the tenants they must come from. */
export interface GuestScope {
  readonly types: ReadonlySet<GuestOrExternalUserType>;
  /** "all" tenants, or the enumerated tenant ids (lower case). `internalGuest` ignores it: local guests have no other tenant. */
  readonly tenants: "all" | ReadonlySet<string>;
}

/** A grant control a policy asks for. */
export type Control =
  | { readonly kind: "mfa" }
  | { readonly kind: "authenticationStrength"; readonly id: string }
  | { readonly kind: "passwordChange" }
  | { readonly kind: "termsOfUse"; readonly id: string }
  | { readonly kind: "customControl"; readonly id: string }
  /** compliantDevice, domainJoinedDevice, approvedApplication, compliantApplication and any other built-in control. */
  | { readonly kind: "other"; readonly name: string };

export interface NormalisedGrant {
  readonly operator: "AND" | "OR";
  readonly block: boolean;
  /** Every control but block. */
  readonly controls: readonly Control[];
}

/** A filter of devices, applications or service principals: its mode and its rule. */
export interface PolicyFilter {
  readonly mode: "include" | "exclude";
  readonly rule: string;
}

/** A policy's session controls. */
export interface SessionFacts {
  /** The sign-in frequency, when it is on: hours between reauthentications (0: every time), as set, and what it asks for. */
  readonly signInFrequency?: { readonly hours: number; readonly value?: number; readonly type?: string; readonly authenticationType?: string };
  /** The persistent browser session's mode (`always`, `never`), when set. */
  readonly persistentBrowserMode?: string;
  /** App-enforced restrictions are set. */
  readonly applicationEnforcedRestrictions: boolean;
  /** Defender for Cloud Apps (Conditional Access App Control), when set, with its type. */
  readonly cloudAppSecurity?: { readonly type?: string };
  /** Resilience defaults are disabled: no session is extended during an outage. */
  readonly disableResilienceDefaults: boolean;
}

/**
 * The session controls of a policy (a missing or null block sets none). The switched controls are read through the
 * field declaration, as export, drift and equivalence read them: Graph keeps a control switched off as
 * `{ isEnabled: false, … }`, which sets nothing, whatever else it holds.
 */
function sessionOf(policy: GraphPolicy): SessionFacts {
  const controls = policy.sessionControls;
  const s = (typeof controls === "object" && controls !== null ? controls : {}) as Record<string, any>;
  const persistentBrowser = declared(policy, "sessionControls.persistentBrowser");
  const cloudAppSecurity = declared(policy, "sessionControls.cloudAppSecurity");
  const frequency = s.signInFrequency;
  const hours = !frequency?.isEnabled
    ? undefined
    : frequency.frequencyInterval === "everyTime"
      ? 0
      : (frequency.value ?? 0) * (frequency.type === "days" ? 24 : 1);
  return {
    ...(hours === undefined
      ? {}
      : {
          signInFrequency: {
            hours,
            value: frequency.value ?? undefined,
            type: frequency.type ?? undefined,
            authenticationType: frequency.authenticationType ?? undefined,
          },
        }),
    ...(persistentBrowser?.mode ? { persistentBrowserMode: persistentBrowser.mode } : {}),
    applicationEnforcedRestrictions: declared(policy, "sessionControls.applicationEnforcedRestrictions") !== undefined,
    ...(cloudAppSecurity ? { cloudAppSecurity: { type: cloudAppSecurity.cloudAppSecurityType ?? undefined } } : {}),
    disableResilienceDefaults: !!s.disableResilienceDefaults,
  };
}

/** A policy with every key present, ids in lower case, special values in Graph's spelling. */
export interface NormalisedPolicy {
  readonly id?: string;
  readonly displayName: string;
  /** `enabled`, `enabledForReportingButNotEnforced` or `disabled` (anything else is read as disabled). */
  readonly state: "enabled" | "enabledForReportingButNotEnforced" | "disabled";
  readonly users: Omit<ConditionalAccessUsers, "includeGuestsOrExternalUsers" | "excludeGuestsOrExternalUsers"> & {
    readonly includeGuestsOrExternalUsers?: GuestScope;
    readonly excludeGuestsOrExternalUsers?: GuestScope;
  };
  /** Service principals targeted (workload identity policy): such a policy never applies to a user's sign-in. */
  readonly workloadIdentities: boolean;
  /** A workload identity policy's service principals (included, excluded), their filter, and its service principal risk levels. */
  readonly servicePrincipals: {
    readonly include: readonly string[];
    readonly exclude: readonly string[];
    readonly filter?: PolicyFilter;
    readonly riskLevels: readonly string[];
  };
  readonly applications: {
    readonly includeApplications: readonly string[];
    readonly excludeApplications: readonly string[];
    readonly includeUserActions: readonly string[];
    readonly includeAuthenticationContextClassReferences: readonly string[];
    /** An application filter (custom security attributes) is set: not evaluable offline. */
    readonly hasApplicationFilter: boolean;
    readonly filter?: PolicyFilter;
  };
  /** The client app types covered, "all", an empty list and easSupported expanded. */
  readonly clientAppTypes: ReadonlySet<SignInClientAppType>;
  /** Exchange ActiveSync is covered only through `easSupported`: on the platforms Microsoft supports, not every platform. */
  readonly easSupportedOnly: boolean;
  /** Undefined when the condition is not configured (every platform). */
  readonly platforms?: { readonly includePlatforms: readonly string[]; readonly excludePlatforms: readonly string[] };
  /** Undefined when the condition is not configured (every location). */
  readonly locations?: { readonly includeLocations: readonly string[]; readonly excludeLocations: readonly string[] };
  readonly signInRiskLevels: readonly string[];
  readonly userRiskLevels: readonly string[];
  readonly insiderRiskLevels: readonly string[];
  readonly authenticationFlows: readonly string[];
  readonly deviceFilter?: PolicyFilter;
  /** Undefined for a policy without grant controls (session controls only): it applies and asks nothing. */
  readonly grant?: NormalisedGrant;
  readonly hasSessionControls: boolean;
  /** The session controls, as the diff compares them. */
  readonly session: SessionFacts;
}

const list = (values: readonly string[] | null | undefined): string[] => (values ?? []).filter((v): v is string => typeof v === "string");
const ids = (values: readonly string[] | null | undefined): string[] => list(values).map(canonicalValue);
const commaList = (value: string | null | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "" && v !== "none");

const GUEST_TYPES = new Map(GUEST_OR_EXTERNAL_USER_TYPES.map((t) => [t.toLowerCase(), t]));

/** `guestOrExternalUserTypes` (a comma-separated string) and `externalTenants`; undefined when no type is named. */
export function guestScopeOf(value: GraphGuestsOrExternalUsers | null | undefined): GuestScope | undefined {
  if (!value) return undefined;
  const types = new Set<GuestOrExternalUserType>();
  for (const t of commaList(value.guestOrExternalUserTypes)) {
    const known = GUEST_TYPES.get(t.toLowerCase());
    if (known) types.add(known);
  }
  if (types.size === 0) return undefined;
  const tenants = value.externalTenants;
  const enumerated = tenants?.membershipKind === "enumerated" || (!tenants?.membershipKind && (tenants?.members?.length ?? 0) > 0);
  return { types, tenants: enumerated ? new Set(ids(tenants?.members)) : "all" };
}

const CLIENTS = new Map<string, SignInClientAppType>(SIGN_IN_CLIENT_APP_TYPES.map((c) => [c.toLowerCase(), c]));

/** The client app types a policy covers: "all", and an empty list (the condition not configured), cover every client; easSupported is Exchange ActiveSync. */
export function clientAppTypesOf(types: readonly string[] | null | undefined): ReadonlySet<SignInClientAppType> {
  const values = list(types).map((t) => t.toLowerCase());
  if (values.length === 0 || values.includes("all")) return new Set(SIGN_IN_CLIENT_APP_TYPES);
  const covered = new Set<SignInClientAppType>();
  for (const v of values) {
    const client = v === "eassupported" ? "exchangeActiveSync" : CLIENTS.get(v);
    if (client) covered.add(client);
  }
  return covered;
}

/** Whether Exchange ActiveSync is covered only through `easSupported` (not `exchangeActiveSync`, `all`, or an unconfigured list). */
function easSupportedOnly(types: readonly string[] | null | undefined): boolean {
  const values = list(types).map((t) => t.toLowerCase());
  return values.includes("eassupported") && !values.includes("exchangeactivesync") && !values.includes("all");
}

const BUILT_IN_CONTROLS = new Map(
  ["block", "mfa", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange"].map((c) => [c.toLowerCase(), c]),
);

/** The grant controls; undefined when the policy asks nothing (grantControls null, or no control at all). */
export function grantOf(policy: GraphPolicy): NormalisedGrant | undefined {
  const g = policy.grantControls;
  if (!g) return undefined;
  const builtIn = list(g.builtInControls).map((c) => BUILT_IN_CONTROLS.get(c.toLowerCase()) ?? c);
  const controls: Control[] = [];
  for (const c of builtIn) {
    if (c === "block") continue;
    controls.push(c === "mfa" ? { kind: "mfa" } : c === "passwordChange" ? { kind: "passwordChange" } : { kind: "other", name: c });
  }
  if (g.authenticationStrength?.id) controls.push({ kind: "authenticationStrength", id: g.authenticationStrength.id.toLowerCase() });
  for (const id of list(g.termsOfUse)) controls.push({ kind: "termsOfUse", id: id.toLowerCase() });
  for (const id of list(g.customAuthenticationFactors)) controls.push({ kind: "customControl", id });
  const block = builtIn.includes("block");
  if (!block && controls.length === 0) return undefined;
  // "By default, Conditional Access requires all selected controls" (Conditional Access: Grant).
  return { operator: String(g.operator ?? "AND").toUpperCase() === "OR" ? "OR" : "AND", block, controls };
}

/** A field of the policy as the one declaration reads it (`readField`): undefined when it sets nothing. */
function declared(policy: GraphPolicy, path: string): any {
  return readField(FIELD_BY_PATH.get(path)!, valueAt(policy, path));
}

const STATES = new Set(["enabled", "enabledForReportingButNotEnforced", "disabled"]);

/** Reads a Graph-shaped policy (nulls, missing keys, mixed-case ids) into one shape every fact reads. */
export function normalisePolicy(policy: GraphPolicy): NormalisedPolicy {
  const c = policy.conditions ?? {};
  const u = c.users ?? {};
  const a = c.applications ?? {};
  const state = STATES.has(policy.state ?? "") ? (policy.state as NormalisedPolicy["state"]) : "disabled";
  // The conditions this release added are read through the one field declaration (config/graph/policyFields.ts), as
  // export, drift, equivalence and diff read them: annotations, nulls, `none`, blank rules and letter case alike.
  const filterAt = (path: string): { filter?: PolicyFilter } => {
    const filter = declared(policy, path) as { mode?: string; rule: string } | undefined;
    return filter ? { filter: { mode: filter.mode === "exclude" ? "exclude" : "include", rule: filter.rule } } : {};
  };
  const deviceFilter = filterAt("conditions.devices.deviceFilter").filter;
  return {
    ...(policy.id ? { id: policy.id } : {}),
    displayName: policy.displayName ?? policy.id ?? "(unnamed policy)",
    state,
    users: {
      includeUsers: ids(u.includeUsers),
      excludeUsers: ids(u.excludeUsers),
      includeGroups: ids(u.includeGroups),
      excludeGroups: ids(u.excludeGroups),
      includeRoles: ids(u.includeRoles),
      excludeRoles: ids(u.excludeRoles),
      ...optional("includeGuestsOrExternalUsers", guestScopeOf(declared(policy, "conditions.users.includeGuestsOrExternalUsers"))),
      ...optional("excludeGuestsOrExternalUsers", guestScopeOf(declared(policy, "conditions.users.excludeGuestsOrExternalUsers"))),
    },
    workloadIdentities:
      declared(policy, "conditions.clientApplications.includeServicePrincipals") !== undefined ||
      declared(policy, "conditions.clientApplications.servicePrincipalFilter") !== undefined,
    servicePrincipals: {
      include: declared(policy, "conditions.clientApplications.includeServicePrincipals") ?? [],
      exclude: declared(policy, "conditions.clientApplications.excludeServicePrincipals") ?? [],
      ...filterAt("conditions.clientApplications.servicePrincipalFilter"),
      riskLevels: declared(policy, "conditions.servicePrincipalRiskLevels") ?? [],
    },
    applications: {
      includeApplications: ids(a.includeApplications),
      excludeApplications: ids(a.excludeApplications),
      includeUserActions: list(a.includeUserActions),
      includeAuthenticationContextClassReferences: declared(policy, "conditions.applications.includeAuthenticationContextClassReferences") ?? [],
      hasApplicationFilter: declared(policy, "conditions.applications.applicationFilter") !== undefined,
      ...filterAt("conditions.applications.applicationFilter"),
    },
    clientAppTypes: clientAppTypesOf(c.clientAppTypes),
    easSupportedOnly: easSupportedOnly(c.clientAppTypes),
    ...(c.platforms ? { platforms: { includePlatforms: list(c.platforms.includePlatforms), excludePlatforms: list(c.platforms.excludePlatforms) } } : {}),
    ...(c.locations ? { locations: { includeLocations: ids(c.locations.includeLocations), excludeLocations: ids(c.locations.excludeLocations) } } : {}),
    signInRiskLevels: list(c.signInRiskLevels),
    userRiskLevels: list(c.userRiskLevels),
    insiderRiskLevels: commaList(declared(policy, "conditions.insiderRiskLevels")),
    authenticationFlows: commaList(declared(policy, "conditions.authenticationFlows.transferMethods")),
    ...(deviceFilter ? { deviceFilter } : {}),
    ...optional("grant", grantOf(policy)),
    hasSessionControls:
      typeof policy.sessionControls === "object" &&
      policy.sessionControls !== null &&
      Object.values(policy.sessionControls).some((v) => v !== null && v !== undefined),
    session: sessionOf(policy),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
