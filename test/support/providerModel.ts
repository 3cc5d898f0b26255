// Two halves of a deployment the specs cannot run: what terraform-provider-azuread v3.8.0 (bridged by
// @pulumi/azuread 6.9.1) sends to Graph for a `ConditionalAccessPolicy`'s inputs, and the policy as Graph then
// answers a GET for it. Written from the provider's expand functions (internal/services/conditionalaccess/
// conditionalaccess.go at v3.8.0) and Graph v1.0's documented answer shape; no code of either is copied.

type Json = Record<string, any>;

const one = (block: unknown): Json | undefined => (Array.isArray(block) ? block[0] : (block as Json | undefined)) ?? undefined;
/** The provider expands every list it reads, set or not, to a list (`tf.ExpandStringSlicePtr`). */
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

function filterBody(filter: unknown): Json | undefined {
  const f = one(filter);
  return f ? { mode: f.mode, rule: f.rule } : undefined;
}

function guestsBody(blocks: unknown): Json | undefined {
  const b = one(blocks);
  if (!b) return undefined;
  const types = list(b.guestOrExternalUserTypes);
  const tenants = one(b.externalTenants);
  return {
    guestOrExternalUserTypes: types.length > 0 ? types.join(",") : undefined,
    externalTenants: tenants
      ? tenants.membershipKind === "enumerated"
        ? { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: list(tenants.members) }
        : { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: tenants.membershipKind }
      : undefined,
  };
}

/** The session controls the provider sends: null when the block sets nothing effective (the API keeps nothing else). */
function sessionBody(session: Json | undefined): Json | null | undefined {
  if (!session) return undefined;
  const out: Json = {};
  if (session.cloudAppSecurityPolicy) out.cloudAppSecurity = { isEnabled: true, cloudAppSecurityType: session.cloudAppSecurityPolicy };
  if (session.persistentBrowserMode) out.persistentBrowser = { isEnabled: true, mode: session.persistentBrowserMode };
  const sif: Json = {};
  if ((session.signInFrequency ?? 0) > 0) {
    Object.assign(sif, {
      isEnabled: true,
      type: session.signInFrequencyPeriod,
      value: session.signInFrequency,
      authenticationType: "primaryAndSecondaryAuthentication",
      frequencyInterval: "timeBased",
    });
  }
  if (session.signInFrequencyAuthenticationType) sif.authenticationType = session.signInFrequencyAuthenticationType;
  if (session.signInFrequencyInterval) {
    sif.isEnabled = true;
    sif.authenticationType = session.signInFrequencyAuthenticationType || "primaryAndSecondaryAuthentication";
    sif.frequencyInterval = session.signInFrequencyInterval;
  }
  // Left out beside an every-time frequency (terraform-provider-azuread#1225).
  if (sif.frequencyInterval !== "everyTime") {
    out.applicationEnforcedRestrictions = { isEnabled: session.applicationEnforcedRestrictionsEnabled === true };
    out.disableResilienceDefaults = session.disableResilienceDefaults === true;
  }
  if (
    sif.isEnabled ||
    (sif.frequencyInterval && sif.frequencyInterval !== "timeBased") ||
    (sif.authenticationType && sif.authenticationType !== "primaryAndSecondaryAuthentication")
  ) {
    out.signInFrequency = sif;
  }
  const effective =
    out.applicationEnforcedRestrictions?.isEnabled || out.cloudAppSecurity || out.disableResilienceDefaults || out.persistentBrowser || out.signInFrequency;
  return effective ? out : null;
}

/** The body terraform-provider-azuread v3.8.0 POSTs (or PATCHes) for the inputs Pulumi records. */
export function providerRequestBody(inputs: Json): Json {
  const c = one(inputs.conditions) ?? {};
  const users = one(c.users);
  const apps = one(c.applications) ?? {};
  const clientApps = one(c.clientApplications);
  const devices = one(c.devices);
  const locations = one(c.locations);
  const platforms = one(c.platforms);
  const grant = one(inputs.grantControls);
  const flows = list(c.authenticationFlowTransferMethods);
  const conditions: Json = {
    applications: {
      includeApplications: list(apps.includedApplications),
      excludeApplications: list(apps.excludedApplications),
      includeUserActions: list(apps.includedUserActions),
    },
    authenticationFlows: flows.length > 0 ? { transferMethods: flows.join(",") } : undefined,
    clientAppTypes: list(c.clientAppTypes),
    clientApplications: clientApps
      ? {
          includeServicePrincipals: list(clientApps.includedServicePrincipals),
          excludeServicePrincipals: list(clientApps.excludedServicePrincipals),
          servicePrincipalFilter: filterBody(clientApps.filter),
        }
      : undefined,
    devices: devices ? { deviceFilter: filterBody(devices.filter) } : undefined,
    locations: locations ? { includeLocations: list(locations.includedLocations), excludeLocations: list(locations.excludedLocations) } : undefined,
    platforms: platforms ? { includePlatforms: list(platforms.includedPlatforms), excludePlatforms: list(platforms.excludedPlatforms) } : undefined,
    servicePrincipalRiskLevels: list(c.servicePrincipalRiskLevels),
    signInRiskLevels: list(c.signInRiskLevels),
    userRiskLevels: list(c.userRiskLevels),
    insiderRiskLevels: c.insiderRiskLevels ? c.insiderRiskLevels : undefined,
    users: users
      ? {
          includeUsers: list(users.includedUsers),
          excludeUsers: list(users.excludedUsers),
          includeGroups: list(users.includedGroups),
          excludeGroups: list(users.excludedGroups),
          includeRoles: list(users.includedRoles),
          excludeRoles: list(users.excludedRoles),
          includeGuestsOrExternalUsers: guestsBody(users.includedGuestsOrExternalUsers),
          excludeGuestsOrExternalUsers: guestsBody(users.excludedGuestsOrExternalUsers),
        }
      : undefined,
  };
  const strength = grant?.authenticationStrengthPolicyId ? String(grant.authenticationStrengthPolicyId).split("/").pop() : undefined;
  return JSON.parse(
    JSON.stringify({
      displayName: inputs.displayName,
      state: inputs.state,
      conditions,
      grantControls: grant
        ? {
            authenticationStrength: strength ? { id: strength } : undefined,
            builtInControls: list(grant.builtInControls),
            customAuthenticationFactors: list(grant.customAuthenticationFactors),
            operator: grant.operator,
            termsOfUse: list(grant.termsOfUses),
          }
        : undefined,
      sessionControls: sessionBody(one(inputs.sessionControls)),
    }),
  );
}

const nullFilter = (f: Json | undefined | null) => (f ? { mode: f.mode ?? null, rule: f.rule ?? null } : null);
const lists = (value: unknown) => (Array.isArray(value) ? value : []);

function guestsAnswer(g: Json | undefined | null): Json | null {
  if (!g) return null;
  const t = g.externalTenants;
  return {
    guestOrExternalUserTypes: g.guestOrExternalUserTypes ?? "none",
    externalTenants: t
      ? t.membershipKind === "enumerated"
        ? { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: lists(t.members) }
        : { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: t.membershipKind ?? "all" }
      : null,
  };
}

/**
 * A stored policy as Graph v1.0 answers `GET /identity/conditionalAccess/policies/{id}`: every property present
 * (nulls, empty lists, `none` for a flags enum with nothing), the annotations, and the authentication strength
 * expanded with its read-only properties.
 */
export function graphGetAnswer(stored: Json, id = "7d2d8bd8-3a1f-4d7e-9a8f-2d1c8f6b0c11"): Json {
  const c = stored.conditions ?? {};
  const u = c.users ?? {};
  const a = c.applications ?? {};
  const g = stored.grantControls;
  const s = stored.sessionControls;
  const sessionOrNull = (control: Json | undefined, fill: Json) => (control ? { ...fill, ...control } : null);
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity",
    id,
    templateId: null,
    displayName: stored.displayName,
    createdDateTime: "2026-11-02T09:14:07.1234567Z",
    modifiedDateTime: null,
    state: stored.state,
    sessionControls: s
      ? {
          disableResilienceDefaults: s.disableResilienceDefaults ?? null,
          applicationEnforcedRestrictions: s.applicationEnforcedRestrictions ?? null,
          cloudAppSecurity: sessionOrNull(s.cloudAppSecurity, { cloudAppSecurityType: null, isEnabled: false }),
          persistentBrowser: sessionOrNull(s.persistentBrowser, { mode: null, isEnabled: false }),
          signInFrequency: sessionOrNull(s.signInFrequency, { value: null, type: null, authenticationType: null, frequencyInterval: null, isEnabled: false }),
        }
      : null,
    conditions: {
      userRiskLevels: lists(c.userRiskLevels),
      signInRiskLevels: lists(c.signInRiskLevels),
      clientAppTypes: lists(c.clientAppTypes),
      servicePrincipalRiskLevels: lists(c.servicePrincipalRiskLevels),
      insiderRiskLevels: c.insiderRiskLevels ?? null,
      platforms: c.platforms ? { includePlatforms: lists(c.platforms.includePlatforms), excludePlatforms: lists(c.platforms.excludePlatforms) } : null,
      locations: c.locations ? { includeLocations: lists(c.locations.includeLocations), excludeLocations: lists(c.locations.excludeLocations) } : null,
      devices: c.devices ? { deviceFilter: nullFilter(c.devices.deviceFilter) } : null,
      clientApplications: c.clientApplications
        ? {
            includeServicePrincipals: lists(c.clientApplications.includeServicePrincipals),
            excludeServicePrincipals: lists(c.clientApplications.excludeServicePrincipals),
            servicePrincipalFilter: nullFilter(c.clientApplications.servicePrincipalFilter),
          }
        : null,
      authenticationFlows: c.authenticationFlows ? { transferMethods: c.authenticationFlows.transferMethods ?? "none" } : null,
      applications: {
        includeApplications: lists(a.includeApplications),
        excludeApplications: lists(a.excludeApplications),
        includeUserActions: lists(a.includeUserActions),
        includeAuthenticationContextClassReferences: lists(a.includeAuthenticationContextClassReferences),
        applicationFilter: nullFilter(a.applicationFilter),
      },
      users: {
        includeUsers: lists(u.includeUsers),
        excludeUsers: lists(u.excludeUsers),
        includeGroups: lists(u.includeGroups),
        excludeGroups: lists(u.excludeGroups),
        includeRoles: lists(u.includeRoles),
        excludeRoles: lists(u.excludeRoles),
        includeGuestsOrExternalUsers: guestsAnswer(u.includeGuestsOrExternalUsers),
        excludeGuestsOrExternalUsers: guestsAnswer(u.excludeGuestsOrExternalUsers),
      },
    },
    grantControls: g
      ? {
          operator: g.operator ?? null,
          builtInControls: lists(g.builtInControls),
          customAuthenticationFactors: lists(g.customAuthenticationFactors),
          termsOfUse: lists(g.termsOfUse),
          "authenticationStrength@odata.context":
            `https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies('${id}')` + "/grantControls/authenticationStrength/$entity",
          authenticationStrength: g.authenticationStrength?.id
            ? {
                id: g.authenticationStrength.id,
                createdDateTime: "2023-01-01T00:00:00Z",
                modifiedDateTime: "2023-01-01T00:00:00Z",
                displayName: "Phishing-resistant MFA",
                description: "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key",
                policyType: "builtIn",
                requirementsSatisfied: "mfa",
                allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
                "combinationConfigurations@odata.context": `https://graph.microsoft.com/v1.0/$metadata#x`,
                combinationConfigurations: [],
              }
            : null,
        }
      : null,
  };
}
