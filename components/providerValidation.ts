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

/**
 * The checks the real azuread provider makes on `azuread.ConditionalAccessPolicy` inputs and
 * Pulumi's mocks do not: enum values, exactly one of applications / user actions, a users
 * block that includes someone, and no value or period with an every-time sign-in frequency.
 * The offline plan runs them so a plan that passes here does not fail at `pulumi up`.
 * `PROVIDER_ENUMS` are the values the provider accepts (Graph's, plus `unknownFutureValue`).
 */
export const PROVIDER_ENUMS = {
  state: CONDITIONAL_ACCESS_POLICY_STATES,
  clientAppTypes: CLIENT_APP_TYPES,
  // Graph's evolvable enums: the provider also accepts their sentinel.
  riskLevels: [...RISK_LEVELS, "unknownFutureValue"],
  builtInControls: [...BUILT_IN_CONTROLS, "unknownFutureValue"],
  operator: GRANT_OPERATORS,
  signInFrequencyInterval: SIGN_IN_FREQUENCY_INTERVALS,
  signInFrequencyAuthenticationType: SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES,
  signInFrequencyPeriod: SIGN_IN_FREQUENCY_PERIODS,
} as const;

const nonEmpty = (list: unknown): list is unknown[] => Array.isArray(list) && list.length > 0;

function badValues(field: string, values: unknown, allowed: readonly string[]): string[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list
    .filter((v) => !allowed.includes(v as string))
    .map((v) => `${field}: ${JSON.stringify(v)} is not accepted by the azuread provider; use one of ${allowed.join(", ")}`);
}

export function providerInputProblems(inputs: Record<string, any>): string[] {
  const problems: string[] = [];
  const c = inputs.conditions ?? {};
  const g = inputs.grantControls;
  const s = inputs.sessionControls;
  if (!inputs.displayName) problems.push("displayName: is required");
  problems.push(...badValues("state", inputs.state, PROVIDER_ENUMS.state));
  if (!nonEmpty(c.clientAppTypes)) problems.push('conditions.clientAppTypes: is required; use ["all"] for every client');
  problems.push(...badValues("conditions.clientAppTypes", c.clientAppTypes, PROVIDER_ENUMS.clientAppTypes));
  problems.push(...badValues("conditions.signInRiskLevels", c.signInRiskLevels, PROVIDER_ENUMS.riskLevels));
  problems.push(...badValues("conditions.userRiskLevels", c.userRiskLevels, PROVIDER_ENUMS.riskLevels));
  const apps = c.applications ?? {};
  if (nonEmpty(apps.includedApplications) === nonEmpty(apps.includedUserActions)) {
    problems.push("conditions.applications: set exactly one of includedApplications or includedUserActions");
  }
  const users = c.users ?? {};
  if (![users.includedUsers, users.includedGroups, users.includedRoles, users.includedGuestsOrExternalUsers].some(nonEmpty)) {
    problems.push("conditions.users: include at least one of includedUsers, includedGroups, includedRoles or includedGuestsOrExternalUsers");
  }
  if (!g && !s) problems.push("grantControls or sessionControls: at least one is required");
  if (g) {
    problems.push(...badValues("grantControls.operator", g.operator, PROVIDER_ENUMS.operator));
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
  }
  return problems;
}
