/**
 * JSON Schema of the `entra-baseline:` stack configuration. Every property carries a
 * `description` that doubles as the fix in error messages ("set it to …").
 */
const OBJECT_ID = {
  type: "string",
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  description: "an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21) copied from the Entra admin center",
};

const OBJECT_IDS = {
  type: "array",
  items: OBJECT_ID,
  uniqueItems: true,
  description: "a list of object ids (GUIDs)",
};

const POLICY_STATE = {
  enum: ["reportOnly", "enabled", "disabled"],
  description: "one of reportOnly, enabled, disabled",
};

function policyOptions(properties: Record<string, unknown>, description: string) {
  return {
    description: `false to omit the policy, or ${description}`,
    anyOf: [
      { const: false },
      { type: "object", additionalProperties: false, properties: { state: POLICY_STATE, ...properties } },
    ],
  };
}

export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["plan"],
  properties: {
    plan: { enum: ["free", "p1", "p2"], description: "the tenant's Entra ID licence: free, p1 or p2" },
    protection: {
      enum: ["securityDefaults", "conditionalAccess"],
      description: "securityDefaults or conditionalAccess",
    },
    breakGlassUsers: { ...OBJECT_IDS, description: "a list of the object ids (GUIDs) of your emergency-access accounts" },
    breakGlassGroups: { ...OBJECT_IDS, description: "a list of the object ids (GUIDs) of your emergency-access groups" },
    policyState: POLICY_STATE,
    pilotGroup: OBJECT_ID,
    liveChecks: { enum: ["auto", "on", "off"], description: "auto, on or off" },
    cloud: { enum: ["global", "usgovernment", "china"], description: "global, usgovernment or china" },
    perUserMfa: {
      description: 'leave, disable, or { enforce: [user object ids] }',
      anyOf: [
        { enum: ["leave", "disable"] },
        { type: "object", additionalProperties: false, required: ["enforce"], properties: { enforce: { ...OBJECT_IDS, minItems: 1, description: "a non-empty list of user object ids (GUIDs)" } } },
      ],
    },
    registrationCampaign: { type: "boolean", description: "true or false" },
    policies: {
      type: "object",
      additionalProperties: false,
      description: "an object keyed by policy name",
      properties: {
        adminMfa: policyOptions(
          {
            strength: { enum: ["mfa", "phishingResistant"], description: "mfa or phishingResistant" },
            extraRoles: { ...OBJECT_IDS, description: "a list of directory role template ids (GUIDs)" },
          },
          "{ state, strength, extraRoles }",
        ),
        allUsersMfa: policyOptions(
          {
            excludeUsers: { ...OBJECT_IDS, description: "a list of service account object ids (GUIDs)" },
            excludeGroups: { ...OBJECT_IDS, description: "a list of group object ids (GUIDs)" },
          },
          "{ state, excludeUsers, excludeGroups }",
        ),
        blockLegacyAuth: policyOptions({}, "{ state }"),
        azureManagementMfa: policyOptions({}, "{ state }"),
        signInRiskMfa: policyOptions(
          {
            levels: {
              type: "array",
              minItems: 1,
              uniqueItems: true,
              items: { enum: ["low", "medium", "high"], description: "low, medium or high" },
              description: "a non-empty list of low, medium, high",
            },
          },
          "{ state, levels }",
        ),
        userRiskPasswordChange: policyOptions({}, "{ state }"),
      },
    },
  },
} as const;
