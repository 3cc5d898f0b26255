import { fieldAt, GRAPH_ENUMS, providerMembersOf } from "../config/graph/policyFields";
import { GUEST_OR_EXTERNAL_USER_TYPES } from "../policies/facts/vocabulary";

/**
 * The checks the real azuread provider (terraform-provider-azuread v3.8.0, which @pulumi/azuread 6.9.1
 * bridges: internal/services/conditionalaccess/conditional_access_policy_resource.go and its
 * CustomizeDiff) makes on `azuread.ConditionalAccessPolicy` inputs and Pulumi's mocks do not: required
 * values, enum values, no empty string in a list, exactly one of applications / user actions, a users
 * block that includes someone, guest, location, platform and filter blocks, the authentication strength's
 * path, insider risk as one level, and the session controls' rules. Where the provider passes what Graph
 * then refuses (an empty list where Graph needs values, a session block that does nothing) or drops what
 * was stated (app-enforced restrictions beside an every-time sign-in frequency), this refuses too. The
 * offline plan runs them so a plan that passes here does not fail at `pulumi up`. `PROVIDER_ENUMS` are
 * the values the provider accepts (derived from the field declaration: v3.8.0 accepts no
 * `unknownFutureValue`, nor `riskRemediation`).
 */
export const PROVIDER_ENUMS = {
  state: GRAPH_ENUMS.conditionalAccessPolicyState,
  clientAppTypes: providerMembersOf(fieldAt("conditions.clientAppTypes")),
  riskLevels: providerMembersOf(fieldAt("conditions.signInRiskLevels")),
  insiderRiskLevels: providerMembersOf(fieldAt("conditions.insiderRiskLevels")),
  transferMethods: providerMembersOf(fieldAt("conditions.authenticationFlows.transferMethods")),
  builtInControls: providerMembersOf(fieldAt("grantControls.builtInControls")),
  operator: fieldAt("grantControls.operator").oneOf!,
  signInFrequencyInterval: GRAPH_ENUMS.signInFrequencyInterval.filter((m) => m !== "unknownFutureValue"),
  signInFrequencyAuthenticationType: GRAPH_ENUMS.signInFrequencyAuthenticationType.filter((m) => m !== "unknownFutureValue"),
  signInFrequencyPeriod: GRAPH_ENUMS.signinFrequencyType,
  platforms: providerMembersOf(fieldAt("conditions.platforms.includePlatforms")),
  // The provider also takes `none`, which selects no one: refused here.
  guestOrExternalUserTypes: GUEST_OR_EXTERNAL_USER_TYPES,
  membershipKind: ["all", "enumerated"],
  filterMode: GRAPH_ENUMS.filterMode,
  cloudAppSecurityPolicy: providerMembersOf(fieldAt("sessionControls.cloudAppSecurity")),
  persistentBrowserMode: providerMembersOf(fieldAt("sessionControls.persistentBrowser")),
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

/** A filter block (devices, service principals): one mode, include or exclude, and a rule. */
function filterProblems(filter: unknown, path: string): string[] {
  if (filter === undefined || filter === null) return [];
  const f = (Array.isArray(filter) ? filter[0] : filter) ?? {};
  return [
    ...(f.mode === undefined ? [`${path}.mode: is required (include or exclude)`] : badValues(`${path}.mode`, f.mode, PROVIDER_ENUMS.filterMode)),
    ...(typeof f.rule !== "string" || f.rule.trim() === "" ? [`${path}.rule: is required: a rule in Entra's filter syntax`] : []),
  ];
}

/** Whether a session block sets anything the provider sends (its CustomizeDiff's "effective value"). */
function sessionSetsSomething(s: Record<string, any>): boolean {
  return (
    s.applicationEnforcedRestrictionsEnabled === true ||
    !!s.cloudAppSecurityPolicy ||
    s.disableResilienceDefaults === true ||
    !!s.persistentBrowserMode ||
    (typeof s.signInFrequency === "number" && s.signInFrequency > 0) ||
    s.signInFrequencyInterval !== undefined
  );
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
  // Required by the provider; an empty list is sent as it is, and Graph reads it as every client.
  if (!Array.isArray(c.clientAppTypes)) problems.push('conditions.clientAppTypes: is required; use ["all"] for every client');
  problems.push(...badValues("conditions.clientAppTypes", c.clientAppTypes, PROVIDER_ENUMS.clientAppTypes));
  problems.push(...badValues("conditions.signInRiskLevels", c.signInRiskLevels, PROVIDER_ENUMS.riskLevels));
  problems.push(...badValues("conditions.userRiskLevels", c.userRiskLevels, PROVIDER_ENUMS.riskLevels));
  problems.push(...badValues("conditions.servicePrincipalRiskLevels", c.servicePrincipalRiskLevels, PROVIDER_ENUMS.riskLevels));
  if (c.insiderRiskLevels !== undefined && c.insiderRiskLevels !== null) {
    problems.push(...badValues("conditions.insiderRiskLevels", c.insiderRiskLevels, PROVIDER_ENUMS.insiderRiskLevels));
  }
  problems.push(...badValues("conditions.authenticationFlowTransferMethods", c.authenticationFlowTransferMethods, PROVIDER_ENUMS.transferMethods));
  problems.push(...filterProblems(c.devices?.filter, "conditions.devices.filter"));
  problems.push(...filterProblems(c.clientApplications?.filter, "conditions.clientApplications.filter"));
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
    problems.push(...badValues("sessionControls.cloudAppSecurityPolicy", s.cloudAppSecurityPolicy, PROVIDER_ENUMS.cloudAppSecurityPolicy));
    problems.push(...badValues("sessionControls.persistentBrowserMode", s.persistentBrowserMode, PROVIDER_ENUMS.persistentBrowserMode));
    for (const key of ["applicationEnforcedRestrictionsEnabled", "disableResilienceDefaults"] as const) {
      if (s[key] !== undefined && typeof s[key] !== "boolean") problems.push(`sessionControls.${key}: ${JSON.stringify(s[key])} is not true or false`);
      // The provider leaves both out of an every-time frequency's body (terraform-provider-azuread#1225): refused, never dropped.
      if (s[key] === true && s.signInFrequencyInterval === "everyTime") {
        problems.push(`sessionControls.${key}: the provider drops it beside an everyTime sign-in frequency; remove one of them`);
      }
    }
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
    if (!g && !sessionSetsSomething(s)) {
      problems.push("sessionControls: sets nothing the provider sends, and there are no grantControls: the policy would control nothing");
    }
  }
  return problems;
}
