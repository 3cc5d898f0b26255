import fc from "fast-check";
import { GRAPH_ENUMS } from "../../config/graph/policyFields";

// Policies over every declared field, as fast-check arbitraries: the round trip's and the bad-input properties' source.

const guid = fc.uuid().chain((id) => fc.constantFrom(id, id.toUpperCase()));
const ids = (min = 0) => fc.uniqueArray(guid, { minLength: min, maxLength: 3, selector: (id) => id.toLowerCase() });
const subset = <T>(values: readonly T[], min = 0) => fc.subarray([...values], { minLength: min });
const known = (values: readonly string[]) => values.filter((v) => v !== "unknownFutureValue");
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const filter = fc.record({
  mode: fc.constantFrom("include", "exclude"),
  rule: fc.constantFrom(
    'device.trustType -eq "ServerAD"',
    'device.isCompliant -eq True -and device.operatingSystem -startsWith "Win"',
    'device.model -contains "Surface"',
  ),
});
const spFilter = fc.record({ mode: fc.constantFrom("include", "exclude"), rule: fc.constant('CustomSecurityAttribute.Workload_Tier -eq "prod"') });

const guests = fc.record({
  guestOrExternalUserTypes: subset(
    GRAPH_ENUMS.conditionalAccessGuestOrExternalUserTypes.filter((t) => t !== "none" && t !== "unknownFutureValue"),
    1,
  ).map((t) => t.join(",")),
  externalTenants: fc.oneof(
    fc.constant(undefined),
    fc.constant({ membershipKind: "all" }),
    ids(1).map((members) => ({ membershipKind: "enumerated", members })),
  ),
});

const users = fc.record({
  includeUsers: fc.oneof(fc.constant(["All"]), ids(1)),
  excludeUsers: ids(),
  includeGroups: ids(),
  excludeGroups: ids(),
  includeRoles: ids(),
  excludeRoles: ids(),
  includeGuestsOrExternalUsers: maybe(guests),
  excludeGuestsOrExternalUsers: maybe(guests),
});

const applications = fc.oneof(
  fc.record({ includeApplications: fc.oneof(fc.constant(["All"]), fc.constant(["Office365"]), ids(1)), excludeApplications: ids() }),
  fc.record({ includeUserActions: fc.constantFrom(["urn:user:registersecurityinfo"], ["urn:user:registerdevice"]) }),
);

const sessionControls = fc
  .record({
    frequency: maybe(
      fc.oneof(
        fc.record({
          frequencyInterval: fc.constant("everyTime"),
          authenticationType: fc.constantFrom(...known(GRAPH_ENUMS.signInFrequencyAuthenticationType)),
        }),
        fc.record({
          frequencyInterval: fc.constant("timeBased"),
          authenticationType: fc.constantFrom(...known(GRAPH_ENUMS.signInFrequencyAuthenticationType)),
          value: fc.integer({ min: 1, max: 90 }),
          type: fc.constantFrom("hours", "days"),
        }),
      ),
    ),
    appEnforced: fc.boolean(),
    cloudAppSecurity: maybe(fc.constantFrom(...known(GRAPH_ENUMS.cloudAppSecuritySessionControlType))),
    persistentBrowser: maybe(fc.constantFrom(...GRAPH_ENUMS.persistentBrowserSessionMode)),
    disableResilienceDefaults: fc.boolean(),
  })
  .map(({ frequency, appEnforced, cloudAppSecurity, persistentBrowser, disableResilienceDefaults }) => {
    // Graph refuses app-enforced restrictions and resilience defaults beside an every-time frequency.
    const everyTime = frequency?.frequencyInterval === "everyTime";
    return {
      ...(frequency ? { signInFrequency: { isEnabled: true, ...frequency } } : {}),
      ...(appEnforced && !everyTime ? { applicationEnforcedRestrictions: { isEnabled: true } } : {}),
      ...(cloudAppSecurity ? { cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: cloudAppSecurity } } : {}),
      ...(persistentBrowser ? { persistentBrowser: { isEnabled: true, mode: persistentBrowser } } : {}),
      ...(disableResilienceDefaults && !everyTime ? { disableResilienceDefaults: true } : {}),
    };
  });

/** A Graph v1.0 policy the azuread provider can express, any field of any family set (canonical: what a GET reads into). */
export const policy = fc
  .record({
    displayName: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ""),
    state: fc.constantFrom(...GRAPH_ENUMS.conditionalAccessPolicyState),
    users,
    applications,
    clientApplications: maybe(
      fc.record({ includeServicePrincipals: fc.oneof(fc.constant(["ServicePrincipalsInMyTenant"]), ids(1)), excludeServicePrincipals: ids() }),
    ),
    spFilter: maybe(spFilter),
    clientAppTypes: subset(known(GRAPH_ENUMS.conditionalAccessClientApp)),
    signInRiskLevels: subset(known(GRAPH_ENUMS.riskLevel)),
    userRiskLevels: subset(known(GRAPH_ENUMS.riskLevel)),
    servicePrincipalRiskLevels: subset(["low", "medium", "high"]),
    insiderRiskLevels: maybe(fc.constantFrom("minor", "moderate", "elevated")),
    transferMethods: subset(["deviceCodeFlow", "authenticationTransfer"]),
    locations: maybe(fc.record({ includeLocations: fc.oneof(fc.constant(["All"]), ids(1)), excludeLocations: fc.oneof(fc.constant(["AllTrusted"]), ids()) })),
    platforms: maybe(
      fc.record({
        includePlatforms: fc.oneof(
          fc.constant(["all"]),
          subset(
            known(GRAPH_ENUMS.conditionalAccessDevicePlatform).filter((p) => p !== "all"),
            1,
          ),
        ),
        excludePlatforms: subset(known(GRAPH_ENUMS.conditionalAccessDevicePlatform).filter((p) => p !== "all")),
      }),
    ),
    deviceFilter: maybe(filter),
    grant: fc.record({
      operator: fc.constantFrom("AND", "OR"),
      builtInControls: subset(["block", "mfa", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange"]),
      authenticationStrength: maybe(fc.constantFrom("00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000004").map((id) => ({ id }))),
      termsOfUse: ids(),
      customAuthenticationFactors: fc.subarray(["customControlA", "customControlB"]),
    }),
    sessionControls,
  })
  .map((p) => {
    const grantSet =
      p.grant.builtInControls.length + p.grant.termsOfUse.length + p.grant.customAuthenticationFactors.length > 0 || !!p.grant.authenticationStrength;
    const sessionSet = Object.keys(p.sessionControls).length > 0;
    // The provider takes custom controls only beside another control (providerGaps names the rest).
    const onlyCustom = p.grant.builtInControls.length + p.grant.termsOfUse.length === 0 && !p.grant.authenticationStrength;
    const grant = grantSet || !sessionSet ? { ...p.grant, builtInControls: !grantSet || onlyCustom ? ["mfa"] : p.grant.builtInControls } : undefined;
    return {
      displayName: p.displayName,
      state: p.state,
      conditions: {
        users: p.users,
        applications: p.applications,
        ...(p.clientApplications || p.spFilter
          ? { clientApplications: { ...(p.clientApplications ?? {}), ...(p.spFilter ? { servicePrincipalFilter: p.spFilter } : {}) } }
          : {}),
        clientAppTypes: p.clientAppTypes,
        signInRiskLevels: p.signInRiskLevels,
        userRiskLevels: p.userRiskLevels,
        servicePrincipalRiskLevels: p.servicePrincipalRiskLevels,
        ...(p.insiderRiskLevels ? { insiderRiskLevels: p.insiderRiskLevels } : {}),
        ...(p.transferMethods.length > 0 ? { authenticationFlows: { transferMethods: p.transferMethods.join(",") } } : {}),
        ...(p.locations ? { locations: p.locations } : {}),
        ...(p.platforms ? { platforms: p.platforms } : {}),
        ...(p.deviceFilter ? { devices: { deviceFilter: p.deviceFilter } } : {}),
      },
      ...(grant ? { grantControls: grant } : {}),
      ...(sessionSet ? { sessionControls: p.sessionControls } : {}),
    };
  });

const SP = "3f9d8a7b-1c2e-4d5f-8a9b-0c1d2e3f4a5b";

/**
 * A value for every declared field (none the all-users MFA policy already has): what the diff's walk changes each field
 * to, and what the types' spec sets every field with. A new field gets its sample here, beside its generator.
 */
export const FIELD_SAMPLES: Readonly<Record<string, unknown>> = {
  "conditions.users.includeUsers": ["5b1d2c3e-0000-4a6b-8c9d-0000000000c1"],
  "conditions.users.excludeUsers": ["5b1d2c3e-0000-4a6b-8c9d-0000000000c2"],
  "conditions.users.includeGroups": ["5b1d2c3e-0000-4a6b-8c9d-0000000000c3"],
  "conditions.users.excludeGroups": ["5b1d2c3e-0000-4a6b-8c9d-0000000000c4"],
  "conditions.users.includeRoles": ["62e90394-69f5-4237-9190-012177145e10"],
  "conditions.users.excludeRoles": ["62e90394-69f5-4237-9190-012177145e10"],
  "conditions.users.includeGuestsOrExternalUsers": { guestOrExternalUserTypes: "internalGuest" },
  "conditions.users.excludeGuestsOrExternalUsers": { guestOrExternalUserTypes: "serviceProvider", externalTenants: { membershipKind: "all" } },
  "conditions.applications.includeApplications": ["797f4846-ba00-4fd7-ba43-dac1f8f63013"],
  "conditions.applications.excludeApplications": ["797f4846-ba00-4fd7-ba43-dac1f8f63013"],
  "conditions.applications.includeUserActions": ["urn:user:registersecurityinfo"],
  "conditions.applications.includeAuthenticationContextClassReferences": ["c1"],
  "conditions.applications.applicationFilter": { mode: "include", rule: 'CustomSecurityAttribute.Tier_Level -eq "high"' },
  "conditions.clientApplications.includeServicePrincipals": [SP],
  "conditions.clientApplications.excludeServicePrincipals": [SP],
  "conditions.clientApplications.servicePrincipalFilter": { mode: "exclude", rule: 'CustomSecurityAttribute.Workload -eq "batch"' },
  "conditions.clientAppTypes": ["browser"],
  "conditions.signInRiskLevels": ["high"],
  "conditions.userRiskLevels": ["high"],
  "conditions.servicePrincipalRiskLevels": ["high"],
  "conditions.insiderRiskLevels": "elevated",
  "conditions.locations.includeLocations": ["AllTrusted"],
  "conditions.locations.excludeLocations": ["AllTrusted"],
  "conditions.platforms.includePlatforms": ["linux"],
  "conditions.platforms.excludePlatforms": ["iOS"],
  "conditions.devices.deviceFilter": { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' },
  "conditions.authenticationFlows.transferMethods": "deviceCodeFlow",
  "grantControls.operator": "AND",
  "grantControls.builtInControls": ["compliantDevice"],
  "grantControls.authenticationStrength": { id: "00000000-0000-0000-0000-000000000004" },
  "grantControls.termsOfUse": ["0ec3f7a1-5b2c-4d3e-8f9a-0b1c2d3e4f5a"],
  "grantControls.customAuthenticationFactors": ["duo"],
  "sessionControls.applicationEnforcedRestrictions": { isEnabled: true },
  "sessionControls.cloudAppSecurity": { isEnabled: true, cloudAppSecurityType: "blockDownloads" },
  "sessionControls.persistentBrowser": { isEnabled: true, mode: "always" },
  "sessionControls.signInFrequency": {
    isEnabled: true,
    authenticationType: "primaryAndSecondaryAuthentication",
    frequencyInterval: "timeBased",
    value: 4,
    type: "hours",
  },
  "sessionControls.disableResilienceDefaults": true,
};
