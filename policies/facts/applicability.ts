import { applicationListMatcher } from "./applications";
import { DeviceFilterTest, deviceFilterTest } from "./deviceFilter";
import { LocationProfile, MFA_TRUSTED_IPS_LOCATION } from "./locations";
import type { GuestScope, NormalisedPolicy } from "./normalise";
import { guestTypeOf, SignIn } from "./signIn";
import { ALL_LOCATIONS, ALL_PLATFORMS, ALL_TRUSTED_LOCATIONS, ALL_USERS, DEVICE_PLATFORMS, GUESTS_OR_EXTERNAL_USERS, SignInClientAppType } from "./vocabulary";

/**
 * Whom and what a policy applies to, compiled once per policy into tests of a sign-in. Every
 * configured condition must match (Microsoft: "Conditional Access: Conditions"); an exclusion
 * beats every inclusion ("Conditional Access: Users and groups").
 */

/** The user part of a sign-in, ids in lower case. */
export type Who = Pick<SignIn, "userId" | "groupIds" | "roleIds" | "userType" | "guestOrExternalUserType" | "homeTenantId">;

/** Everything but the user, resolved: ids in lower case, the platform canonical, the location a profile. */
export interface ResolvedContext {
  readonly clientAppType: SignInClientAppType;
  readonly applicationId: string;
  readonly signInRisk: string;
  readonly userRisk: string;
  /** One of {@link DEVICE_PLATFORMS} in lower case, or "unknown". */
  readonly platform: string;
  readonly location: LocationProfile;
  readonly insiderRisk?: string;
  readonly authenticationFlow?: string;
}

/**
 * The conditions of a policy other than users and devices, one test each: a context matches when every one holds
 * (`appliesToContext` is their conjunction). Kept apart so an evaluator of many sign-ins can remember each condition
 * per value (whatif/evaluate.ts) instead of per combination of values.
 */
export interface ContextConditions {
  /** Client app types (with `easSupported`, which reads the platform) and device platforms. */
  readonly clientAndPlatform: (clientAppType: SignInClientAppType, platform: string) => boolean;
  readonly signInRisk: (level: string) => boolean;
  readonly userRisk: (level: string) => boolean;
  readonly insiderRisk: (level: string | undefined) => boolean;
  readonly authenticationFlow: (flow: string | undefined) => boolean;
  /** Target resources: the application id as the sign-in gives it (compared without case). */
  readonly application: (applicationId: string) => boolean;
  /** Locations (always true for a policy left out: where the sign-in is cannot be told). */
  readonly location: (where: LocationProfile) => boolean;
}

export interface Applicability {
  readonly appliesToContext: (context: ResolvedContext) => boolean;
  /** The same conditions, one test each. */
  readonly conditions: ContextConditions;
  readonly appliesToUser: (who: Who) => boolean;
  /** The include side of the users condition alone (`appliesToUser` is it, and no exclusion naming the user). */
  readonly includesUser: (who: Who) => boolean;
  /** The exclusions of the users condition that name the user, whether or not the include side holds. */
  readonly excludesUserBy: (who: Who) => UserExclusion[];
  /**
   * Whether the policy is left out of the evaluation (it names a named location the caller did not supply): then
   * `appliesToContext` tests its other conditions only, so the evaluation can state it where it would otherwise apply.
   */
  readonly leftOut: boolean;
  /** The policy's filter for devices, when it has one the grammar reads: whether the policy applies to the sign-in's device. */
  readonly appliesToDevice?: DeviceFilterTest;
  /** What of the policy the evaluation cannot check offline, in words (empty when everything is evaluated). */
  readonly simplifications: readonly string[];
}

const PLATFORMS = new Set<string>(DEVICE_PLATFORMS.map((p) => p.toLowerCase()));
/**
 * `easSupported`: Exchange ActiveSync clients on the platforms Conditional Access supports for them ("Administrators
 * can apply policy only to supported platforms (such as iOS, Android, and Windows) through the Conditional Access
 * Microsoft Graph API"); `exchangeActiveSync` "includes EAS supported and unsupported platforms".
 */
export const EAS_SUPPORTED_PLATFORMS: ReadonlySet<string> = new Set(["ios", "android", "windows"]);

/** The sign-in's platform as the condition compares it: a known platform in lower case, else "unknown". */
export function platformOf(devicePlatform: string | undefined): string {
  const p = devicePlatform === undefined || devicePlatform === null ? undefined : devicePlatform.toLowerCase();
  return p !== undefined && PLATFORMS.has(p) ? p : "unknown";
}

function anyIn(set: ReadonlySet<string>, values: readonly string[]): boolean {
  for (let i = 0; i < values.length; i++) if (set.has(values[i])) return true;
  return false;
}

/** Whether the user is one of the scope's guest or external user types, from one of its tenants (local guests have no other tenant). */
export function inGuestScope(scope: GuestScope | undefined, who: Who): boolean {
  if (!scope) return false;
  const type = guestTypeOf(who);
  if (!type || !scope.types.has(type)) return false;
  if (type === "internalGuest" || scope.tenants === "all") return true;
  return who.homeTenantId !== undefined && scope.tenants.has(who.homeTenantId.toLowerCase());
}

/** The exclusions of a users condition, as Graph names them. */
export const USER_EXCLUSIONS = ["excludeUsers", "excludeGroups", "excludeRoles", "excludeGuestsOrExternalUsers"] as const;
export type UserExclusion = (typeof USER_EXCLUSIONS)[number];

/** The users condition compiled: the include side, and each exclusion, as tests of a user. */
interface UsersCondition {
  readonly applies: (who: Who) => boolean;
  readonly includes: (who: Who) => boolean;
  /** The exclusions that name the user (the user's id, a group or role of theirs, their guest type). */
  readonly excludedBy: (who: Who) => UserExclusion[];
}

function usersCondition(p: NormalisedPolicy): UsersCondition {
  const u = p.users;
  const allUsers = u.includeUsers.includes(ALL_USERS);
  const includeAnyGuest = u.includeUsers.includes(GUESTS_OR_EXTERNAL_USERS);
  const excludeAnyGuest = u.excludeUsers.includes(GUESTS_OR_EXTERNAL_USERS);
  const includeUsers = new Set(u.includeUsers);
  const excludeUsers = new Set(u.excludeUsers);
  const includeGroups = new Set(u.includeGroups);
  const excludeGroups = new Set(u.excludeGroups);
  const includeRoles = new Set(u.includeRoles);
  const excludeRoles = new Set(u.excludeRoles);
  const includeGuests = u.includeGuestsOrExternalUsers;
  const excludeGuests = u.excludeGuestsOrExternalUsers;
  const anyExclusion = excludeUsers.size > 0 || excludeGroups.size > 0 || excludeRoles.size > 0 || excludeGuests !== undefined;
  const includes = (who: Who) =>
    allUsers ||
    (includeUsers.size > 0 && includeUsers.has(who.userId)) ||
    (includeAnyGuest && guestTypeOf(who) !== undefined) ||
    (includeGuests !== undefined && inGuestScope(includeGuests, who)) ||
    (includeGroups.size > 0 && anyIn(includeGroups, who.groupIds)) ||
    (includeRoles.size > 0 && anyIn(includeRoles, who.roleIds));
  const excludes: Readonly<Record<UserExclusion, (who: Who) => boolean>> = {
    excludeUsers: (who) => excludeUsers.has(who.userId) || (excludeAnyGuest && guestTypeOf(who) !== undefined),
    excludeGroups: (who) => excludeGroups.size > 0 && anyIn(excludeGroups, who.groupIds),
    excludeRoles: (who) => excludeRoles.size > 0 && anyIn(excludeRoles, who.roleIds),
    excludeGuestsOrExternalUsers: (who) => excludeGuests !== undefined && inGuestScope(excludeGuests, who),
  };
  return {
    // An exclusion beats every inclusion.
    applies: (who) =>
      includes(who) &&
      !(
        anyExclusion &&
        (excludes.excludeUsers(who) || excludes.excludeGuestsOrExternalUsers(who) || excludes.excludeGroups(who) || excludes.excludeRoles(who))
      ),
    includes,
    excludedBy: (who) => USER_EXCLUSIONS.filter((field) => excludes[field](who)),
  };
}

/** A list of locations against a profile: "All" any location, "AllTrusted" a trusted one, an id that named location. */
function locationListMatcher(values: readonly string[]): (where: LocationProfile) => boolean {
  if (values.includes(ALL_LOCATIONS)) return () => true;
  const trusted = values.includes(ALL_TRUSTED_LOCATIONS);
  const ids = values.filter((v) => v !== ALL_TRUSTED_LOCATIONS);
  return (where) => (trusted && where.trusted) || (ids.length > 0 && anyIn(where.ids, ids));
}

function platformListMatcher(values: readonly string[]): (platform: string) => boolean {
  const lower = new Set(values.map((v) => v.toLowerCase()));
  if (lower.has(ALL_PLATFORMS)) return () => true;
  return (platform) => lower.has(platform);
}

/**
 * Compiles the policy's conditions. `knownLocations` are the ids of the named locations the caller
 * supplies; a policy naming another location is reported as a simplification (it matches nothing).
 */
export function compileApplicability(p: NormalisedPolicy, knownLocations: ReadonlySet<string> = new Set()): Applicability {
  const simplifications: string[] = [];
  const clients = p.clientAppTypes;
  const easSupportedOnly = p.easSupportedOnly;
  const signInRisk = new Set(p.signInRiskLevels);
  const userRisk = new Set(p.userRiskLevels);
  const insiderRisk = new Set(p.insiderRiskLevels);
  const flows = new Set(p.authenticationFlows);
  const a = p.applications;
  // Only application sign-ins are evaluated: a policy on user actions or authentication contexts alone never applies to one.
  const includeApps = applicationListMatcher(a.includeApplications);
  const excludeApps = applicationListMatcher(a.excludeApplications);
  if (a.hasApplicationFilter) simplifications.push(`"${p.displayName}": its application filter is not evaluated; only its listed applications count`);
  const platforms = p.platforms;
  const includePlatforms = platforms ? platformListMatcher(platforms.includePlatforms) : undefined;
  const excludePlatforms = platforms ? platformListMatcher(platforms.excludePlatforms) : undefined;
  const locations = p.locations;
  const includeLocations = locations ? locationListMatcher(locations.includeLocations) : undefined;
  const excludeLocations = locations ? locationListMatcher(locations.excludeLocations) : undefined;
  if (locations) {
    const unknown = [...locations.includeLocations, ...locations.excludeLocations].filter(
      (l) => l !== ALL_LOCATIONS && l !== ALL_TRUSTED_LOCATIONS && l !== MFA_TRUSTED_IPS_LOCATION && !knownLocations.has(l),
    );
    if (unknown.length > 0) simplifications.push(`"${p.displayName}": named location ${unknown.join(", ")} not supplied, so the policy is left out`);
  }
  const filter = p.deviceFilter ? deviceFilterTest(p.deviceFilter) : undefined;
  if (filter && "problem" in filter)
    simplifications.push(`"${p.displayName}": its device filter rule cannot be read (${filter.problem}); the policy is treated as applying`);
  // A policy naming a location the caller did not supply is left out: where a sign-in is cannot be told (no lockout, no coverage).
  const never = p.workloadIdentities || p.state === "disabled";
  // Left out: where the sign-in is cannot be told. Its other conditions still decide whether the note is due.
  const leftOut = locations !== undefined && simplifications.some((n) => n.includes("not supplied"));

  const conditions: ContextConditions = {
    clientAndPlatform: (clientAppType, platform) =>
      !never &&
      clients.has(clientAppType) &&
      !(easSupportedOnly && clientAppType === "exchangeActiveSync" && !EAS_SUPPORTED_PLATFORMS.has(platform)) &&
      (!includePlatforms || (includePlatforms(platform) && !excludePlatforms!(platform))),
    signInRisk: (level) => signInRisk.size === 0 || signInRisk.has(level),
    userRisk: (level) => userRisk.size === 0 || userRisk.has(level),
    insiderRisk: (level) => insiderRisk.size === 0 || (level !== undefined && insiderRisk.has(level)),
    authenticationFlow: (flow) => flows.size === 0 || (flow !== undefined && flows.has(flow)),
    application: (applicationId) => includeApps(applicationId) && !excludeApps(applicationId),
    location: (where) => leftOut || !includeLocations || (includeLocations(where) && !excludeLocations!(where)),
  };
  const users = usersCondition(p);
  const appliesToContext = (s: ResolvedContext): boolean =>
    conditions.clientAndPlatform(s.clientAppType, s.platform) &&
    conditions.signInRisk(s.signInRisk) &&
    conditions.userRisk(s.userRisk) &&
    conditions.insiderRisk(s.insiderRisk) &&
    conditions.authenticationFlow(s.authenticationFlow) &&
    conditions.application(s.applicationId) &&
    conditions.location(s.location);
  return {
    appliesToContext,
    conditions,
    leftOut,
    appliesToUser: users.applies,
    includesUser: users.includes,
    excludesUserBy: users.excludedBy,
    ...(filter && "test" in filter ? { appliesToDevice: filter.test } : {}),
    simplifications,
  };
}
