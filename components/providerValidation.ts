import {
  BUILT_IN_CONTROLS,
  CLIENT_APP_TYPES,
  CONDITIONAL_ACCESS_POLICY_STATES,
  GRANT_OPERATORS,
  RISK_LEVELS,
  SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES,
  SIGN_IN_FREQUENCY_INTERVALS,
  SIGN_IN_FREQUENCY_PERIODS,
} from "../policies/graphTypes";
import { DEVICE_PLATFORMS, GUEST_OR_EXTERNAL_USER_TYPES } from "../policies/facts/vocabulary";

/**
 * The checks the real azuread provider (terraform-provider-azuread v3.8.0, which @pulumi/azuread 6.9.1
 * bridges: internal/services/conditionalaccess/conditional_access_policy_resource.go) makes on
 * `azuread.ConditionalAccessPolicy` inputs and Pulumi's mocks do not: required values, enum values, no
 * empty string in a list, exactly one of applications / user actions, a users block that includes
 * someone, guest, location and platform blocks, the authentication strength's path, and sign-in
 * frequency rules. Where the provider passes what Graph then refuses (an empty list where Graph needs
 * values, a session block that does nothing), this refuses too. The offline plan runs them so a plan
 * that passes here does not fail at `pulumi up`. `PROVIDER_ENUMS` are the values the provider accepts
 * (v3.8.0 accepts no `unknownFutureValue` for risk levels or built-in controls).
 */
export const PROVIDER_ENUMS = {
  state: CONDITIONAL_ACCESS_POLICY_STATES,
  clientAppTypes: CLIENT_APP_TYPES,
  riskLevels: RISK_LEVELS,
  builtInControls: BUILT_IN_CONTROLS,
  operator: GRANT_OPERATORS,
  signInFrequencyInterval: SIGN_IN_FREQUENCY_INTERVALS,
  signInFrequencyAuthenticationType: SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES,
  signInFrequencyPeriod: SIGN_IN_FREQUENCY_PERIODS,
  platforms: ["all", ...DEVICE_PLATFORMS],
  guestOrExternalUserTypes: GUEST_OR_EXTERNAL_USER_TYPES,
  membershipKind: ["all", "enumerated"],
} as const;

const STRENGTH_PATH = /^\/policies\/authenticationStrengthPolicies\/[^/\s]+$/;

const nonEmpty = (list: unknown): list is unknown[] => Array.isArray(list) && list.length > 0;

function badValues(field: string, values: unknown, allowed: readonly string[]): string[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list
    .filter((v) => !allowed.includes(v as string))
    .map((v) => `${field}: ${JSON.stringify(v)} is not accepted by the azuread provider; use one of ${allowed.join(", ")}`);
}

/** Every list of strings in the inputs whose element is empty or not a string (the provider's `StringIsNotEmpty`). */
function emptyElements(value: unknown, path: string): string[] {
  if (Array.isArray(value)) {
    // A list of blocks (guests, tenants) is checked inside; a list of values holds non-empty strings only.
    const bad = value.filter((v) => !(v && typeof v === "object") && (typeof v !== "string" || v.trim() === ""));
    const nested = value.flatMap((v, i) => (v && typeof v === "object" ? emptyElements(v, `${path}[${i}]`) : []));
    return [
      ...(bad.length > 0 ? [`${path}: ${bad.map((v) => JSON.stringify(v ?? null)).join(", ")} is not a value; every entry must be a non-empty string`] : []),
      ...nested,
    ];
  }
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => emptyElements(v, path ? `${path}.${k}` : k));
  return [];
}

/** A guest block (`includedGuestsOrExternalUsers`): one, with known types, and tenants that are all or listed. */
function guestBlockProblems(blocks: unknown, path: string): string[] {
  if (blocks === undefined || blocks === null) return [];
  if (!Array.isArray(blocks) || blocks.length !== 1) return [`${path}: give exactly one block (the provider reads only the first)`];
  const block = blocks[0] ?? {};
  const problems = [];
  if (!nonEmpty(block.guestOrExternalUserTypes)) problems.push(`${path}.guestOrExternalUserTypes: is required`);
  problems.push(...badValues(`${path}.guestOrExternalUserTypes`, block.guestOrExternalUserTypes, PROVIDER_ENUMS.guestOrExternalUserTypes));
  if (block.externalTenants !== undefined && block.externalTenants !== null) {
    const tenants = Array.isArray(block.externalTenants) && block.externalTenants.length === 1 ? block.externalTenants[0] : undefined;
    if (!tenants) problems.push(`${path}.externalTenants: give exactly one block`);
    else {
      problems.push(...(tenants.membershipKind === undefined ? [`${path}.externalTenants.membershipKind: is required (all or enumerated)`] : []));
      problems.push(...badValues(`${path}.externalTenants.membershipKind`, tenants.membershipKind, PROVIDER_ENUMS.membershipKind));
      if (tenants.membershipKind === "enumerated" && !nonEmpty(tenants.members)) problems.push(`${path}.externalTenants.members: enumerated needs tenant ids`);
      if (tenants.membershipKind === "all" && nonEmpty(tenants.members)) problems.push(`${path}.externalTenants.members: the provider drops them with all`);
    }
  }
  return problems;
}

export function providerInputProblems(inputs: Record<string, any>): string[] {
  const problems: string[] = [];
  const c = inputs.conditions ?? {};
  const g = inputs.grantControls;
  const s = inputs.sessionControls;
  if (!inputs.displayName) problems.push("displayName: is required");
  if (inputs.state === undefined) problems.push(`state: is required; use one of ${PROVIDER_ENUMS.state.join(", ")}`);
  problems.push(...badValues("state", inputs.state, PROVIDER_ENUMS.state));
  problems.push(...emptyElements(c, "conditions"), ...emptyElements(g ?? {}, "grantControls"));
  if (!nonEmpty(c.clientAppTypes)) problems.push('conditions.clientAppTypes: is required; use ["all"] for every client');
  problems.push(...badValues("conditions.clientAppTypes", c.clientAppTypes, PROVIDER_ENUMS.clientAppTypes));
  problems.push(...badValues("conditions.signInRiskLevels", c.signInRiskLevels, PROVIDER_ENUMS.riskLevels));
  problems.push(...badValues("conditions.userRiskLevels", c.userRiskLevels, PROVIDER_ENUMS.riskLevels));
  const apps = c.applications ?? {};
  // The provider counts a key as set even when its list is empty (ExactlyOneOf); Graph needs one non-empty list.
  const present = (key: string) => apps[key] !== undefined && apps[key] !== null;
  if (nonEmpty(apps.includedApplications) === nonEmpty(apps.includedUserActions) || (present("includedApplications") && present("includedUserActions"))) {
    problems.push("conditions.applications: set exactly one of includedApplications or includedUserActions");
  }
  const users = c.users ?? {};
  if (![users.includedUsers, users.includedGroups, users.includedRoles, users.includedGuestsOrExternalUsers].some(nonEmpty)) {
    problems.push("conditions.users: include at least one of includedUsers, includedGroups, includedRoles or includedGuestsOrExternalUsers");
  }
  problems.push(...guestBlockProblems(users.includedGuestsOrExternalUsers, "conditions.users.includedGuestsOrExternalUsers"));
  problems.push(...guestBlockProblems(users.excludedGuestsOrExternalUsers, "conditions.users.excludedGuestsOrExternalUsers"));
  if (c.locations) {
    if (!nonEmpty(c.locations.includedLocations)) {
      problems.push('conditions.locations.includedLocations: is required; use ["All"] to apply everywhere but the excluded locations');
    }
  }
  if (c.platforms) {
    if (!nonEmpty(c.platforms.includedPlatforms)) {
      problems.push('conditions.platforms.includedPlatforms: is required; use ["all"] to apply to every platform but the excluded ones');
    }
    problems.push(...badValues("conditions.platforms.includedPlatforms", c.platforms.includedPlatforms, PROVIDER_ENUMS.platforms));
    problems.push(...badValues("conditions.platforms.excludedPlatforms", c.platforms.excludedPlatforms, PROVIDER_ENUMS.platforms));
  }
  if (!g && !s) problems.push("grantControls or sessionControls: at least one is required");
  if (g) {
    if (g.operator === undefined) problems.push("grantControls.operator: is required; use AND or OR");
    problems.push(...badValues("grantControls.operator", g.operator, PROVIDER_ENUMS.operator));
    const strength = g.authenticationStrengthPolicyId;
    if (strength !== undefined && !STRENGTH_PATH.test(String(strength))) {
      problems.push(`grantControls.authenticationStrengthPolicyId: ${JSON.stringify(strength)} is not /policies/authenticationStrengthPolicies/<id>`);
    }
    problems.push(...badValues("grantControls.builtInControls", g.builtInControls, PROVIDER_ENUMS.builtInControls));
    if (!nonEmpty(g.builtInControls) && !g.authenticationStrengthPolicyId && !nonEmpty(g.termsOfUses)) {
      problems.push("grantControls: set at least one of builtInControls, authenticationStrengthPolicyId or termsOfUses");
    }
  }
  if (s) {
    problems.push(...badValues("sessionControls.signInFrequencyInterval", s.signInFrequencyInterval, PROVIDER_ENUMS.signInFrequencyInterval));
    problems.push(
      ...badValues("sessionControls.signInFrequencyAuthenticationType", s.signInFrequencyAuthenticationType, PROVIDER_ENUMS.signInFrequencyAuthenticationType),
    );
    problems.push(...badValues("sessionControls.signInFrequencyPeriod", s.signInFrequencyPeriod, PROVIDER_ENUMS.signInFrequencyPeriod));
    if (s.signInFrequencyInterval === "everyTime" && (s.signInFrequency !== undefined || s.signInFrequencyPeriod !== undefined)) {
      problems.push("sessionControls: an everyTime sign-in frequency takes no signInFrequency or signInFrequencyPeriod");
    }
    if ((s.signInFrequency === undefined) !== (s.signInFrequencyPeriod === undefined)) {
      problems.push("sessionControls: signInFrequency and signInFrequencyPeriod go together");
    }
    // The provider drops a frequency of 0, and a time-based one without its value then reaches Graph, which refuses it.
    if (s.signInFrequencyInterval !== "everyTime" && s.signInFrequency !== undefined && !(Number.isInteger(s.signInFrequency) && s.signInFrequency >= 1)) {
      problems.push(`sessionControls.signInFrequency: ${JSON.stringify(s.signInFrequency)} is not a whole number of hours or days (1 or more)`);
    }
    if (s.signInFrequencyInterval === "timeBased" && s.signInFrequency === undefined) {
      problems.push("sessionControls: a timeBased sign-in frequency needs signInFrequency and signInFrequencyPeriod");
    }
    if (!g && s.signInFrequencyInterval === undefined && s.signInFrequency === undefined) {
      problems.push("sessionControls: sets nothing the provider sends, and there are no grantControls: the policy would control nothing");
    }
  }
  return problems;
}
