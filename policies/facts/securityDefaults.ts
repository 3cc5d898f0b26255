import { PRIVILEGED_ROLE_IDS, PRIVILEGED_ROLES } from "../wellKnownIds";
import { compileApplicability, ResolvedContext, Who } from "./applicability";
import {
  ADMIN_PORTAL_APPS,
  applicationsOf,
  AZURE_MANAGEMENT_APPS,
  OFFICE_365_APPS,
  AZURE_SERVICE_MANAGEMENT_API,
  EXCHANGE_ONLINE,
  OFFICE_365_PORTAL,
} from "./applications";
import { grantBlocks, grantRequiresMfa } from "./grant";
import type { GraphPolicy } from "./graphShape";
import type { LocationProfile } from "./locations";
import { factsOf } from "./policyFacts";
import {
  ALL_APPS,
  ALL_LOCATIONS,
  ALL_TRUSTED_LOCATIONS,
  DEVICE_PLATFORMS,
  GUEST_OR_EXTERNAL_USER_TYPES,
  LEGACY_CLIENT_APP_TYPES,
  MODERN_CLIENT_APP_TYPES,
  NO_APPS,
  SignInClientAppType,
} from "./vocabulary";

/**
 * The one answer to "do the enforced policies give what Security Defaults gave?", read by the
 * guard's parity rule, the diff's "Security Defaults turned off", the what-if's coverage report (each
 * protection lost is one of its gaps) and the coverage proof (for members and admins, beside its simulation).
 *
 * Security Defaults require MFA of administrators and of every user (guests included, nobody
 * excluded), block legacy authentication, and require MFA for Azure management. A protection is
 * kept when every probe sign-in it stands for is stopped by an enabled policy: blocked, or asked
 * for MFA with no way around it. The probes are people no stack names (so break-glass accounts and
 * the accounts and groups a stack excludes are exempt by construction): each privileged role, a
 * member, each kind of guest or external user (from any tenant a policy names, and from another),
 * on every device platform and an unknown one, from nowhere and from every named location a policy
 * names (trusted or not), to every application a policy names and to one it does not, at no risk
 * (a risk only ever adds policies, so no risk is where a gap shows first).
 */

/** What Security Defaults give, by the baseline policy that gives it under Conditional Access. */
export const SECURITY_DEFAULTS_PROTECTIONS = [
  { key: "adminMfa", what: "MFA for administrators" },
  { key: "allUsersMfa", what: "MFA for all users" },
  { key: "blockLegacyAuth", what: "legacy authentication blocked" },
  { key: "azureManagementMfa", what: "MFA for Azure management" },
] as const;
export type SecurityDefaultsProtection = (typeof SECURITY_DEFAULTS_PROTECTIONS)[number]["key"];

/** One protection of Security Defaults the enforced policies do not give, with a sign-in that shows it. */
export interface SecurityDefaultsGap {
  readonly protection: SecurityDefaultsProtection;
  /** The protection in words: "MFA for all users". */
  readonly what: string;
  /** A sign-in that gets through without it, in words. */
  readonly example: string;
  /** Who that sign-in is: a privileged role, a member, or a guest or external user. */
  readonly who: "admin" | "member" | "guest";
}

/** Whom {@link securityDefaultsGaps} asks about. */
export interface SecurityDefaultsGapsOptions {
  /**
   * Whether guests and external users are probed too. The coverage proof, which speaks for members and
   * admins, asks without them.
   * @default true
   */
  readonly guests?: boolean;
}

/** An application in no policy's list: what "All" applications means to a policy. */
const UNLISTED_APP = "5e1c0f2a-0000-4000-8000-00000000a991";
/** A home tenant no policy names. */
const OTHER_TENANT = "e0e0e0e0-0000-4000-8000-00000000e71e";

interface Probe {
  readonly who: Who;
  readonly label: string;
  readonly kind: SecurityDefaultsGap["who"];
}

const member = (userId: string, roleIds: readonly string[] = []): Who => ({ userId, groupIds: [], roleIds, userType: "member" });

function peopleOf(policies: readonly ReturnType<typeof factsOf>[]): { admins: Probe[]; users: Probe[] } {
  const admins = PRIVILEGED_ROLE_IDS.map((role) => ({
    who: member(`probe-admin-${role}`, [role]),
    label: `a ${PRIVILEGED_ROLES[role]}`,
    kind: "admin" as const,
  }));
  const tenants = new Set<string>([OTHER_TENANT]);
  for (const p of policies) {
    for (const scope of [p.users.includeGuestsOrExternalUsers, p.users.excludeGuestsOrExternalUsers]) {
      if (scope && scope.tenants !== "all") for (const t of scope.tenants) tenants.add(t);
    }
  }
  const guests = GUEST_OR_EXTERNAL_USER_TYPES.flatMap((type) =>
    (type === "internalGuest" ? [undefined] : [...tenants]).map((tenant) => ({
      who: {
        userId: `probe-guest-${type}`,
        groupIds: [],
        roleIds: [],
        userType: type === "b2bCollaborationMember" ? ("member" as const) : ("guest" as const),
        guestOrExternalUserType: type,
        ...(tenant ? { homeTenantId: tenant } : {}),
      },
      label: `a guest or external user (${type}${tenant && tenant !== OTHER_TENANT ? ` of tenant ${tenant}` : ""})`,
      kind: "guest" as const,
    })),
  );
  return { admins, users: [{ who: member("probe-member"), label: "a member", kind: "member" }, ...guests] };
}

/** Where a sign-in may come from: nowhere named, every named location at once (trusted), and each one alone, trusted or not. */
function locationsOf(policies: readonly ReturnType<typeof factsOf>[]): LocationProfile[] {
  const named = new Set<string>();
  for (const p of policies) {
    for (const id of [...(p.locations?.includeLocations ?? []), ...(p.locations?.excludeLocations ?? [])]) {
      if (id !== ALL_LOCATIONS && id !== ALL_TRUSTED_LOCATIONS) named.add(id);
    }
  }
  const profiles: LocationProfile[] = [
    { key: "", ids: new Set(), trusted: false },
    { key: "*", ids: named, trusted: true },
  ];
  for (const id of named) {
    profiles.push({ key: id, ids: new Set([id]), trusted: false }, { key: `${id}+trusted`, ids: new Set([id]), trusted: true });
  }
  return profiles;
}

/** Every application a policy names (groups expanded), a few Security Defaults are known for, and one no policy names. */
function applicationsOfPolicies(policies: readonly ReturnType<typeof factsOf>[]): string[] {
  const apps = new Set<string>([UNLISTED_APP, EXCHANGE_ONLINE, OFFICE_365_PORTAL, AZURE_SERVICE_MANAGEMENT_API]);
  for (const p of policies) {
    for (const value of [...p.applications.includeApplications, ...p.applications.excludeApplications]) {
      if (value !== ALL_APPS && value !== NO_APPS) for (const app of applicationsOf(value)) apps.add(app);
    }
  }
  return [...apps];
}

const PLATFORMS = [...DEVICE_PLATFORMS.map((p) => p.toLowerCase()), "unknown"];
const APP_NAMES = new Map([...OFFICE_365_APPS, ...ADMIN_PORTAL_APPS, ...AZURE_MANAGEMENT_APPS, [UNLISTED_APP, "an app no policy names"]]);

function where(context: ResolvedContext): string {
  const l = context.location;
  const location = l.key === "" ? "" : l.key === "*" ? " from a trusted location" : ` from named location ${[...l.ids][0]}${l.trusted ? " (trusted)" : ""}`;
  const platform = context.platform === "windows" ? "" : ` on platform ${context.platform}`;
  return `on ${context.clientAppType} to ${APP_NAMES.get(context.applicationId) ?? `application ${context.applicationId}`}${platform}${location}`;
}

/**
 * The protections of Security Defaults that the enabled policies do not give (empty: they give
 * every one). Only enabled policies count: report-only and disabled ones never enforce.
 */
export function securityDefaultsGaps(policies: readonly GraphPolicy[], options: SecurityDefaultsGapsOptions = {}): SecurityDefaultsGap[] {
  const enforced = policies.map(factsOf).filter((p) => p.state === "enabled" && p.grant !== undefined && !p.deviceFilter);
  const known = new Set(locationsOf(enforced).flatMap((l) => [...l.ids]));
  const compiled = enforced.map((p) => ({
    ...compileApplicability(p, known),
    mfa: grantBlocks(p.grant) || grantRequiresMfa(p.grant),
  }));
  const people = peopleOf(enforced);
  const admins = people.admins;
  const users = options.guests === false ? people.users.filter((p) => p.kind !== "guest") : people.users;
  const apps = applicationsOfPolicies(enforced);
  // A dimension no policy conditions on cannot open a gap: probe it once.
  const locations = enforced.some((p) => p.locations) ? locationsOf(enforced) : locationsOf([]).slice(0, 1);
  const platforms = enforced.some((p) => p.platforms) ? PLATFORMS : ["windows"];
  const contextsOf = (clients: readonly SignInClientAppType[], appIds: readonly string[]): ResolvedContext[] =>
    clients.flatMap((clientAppType) =>
      appIds.flatMap((applicationId) =>
        platforms.flatMap((platform) =>
          locations.map((location) => ({ clientAppType, applicationId, platform, location, signInRisk: "none", userRisk: "none" })),
        ),
      ),
    );
  /** The first probe no applying policy stops: with MFA (or a block), or on a legacy client with any grant. */
  const firstOpen = (
    people: readonly Probe[],
    contexts: readonly ResolvedContext[],
    legacy: boolean,
  ): Omit<SecurityDefaultsGap, "protection" | "what"> | undefined => {
    for (const context of contexts) {
      const applying = compiled.filter((p) => (legacy || p.mfa) && p.appliesToContext(context));
      for (const person of people)
        if (!applying.some((p) => p.appliesToUser(person.who))) return { example: `${person.label} ${where(context)}`, who: person.kind };
    }
    return undefined;
  };
  const azure = [...AZURE_MANAGEMENT_APPS.keys()];
  const open: Record<SecurityDefaultsProtection, () => ReturnType<typeof firstOpen>> = {
    adminMfa: () => firstOpen(admins, contextsOf(MODERN_CLIENT_APP_TYPES, apps), false),
    allUsersMfa: () => firstOpen(users, contextsOf(MODERN_CLIENT_APP_TYPES, apps), false),
    blockLegacyAuth: () => firstOpen([...users, ...admins], contextsOf(LEGACY_CLIENT_APP_TYPES, apps), true),
    azureManagementMfa: () => firstOpen([...users, ...admins], contextsOf(MODERN_CLIENT_APP_TYPES, azure), false),
  };
  return SECURITY_DEFAULTS_PROTECTIONS.flatMap(({ key, what }) => {
    const found = open[key]();
    return found === undefined ? [] : [{ protection: key, what, ...found }];
  });
}
