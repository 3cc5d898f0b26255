import type { BaselineArgs } from "./args";
import { AUTHENTICATION_METHODS_SCHEMA, withAuthenticationMethodDefaults } from "./authenticationMethods";
import { KeySchema, OBJECT_ID, OBJECT_IDS, objectIds, oneOf, policyOptions, userIds } from "./schemaParts";
import { loadCustomPolicies, RESOURCE_KEY_PATTERN } from "./customPolicies";
import { UNMANAGED_POLICIES_SCHEMA } from "./unmanagedPolicies";
import { INHERITED_RISKS_SCHEMA } from "./inheritedRisks";
import {
  ADMIN_MFA_STRENGTHS,
  CLOUDS,
  DeclaredPolicies,
  GAP_RULES,
  LICENCE_PLANS,
  LIVE_CHECKS,
  LicencePlan,
  PER_USER_MFA_MODES,
  POLICY_KEYS,
  POLICY_STATE_SETTINGS,
  PolicyKey,
  Protection,
  PROTECTIONS,
  SIGN_IN_RISK_SETTINGS,
} from "./types";

/**
 * Every `entra-baseline:` config key, declared once. How to add one: config/README.md.
 *
 * - the type and the TSDoc of a key live in `BaselineArgs` (config/args.ts);
 * - here: its JSON Schema (whose `description` is the fix in error messages) and its default;
 * - from here: `CONFIG_SCHEMA`, the defaults `validateConfig` applies, and `BaselineConfig`;
 * - tests check Pulumi.yaml's `config:` block and the README's configuration table against it.
 */

type Stated<K extends keyof BaselineArgs> = Exclude<BaselineArgs[K], undefined>;

/** How one config key is validated and what it is when the stack does not set it. */
export type ConfigKeyDefinition<K extends keyof BaselineArgs> = { readonly schema: KeySchema } & (
  | { readonly required: true }
  /** A fixed default. */
  | { readonly default: Stated<K> }
  /** A default that depends on other keys, or a value that is reshaped once validated. */
  | { readonly resolve: (stated: Stated<K> | undefined, args: BaselineArgs) => unknown }
  /** No default: a key the stack may leave unset. */
  | { readonly optional: true }
);

/** One named location: IP ranges or countries, never both. */
const NAMED_LOCATION = {
  description:
    "{ displayName, ipRanges: [CIDR ranges], trusted? } or { displayName, countries: [ISO 3166 two-letter codes], includeUnknownCountriesAndRegions? }",
  type: "object",
  additionalProperties: false,
  required: ["displayName"],
  properties: {
    displayName: { type: "string", minLength: 1, description: "the location's name in the Entra admin center" },
    ipRanges: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      description: "a non-empty list of CIDR ranges such as 203.0.113.0/24 (IPv4 prefixes /8 to /32) or 2001:db8::/48",
      items: {
        type: "string",
        description: "a CIDR range such as 203.0.113.0/24 (IPv4 prefix /8 to /32) or 2001:db8::/48",
        pattern:
          "^((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/([89]|[12]\\d|3[0-2])$|" +
          "^[0-9a-fA-F:]*:[0-9a-fA-F:]*/(\\d|[1-9]\\d|1[01]\\d|12[0-8])$",
      },
    },
    trusted: { type: "boolean", description: "true or false" },
    countries: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      description: "a non-empty list of ISO 3166 two-letter codes such as DE or US",
      items: { type: "string", pattern: "^[A-Z]{2}$", description: "an ISO 3166 two-letter code in capitals, such as DE" },
    },
    includeUnknownCountriesAndRegions: { type: "boolean", description: "true or false" },
    id: OBJECT_ID,
  },
} as const satisfies KeySchema;

const POLICY_STATE = oneOf(POLICY_STATE_SETTINGS, "one of reportOnly, enabled, disabled");

/** The options of each baseline policy under `policies`. */
export const POLICY_OPTIONS_SCHEMA = {
  adminMfa: policyOptions(
    POLICY_STATE,
    { strength: oneOf(ADMIN_MFA_STRENGTHS, "mfa or phishingResistant"), extraRoles: objectIds("a list of directory role template ids (GUIDs)") },
    "{ state, strength, extraRoles }",
  ),
  allUsersMfa: policyOptions(
    POLICY_STATE,
    {
      excludeUsers: userIds("a list of service accounts: object ids (GUIDs) or user principal names (svc-sync@contoso.com)"),
      excludeGroups: objectIds("a list of group object ids (GUIDs)"),
    },
    "{ state, excludeUsers, excludeGroups }",
  ),
  blockLegacyAuth: policyOptions(POLICY_STATE, {}, "{ state }"),
  azureManagementMfa: policyOptions(POLICY_STATE, {}, "{ state }"),
  signInRiskMfa: policyOptions(
    POLICY_STATE,
    {
      levels: {
        type: "array",
        minItems: 1,
        uniqueItems: true,
        items: oneOf(SIGN_IN_RISK_SETTINGS, "low, medium or high"),
        description: "a non-empty list of low, medium, high",
      },
    },
    "{ state, levels }",
  ),
  userRiskPasswordChange: policyOptions(POLICY_STATE, {}, "{ state }"),
} as const satisfies Record<PolicyKey, KeySchema>;

/** Policies each plan declares when the stack says nothing about them. */
export const DEFAULT_POLICIES: Readonly<Record<LicencePlan, readonly PolicyKey[]>> = {
  free: [],
  p1: ["adminMfa", "allUsersMfa", "blockLegacyAuth", "azureManagementMfa"],
  p2: POLICY_KEYS,
};

/** The policies a stack declares: the plan's baseline, plus what it states, minus what it sets to `false`. */
function declaredPolicies(stated: BaselineArgs["policies"], args: BaselineArgs): DeclaredPolicies {
  const policies: Partial<Record<PolicyKey, object>> = {};
  for (const key of POLICY_KEYS) {
    const setting = stated?.[key];
    if (setting === false) continue;
    if (setting !== undefined || DEFAULT_POLICIES[args.plan].includes(key)) policies[key] = setting ?? {};
  }
  return policies as DeclaredPolicies;
}

/** The config keys in the order `BaselineConfig` lists them. */
/** An `adopt` entry: the tenant policy's object id, or `{ id, acceptChanges }`. */
const ADOPT_ENTRY = {
  description: "the object id (GUID) of the tenant policy to adopt, or { id: <GUID>, acceptChanges: true }",
  anyOf: [
    OBJECT_ID,
    {
      type: "object",
      additionalProperties: false,
      required: ["id"],
      properties: { id: OBJECT_ID, acceptChanges: { type: "boolean", description: "true or false" } },
    },
  ],
} as const satisfies KeySchema;

export const CONFIG_KEYS = {
  plan: { schema: oneOf(LICENCE_PLANS, "the tenant's Entra ID licence: free, p1 or p2"), required: true },
  protection: {
    schema: oneOf(PROTECTIONS, "securityDefaults or conditionalAccess"),
    // Security Defaults are turned off only by a stack that says so, or that enforces its policies (which they would refuse).
    resolve: (stated, args): Protection => stated ?? (args.plan !== "free" && args.policyState === "enabled" ? "conditionalAccess" : "securityDefaults"),
  },
  breakGlassUsers: {
    schema: userIds("a list of your emergency-access accounts: object ids (GUIDs) or user principal names (breakglass1@contoso.com)"),
    default: [],
  },
  breakGlassGroups: { schema: objectIds("a list of the object ids (GUIDs) of your emergency-access groups"), default: [] },
  breakGlassConfirmed: { schema: { type: "boolean", description: "true once you have checked every break-glass account" }, default: true },
  policyState: { schema: POLICY_STATE, default: "reportOnly" },
  pilotGroup: { schema: OBJECT_ID, optional: true },
  liveChecks: { schema: oneOf(LIVE_CHECKS, "auto, on or off"), default: "auto" },
  cloud: { schema: oneOf(CLOUDS, "global, usgovernment or china"), default: "global" },
  perUserMfa: {
    schema: {
      description: "leave, disable, or { enforce: [user object ids] }",
      anyOf: [
        { enum: PER_USER_MFA_MODES },
        {
          type: "object",
          additionalProperties: false,
          required: ["enforce"],
          properties: { enforce: { ...OBJECT_IDS, minItems: 1, description: "a non-empty list of user object ids (GUIDs)" } },
        },
      ],
    },
    default: "leave",
  },
  registrationCampaign: { schema: { type: "boolean", description: "true or false" }, default: false },
  policies: {
    schema: { type: "object", additionalProperties: false, description: "an object keyed by policy name", properties: POLICY_OPTIONS_SCHEMA },
    resolve: declaredPolicies,
  },
  adopt: {
    schema: {
      type: "object",
      additionalProperties: false,
      description: "an object keyed by policy name, each the object id of the tenant policy to adopt",
      properties: Object.fromEntries(POLICY_KEYS.map((key) => [key, ADOPT_ENTRY])),
    },
    resolve: (stated) => stated ?? {},
  },
  authenticationMethods: { schema: AUTHENTICATION_METHODS_SCHEMA, resolve: withAuthenticationMethodDefaults },
  acceptedGaps: {
    schema: {
      type: "object",
      description: `an object keyed by the rule id of a gap (${GAP_RULES.join(" or ")}), each { reason: why it is accepted and until when }`,
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["reason"],
        description: "{ reason: why the gap is accepted and until when }",
        properties: { reason: { type: "string", description: "a sentence of at least 10 characters: why the gap is accepted and until when" } },
      },
    },
    resolve: (stated) => stated ?? {},
  },
  customPolicies: {
    schema: {
      type: "object",
      description: "an object keyed by policy name (letters and digits), each a Graph conditionalAccessPolicy object or the path of a .json file",
      propertyNames: { pattern: RESOURCE_KEY_PATTERN },
      additionalProperties: {
        description: "a Graph v1.0 conditionalAccessPolicy object, or the path of a .json file holding one",
        anyOf: [{ type: "object" }, { type: "string", pattern: "\\.json$" }],
      },
    },
    resolve: (stated) => loadCustomPolicies(stated),
  },
  namedLocations: {
    schema: {
      type: "object",
      description:
        "an object keyed by location name (letters and digits), each { displayName, ipRanges: [CIDR], trusted? } or { displayName, countries: [ISO codes] }",
      propertyNames: { pattern: RESOURCE_KEY_PATTERN },
      additionalProperties: NAMED_LOCATION,
    },
    resolve: (stated) => stated ?? {},
  },
  mfaTrustedIps: {
    schema: {
      type: "object",
      description: "{ ipRanges: [IPv4 CIDR ranges], federatedUsersOnIntranet?: true or false }, as the MFA service settings page lists them",
      additionalProperties: false,
      required: ["ipRanges"],
      properties: {
        ipRanges: {
          type: "array",
          maxItems: 50,
          uniqueItems: true,
          description: "a list of at most 50 IPv4 CIDR ranges such as 203.0.113.0/24 (the MFA service takes IPv4 only); [] when there are none",
          items: {
            type: "string",
            description: "an IPv4 CIDR range such as 203.0.113.0/24 (prefix /1 to /32; the MFA service takes no IPv6)",
            pattern: "^((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/([1-9]|[12]\\d|3[0-2])$",
          },
        },
        federatedUsersOnIntranet: { type: "boolean", description: "true or false" },
      },
    },
    optional: true,
  },
  tags: {
    schema: {
      type: "array",
      uniqueItems: true,
      description: "a list of tags such as tier1 or eu-west (letters, digits, '.', '_', '-')",
      items: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", description: "a tag such as tier1 or eu-west (letters, digits, '.', '_', '-')" },
    },
    default: [],
  },
  tenantId: { schema: { ...OBJECT_ID, description: "the tenant's id (a GUID), from the Entra admin center's Overview page" }, optional: true },
  credentials: {
    schema: {
      description: "partner, or { variables: PREFIX } with PREFIX in capitals, digits and _ (PREFIX_AZURE_TENANT_ID, PREFIX_AZURE_CLIENT_ID, …)",
      anyOf: [
        { enum: ["partner"] },
        {
          type: "object",
          additionalProperties: false,
          required: ["variables"],
          properties: {
            variables: { type: "string", pattern: "^[A-Z][A-Z0-9_]{0,62}$", description: "a variable prefix in capitals, digits and _, such as CONTOSO" },
          },
        },
      ],
    },
    optional: true,
  },
  unmanagedPolicies: { schema: UNMANAGED_POLICIES_SCHEMA, default: [] },
  inheritedRisks: { schema: INHERITED_RISKS_SCHEMA, default: [] },
} as const satisfies { readonly [K in keyof BaselineArgs]-?: ConfigKeyDefinition<K> };

export type ConfigKey = keyof typeof CONFIG_KEYS;
type Definition<K extends ConfigKey> = (typeof CONFIG_KEYS)[K];
type Resolved<K extends ConfigKey> = Definition<K> extends { resolve: (...args: never[]) => infer R } ? R : Stated<K>;
type OptionalKey = { [K in ConfigKey]: Definition<K> extends { optional: true } ? K : never }[ConfigKey];

/** The stack configuration after validation and defaults: every key with a default is decided. */
export type BaselineConfig = { readonly [K in Exclude<ConfigKey, OptionalKey>]: Resolved<K> } & { readonly [K in OptionalKey]?: Stated<K> };

/** A valid configuration with every default applied, key by key in `CONFIG_KEYS` order. */
export function applyDefaults(args: BaselineArgs): BaselineConfig {
  const config: Record<string, unknown> = {};
  for (const [key, definition] of Object.entries(CONFIG_KEYS) as [ConfigKey, ConfigKeyDefinition<ConfigKey>][]) {
    const stated = args[key];
    if ("resolve" in definition) config[key] = definition.resolve(stated as never, args);
    else if ("default" in definition) config[key] = stated ?? definition.default;
    else config[key] = stated;
  }
  return config as BaselineConfig;
}
