// A Conditional Access policy as Graph v1.0 stores and answers it: every property present (nulls for unset complex
// values, empty lists), the authentication strength expanded with its `@odata.context` annotation, as the corpus
// (test/fixtures/corpus) shows Graph's GET shape. POST answers 201 with it; GET by id adds the entity's context.

type Json = Record<string, any>;

const list = (value: unknown) => (Array.isArray(value) ? value : []);
const orNull = (value: unknown) => (value === undefined ? null : value);

/** A complex condition block: null when not sent or null, else each of its properties (lists empty, the rest null). */
function block(value: unknown, lists: readonly string[], others: readonly string[]): Json | null {
  if (value === null || value === undefined || typeof value !== "object") return null;
  const v = value as Json;
  return { ...Object.fromEntries(lists.map((k) => [k, list(v[k])])), ...Object.fromEntries(others.map((k) => [k, orNull(v[k])])) };
}

/** The authentication strength as Graph expands it on read: the policy's own properties, not only the id a write sends. */
function expandedStrength(strength: unknown): Json | null {
  const id = (strength as { id?: unknown } | null | undefined)?.id;
  if (typeof id !== "string") return null;
  return {
    id,
    createdDateTime: "2024-01-10T09:00:00Z",
    modifiedDateTime: "2024-01-10T09:00:00Z",
    displayName: id === "00000000-0000-0000-0000-000000000004" ? "Phishing-resistant MFA" : "Custom authentication strength",
    description: null,
    policyType: id.startsWith("00000000-0000-0000-0000-00000000000") ? "builtIn" : "custom",
    requirementsSatisfied: "mfa",
    allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
  };
}

/** The policy Graph stores from a POST or PATCH body (`previous`: what it held before a PATCH). */
export function storedPolicy(body: Json, id: string, previous?: Json): Json {
  const merged: Json = { ...(previous ?? {}), ...body };
  const c: Json = merged.conditions ?? {};
  const users: Json = c.users ?? {};
  const apps: Json = c.applications ?? {};
  const grant = merged.grantControls;
  const session = merged.sessionControls;
  const now = new Date().toISOString();
  return {
    id,
    templateId: previous?.templateId ?? null,
    displayName: merged.displayName,
    createdDateTime: previous?.createdDateTime ?? now,
    modifiedDateTime: previous ? now : null,
    state: merged.state,
    sessionControls: block(
      session,
      [],
      ["disableResilienceDefaults", "applicationEnforcedRestrictions", "cloudAppSecurity", "persistentBrowser", "signInFrequency", "secureSignInSession"],
    ),
    conditions: {
      userRiskLevels: list(c.userRiskLevels),
      signInRiskLevels: list(c.signInRiskLevels),
      clientAppTypes: list(c.clientAppTypes),
      servicePrincipalRiskLevels: list(c.servicePrincipalRiskLevels),
      insiderRiskLevels: orNull(c.insiderRiskLevels),
      platforms: block(c.platforms, ["includePlatforms", "excludePlatforms"], []),
      locations: block(c.locations, ["includeLocations", "excludeLocations"], []),
      devices: block(c.devices, [], ["deviceFilter"]),
      clientApplications: block(c.clientApplications, ["includeServicePrincipals", "excludeServicePrincipals"], ["servicePrincipalFilter"]),
      authenticationFlows: block(c.authenticationFlows, [], ["transferMethods"]),
      applications: {
        ...block(
          apps,
          ["includeApplications", "excludeApplications", "includeUserActions", "includeAuthenticationContextClassReferences"],
          ["applicationFilter"],
        ),
      },
      users: block(
        users,
        ["includeUsers", "excludeUsers", "includeGroups", "excludeGroups", "includeRoles", "excludeRoles"],
        ["includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"],
      ),
    },
    grantControls:
      grant === null || grant === undefined
        ? null
        : {
            operator: grant.operator ?? "OR",
            builtInControls: list(grant.builtInControls),
            customAuthenticationFactors: list(grant.customAuthenticationFactors),
            termsOfUse: list(grant.termsOfUse),
            "authenticationStrength@odata.context":
              "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/" + `policies('${id}')/grantControls/authenticationStrength/$entity`,
            authenticationStrength: expandedStrength(grant.authenticationStrength),
          },
  };
}

/** The `@odata.context` of one policy's answer (GET by id, POST). */
export const POLICY_ENTITY_CONTEXT = "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity";
