import { grantBlocks, grantRequiresMfa } from "./grant";
import type { GraphPolicy } from "./graphShape";
import { NormalisedPolicy, normalisePolicy } from "./normalise";
import { ALL_APPS, ALL_LOCATIONS, ALL_PLATFORMS, ALL_USERS, GUESTS_OR_EXTERNAL_USERS, SIGN_IN_CLIENT_APP_TYPES } from "./vocabulary";

/**
 * The questions guard, diff, what-if and CLI ask of one policy, answered once here. Every answer
 * reads the normalised policy, so a Graph GET shape (nulls, missing keys) and the project's own
 * declared shape get the same answer.
 */

const normalised = new WeakMap<object, NormalisedPolicy>();

/** The policy normalised (memoised per policy object). */
export function factsOf(p: GraphPolicy): NormalisedPolicy {
  let n = normalised.get(p);
  if (!n) {
    n = normalisePolicy(p);
    normalised.set(p, n);
  }
  return n;
}

export const isEnabled = (p: GraphPolicy): boolean => factsOf(p).state === "enabled";
export const isReportOnly = (p: GraphPolicy): boolean => factsOf(p).state === "enabledForReportingButNotEnforced";

/** Whether the grant is a block. */
export const isBlock = (p: GraphPolicy): boolean => grantBlocks(factsOf(p).grant);

/** Whether the policy requires MFA strictly: no block, and no weaker alternative ("MFA or compliant device" does not). */
export const requiresMfa = (p: GraphPolicy): boolean => grantRequiresMfa(factsOf(p).grant);

/** Whether the policy asks nothing where it applies (session controls only, or no control at all). */
export const asksNothing = (p: GraphPolicy): boolean => factsOf(p).grant === undefined;

export const usesRisk = (p: GraphPolicy): boolean => factsOf(p).signInRiskLevels.length > 0 || factsOf(p).userRiskLevels.length > 0;

/** Includes "All" users. */
export const targetsAllUsers = (p: GraphPolicy): boolean => factsOf(p).users.includeUsers.includes(ALL_USERS);

/** Excludes guests or external users of any kind. */
export const excludesGuests = (p: GraphPolicy): boolean =>
  factsOf(p).users.excludeUsers.includes(GUESTS_OR_EXTERNAL_USERS) || factsOf(p).users.excludeGuestsOrExternalUsers !== undefined;

/** Includes "All" applications. */
export const targetsAllApps = (p: GraphPolicy): boolean => factsOf(p).applications.includeApplications.includes(ALL_APPS);

/** Covers every client app type, legacy ones included. */
export const coversAllClients = (p: GraphPolicy): boolean => factsOf(p).clientAppTypes.size === SIGN_IN_CLIENT_APP_TYPES.length;

/** Whether a platform, location, device filter, insider risk or authentication flow condition narrows where the policy applies. */
export function narrowedByConditions(p: GraphPolicy): boolean {
  const f = factsOf(p);
  const platforms = f.platforms && (!f.platforms.includePlatforms.some((x) => x.toLowerCase() === ALL_PLATFORMS) || f.platforms.excludePlatforms.length > 0);
  const locations = f.locations && (!f.locations.includeLocations.includes(ALL_LOCATIONS) || f.locations.excludeLocations.length > 0);
  return !!platforms || !!locations || !!f.deviceFilter || f.insiderRiskLevels.length > 0 || f.authenticationFlows.length > 0 || f.workloadIdentities;
}

export const name = (p: GraphPolicy): string => factsOf(p).displayName;

/** Enabled and requires MFA on every client, at every risk, everywhere: the policy always requires MFA where its users and apps apply. */
export const alwaysRequiresMfa = (p: GraphPolicy): boolean => isEnabled(p) && requiresMfa(p) && !usesRisk(p) && coversAllClients(p) && !narrowedByConditions(p);

/** Requires MFA of every user on every app (no pilot group, no guest or app exclusion): what Security Defaults give everyone. */
export const givesAllUsersMfa = (p: GraphPolicy): boolean =>
  alwaysRequiresMfa(p) && targetsAllApps(p) && factsOf(p).applications.excludeApplications.length === 0 && targetsAllUsers(p) && !excludesGuests(p);
