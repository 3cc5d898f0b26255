import type { ErrorObject, ValidateFunction } from "ajv";
import { PROVIDER_ENUMS } from "../components/providerValidation";
import { LICENCE_PLANS, PROTECTIONS } from "../config/types";

const stringList = { type: "array", items: { type: "string" } };
const listOf = (values: readonly string[]) => ({ type: "array", items: { enum: values } });
const object = (required: readonly string[], properties: Record<string, unknown>) => ({ type: "object", required, properties });
const allStringLists = (keys: readonly string[]) => object(keys, Object.fromEntries(keys.map((k) => [k, stringList])));

/** A guest condition: the types as Graph's comma-separated string, the tenants all or listed. */
const GUESTS_SCHEMA = {
  ...object(["guestOrExternalUserTypes"], {
    guestOrExternalUserTypes: { type: "string" },
    externalTenants: { ...object([], { membershipKind: { type: ["string", "null"] }, members: stringList }), type: ["object", "null"] },
  }),
  // Graph writes null for a condition that is not set.
  type: ["object", "null"],
};

/**
 * A Conditional Access policy in Graph's shape, as far as plan, diff and what-if read it. Extra
 * fields are allowed (a tenant policy has an id, custom policies more conditions); missing or
 * mistyped fields the tools read are not.
 */
export const POLICY_SCHEMA = object(["displayName", "state", "conditions", "grantControls"], {
  displayName: { type: "string" },
  state: { enum: PROVIDER_ENUMS.state },
  conditions: object(["users", "applications", "clientAppTypes", "signInRiskLevels", "userRiskLevels"], {
    users: {
      ...allStringLists(["includeUsers", "excludeUsers", "includeGroups", "excludeGroups", "includeRoles", "excludeRoles"]),
      properties: {
        ...allStringLists(["includeUsers", "excludeUsers", "includeGroups", "excludeGroups", "includeRoles", "excludeRoles"]).properties,
        includeGuestsOrExternalUsers: GUESTS_SCHEMA,
        excludeGuestsOrExternalUsers: GUESTS_SCHEMA,
      },
    },
    applications: allStringLists(["includeApplications", "excludeApplications", "includeUserActions"]),
    clientAppTypes: listOf(PROVIDER_ENUMS.clientAppTypes),
    signInRiskLevels: listOf(PROVIDER_ENUMS.riskLevels),
    userRiskLevels: listOf(PROVIDER_ENUMS.riskLevels),
    locations: allStringLists(["includeLocations", "excludeLocations"]),
    platforms: allStringLists(["includePlatforms", "excludePlatforms"]),
  }),
  grantControls: object(["builtInControls"], {
    operator: { enum: PROVIDER_ENUMS.operator },
    builtInControls: listOf(PROVIDER_ENUMS.builtInControls),
    authenticationStrength: object(["id"], { id: { type: "string" } }),
    termsOfUse: stringList,
    customAuthenticationFactors: stringList,
  }),
  sessionControls: object([], {
    signInFrequency: object(["isEnabled", "authenticationType", "frequencyInterval"], {
      isEnabled: { type: "boolean" },
      authenticationType: { enum: PROVIDER_ENUMS.signInFrequencyAuthenticationType },
      frequencyInterval: { enum: PROVIDER_ENUMS.signInFrequencyInterval },
      value: { type: "number" },
      type: { enum: PROVIDER_ENUMS.signInFrequencyPeriod },
    }),
  }),
});

/** The JSON `npm run plan -- --json` writes, as far as the diff, what-if and migration checks read it. */
export const PLAN_SCHEMA = object(["securityDefaults", "conditionalAccessPolicies"], {
  stack: { type: "string" },
  plan: { enum: LICENCE_PLANS },
  protection: { enum: PROTECTIONS },
  securityDefaults: object(["isEnabled"], { isEnabled: { type: "boolean" } }),
  breakGlass: object([], { users: stringList, groups: stringList }),
  conditionalAccessPolicies: { type: "array", items: POLICY_SCHEMA },
  namedLocations: {
    type: "array",
    items: object(["id"], {
      id: { type: "string" },
      displayName: { type: ["string", "null"] },
      isTrusted: { type: ["boolean", "null"] },
      ipRanges: { type: ["array", "null"], items: object(["cidrAddress"], { cidrAddress: { type: "string" } }) },
      countriesAndRegions: { ...stringList, type: ["array", "null"] },
      includeUnknownCountriesAndRegions: { type: ["boolean", "null"] },
      countryLookupMethod: { type: ["string", "null"] },
    }),
  },
  resources: { type: "array", items: object(["type", "name"], { type: { type: "string" }, name: { type: "string" }, inputs: { type: "object" } }) },
  findings: {
    type: "array",
    items: object(["rule", "severity", "message"], { rule: { type: "string" }, severity: { enum: ["error", "warning", "info"] }, message: { type: "string" } }),
  },
});

let compiled: { plan: ValidateFunction; policy: ValidateFunction } | undefined;

/**
 * The validators, ajv's standalone code generated at build time from the schemas above (`npm run validators`), loaded
 * on first use: the diff CLI starts without ajv's compiler, and nothing is compiled or written at run time.
 */
function validators() {
  compiled ??= require("./planShapeValidators.generated") as { plan: ValidateFunction; policy: ValidateFunction };
  return compiled;
}

/** `/conditionalAccessPolicies/0/conditions` → `conditionalAccessPolicies[0].conditions` */
function pathOf(instancePath: string, prefix: string): string {
  const path = instancePath
    .split("/")
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, "/").replace(/~0/g, "~")}`))
    .join("");
  return `${prefix}${path}`.replace(/^\./, "") || "the document";
}

function describe(error: ErrorObject, prefix: string): string {
  const where = pathOf(error.instancePath, prefix);
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  if (allowed) return `${where} must be one of ${allowed.join(", ")}`;
  return `${where} ${error.message ?? "is not valid"}`;
}

/** Why a value is not a plan's JSON, in one phrase naming the field; undefined when it is one. */
export function planProblem(value: unknown): string | undefined {
  const validate = validators().plan;
  return validate(value) ? undefined : describe(validate.errors![0], "");
}

/** Why a value is not a policy in Graph's shape, in one phrase naming the field (under `where`); undefined when it is one. */
export function policyProblem(value: unknown, where: string): string | undefined {
  const validate = validators().policy;
  return validate(value) ? undefined : describe(validate.errors![0], where);
}
