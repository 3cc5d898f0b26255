/**
 * JSON Schemas of the parts of Graph's answers this project reads: the fields the code relies on,
 * with the nulls and empty lists Graph really sends (fields it does not read are left open).
 * Plain data, so they can be inlined into the serialized dynamic providers.
 */

const GUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

const strings = { type: ["array", "null"], items: { type: "string" } };
const optionalString = { type: ["string", "null"] };
const objectOrNull = (properties: Record<string, object>) => ({ type: ["object", "null"], properties });

/** GET /v1.0/policies/identitySecurityDefaultsEnforcementPolicy */
export const SECURITY_DEFAULTS_ANSWER = {
  type: "object",
  required: ["isEnabled"],
  properties: { isEnabled: { type: "boolean" } },
};

/** One page of a collection: `value` and, while there is more, `@odata.nextLink`. */
export function collectionPage(item: object = {}) {
  return {
    type: "object",
    required: ["value"],
    properties: { value: { type: "array", items: item }, "@odata.nextLink": { type: "string", minLength: 1 } },
  };
}

/** One conditionalAccessPolicy of GET /v1.0/identity/conditionalAccess/policies. */
export const CONDITIONAL_ACCESS_POLICY_ANSWER = {
  type: "object",
  required: ["id", "displayName", "state"],
  properties: {
    id: { type: "string", minLength: 1 },
    displayName: { type: "string" },
    state: { type: "string" },
    conditions: objectOrNull({
      users: objectOrNull({
        includeUsers: strings,
        excludeUsers: strings,
        includeGroups: strings,
        excludeGroups: strings,
        includeRoles: strings,
        excludeRoles: strings,
      }),
      applications: objectOrNull({ includeApplications: strings, excludeApplications: strings, includeUserActions: strings }),
      clientAppTypes: strings,
      signInRiskLevels: strings,
      userRiskLevels: strings,
      locations: objectOrNull({ includeLocations: strings, excludeLocations: strings }),
      platforms: objectOrNull({ includePlatforms: strings, excludePlatforms: strings }),
    }),
    grantControls: objectOrNull({
      operator: optionalString,
      builtInControls: strings,
      authenticationStrength: objectOrNull({ id: optionalString }),
    }),
    sessionControls: objectOrNull({
      signInFrequency: objectOrNull({
        isEnabled: { type: ["boolean", "null"] },
        value: { type: ["integer", "null"] },
        type: optionalString,
        authenticationType: optionalString,
        frequencyInterval: optionalString,
      }),
    }),
  },
};

/** One namedLocation of GET /v1.0/identity/conditionalAccess/namedLocations: an ipNamedLocation or a countryNamedLocation. */
export const NAMED_LOCATION_ANSWER = {
  type: "object",
  required: ["id", "displayName"],
  properties: {
    id: { type: "string", minLength: 1 },
    displayName: { type: "string" },
    isTrusted: { type: ["boolean", "null"] },
    ipRanges: { type: ["array", "null"], items: { type: "object", properties: { cidrAddress: { type: "string" } } } },
    countriesAndRegions: strings,
    includeUnknownCountriesAndRegions: { type: ["boolean", "null"] },
  },
};

/** One subscribedSku of GET /v1.0/subscribedSkus. */
export const SUBSCRIBED_SKU_ANSWER = {
  type: "object",
  required: ["skuPartNumber", "servicePlans"],
  properties: {
    skuPartNumber: { type: "string" },
    capabilityStatus: optionalString,
    servicePlans: {
      type: "array",
      items: { type: "object", required: ["servicePlanName"], properties: { servicePlanName: { type: "string" }, provisioningStatus: optionalString } },
    },
  },
};

/** One user of GET /v1.0/users?$select=id,userPrincipalName: the id goes into request paths, so it must be a GUID. */
export const USER_ANSWER = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", pattern: GUID_PATTERN }, userPrincipalName: optionalString },
};

/** POST /{version}/$batch */
export const BATCH_ANSWER = {
  type: "object",
  required: ["responses"],
  properties: {
    responses: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "status"],
        properties: { id: { type: "string" }, status: { type: "integer", minimum: 100, maximum: 599 }, headers: { type: ["object", "null"] } },
      },
    },
  },
};

/** GET /beta/users/{id}/authentication/requirements, inside a batch. */
export const PER_USER_MFA_ANSWER = {
  type: "object",
  required: ["perUserMfaState"],
  properties: { perUserMfaState: { enum: ["disabled", "enabled", "enforced"] } },
};

/** GET /v1.0/policies/authorizationPolicy: `allowedToUseSSPR`, when set. */
export const AUTHORIZATION_POLICY_ANSWER = { type: "object", properties: { allowedToUseSSPR: { type: ["boolean", "null"] } } };

/** One userRegistrationDetails of GET /v1.0/reports/authenticationMethods/userRegistrationDetails. */
export const USER_REGISTRATION_ANSWER = {
  type: "object",
  required: ["id"],
  properties: {
    id: { type: "string", minLength: 1 },
    userType: optionalString,
    isAdmin: { type: ["boolean", "null"] },
    isMfaRegistered: { type: ["boolean", "null"] },
    isMfaCapable: { type: ["boolean", "null"] },
    isSsprEnabled: { type: ["boolean", "null"] },
    isSsprRegistered: { type: ["boolean", "null"] },
    isSsprCapable: { type: ["boolean", "null"] },
    methodsRegistered: strings,
  },
};

/** One member of GET /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user. */
export const MEMBER_ANSWER = { type: "object", required: ["id"], properties: { id: { type: "string", minLength: 1 } } };

/** One roleAssignment of GET /v1.0/roleManagement/directory/roleAssignments. */
export const ROLE_ASSIGNMENT_ANSWER = { type: "object", required: ["principalId"], properties: { principalId: { type: "string", minLength: 1 } } };

/**
 * GET /beta/policies/authenticationMethodsPolicy, as both its readers take it: the method configurations with an id
 * (the authentication methods), and the registration campaign's state, when there is one.
 */
export const AUTHENTICATION_METHODS_POLICY_ANSWER = {
  type: "object",
  properties: {
    authenticationMethodConfigurations: { type: ["array", "null"], items: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
    systemCredentialPreferences: { type: ["object", "null"] },
    policyMigrationState: optionalString,
    registrationEnforcement: objectOrNull({ authenticationMethodsRegistrationCampaign: objectOrNull({ state: optionalString }) }),
  },
};

/** A user of GET /v1.0/users/{upn} (in a batch) or of the deleted users: its id a GUID, its UPN a string. */
export const NAMED_USER_ANSWER = {
  type: "object",
  required: ["id", "userPrincipalName"],
  properties: {
    id: { type: "string", pattern: GUID_PATTERN },
    userPrincipalName: { type: "string" },
    userType: optionalString,
  },
};
