/**
 * Every field of Microsoft Graph v1.0 `conditionalAccessPolicy` this project holds, declared once.
 *
 * Each field names its Graph path, its kind (how Graph spells it, and so how it is read, compared and
 * written), its Graph v1.0 enum (members in the schema's order, evolvable members after
 * `unknownFutureValue`), the azuread provider's input for it (Pulumi's names, @pulumi/azuread 6.9.1 =
 * terraform-provider-azuread v3.8.0) or `null` when the provider cannot express it, and the family it
 * belongs to (users, applications, …: the diff's and the property tests' grouping). A spec checks the
 * paths and enums against the vendored schema (`conditionalAccessPolicy.v1.schema.json`).
 *
 * Derived from it: the custom-policy allow-list (config/customPolicies.ts), the canonical reading of a
 * policy (config/graph/policyShape.ts: projection, drift, equivalence, the export's field walk), the
 * mapping to and from the provider's inputs (components/providerArgs.ts), and the diff's walk over fields.
 */

/** Graph's built-in grant controls that the azuread provider (v3.8.0) knows: all but those after `unknownFutureValue`. */
export const PROVIDER_GRANT_CONTROLS = [
  "block",
  "mfa",
  "compliantDevice",
  "domainJoinedDevice",
  "approvedApplication",
  "compliantApplication",
  "passwordChange",
] as const;

/** Graph's guest or external user types that select someone (its flags enum without `none` and the placeholder). */
export const GUEST_TYPES = [
  "internalGuest",
  "b2bCollaborationGuest",
  "b2bCollaborationMember",
  "b2bDirectConnectUser",
  "otherExternalUser",
  "serviceProvider",
] as const;

/** Graph v1.0 enums the fields use, as the vendored schema lists them (a spec keeps them equal). */
export const GRAPH_ENUMS = {
  conditionalAccessPolicyState: ["enabled", "disabled", "enabledForReportingButNotEnforced"],
  conditionalAccessClientApp: ["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other", "unknownFutureValue"],
  conditionalAccessDevicePlatform: ["android", "iOS", "windows", "windowsPhone", "macOS", "all", "unknownFutureValue", "linux"],
  conditionalAccessGrantControl: [...PROVIDER_GRANT_CONTROLS, "unknownFutureValue", "riskRemediation"],
  riskLevel: ["low", "medium", "high", "hidden", "none", "unknownFutureValue"],
  conditionalAccessInsiderRiskLevels: ["minor", "moderate", "elevated", "unknownFutureValue"],
  conditionalAccessTransferMethods: ["none", "deviceCodeFlow", "authenticationTransfer", "unknownFutureValue"],
  conditionalAccessGuestOrExternalUserTypes: ["none", ...GUEST_TYPES, "unknownFutureValue"],
  conditionalAccessExternalTenantsMembershipKind: ["all", "enumerated", "unknownFutureValue"],
  filterMode: ["include", "exclude"],
  persistentBrowserSessionMode: ["always", "never"],
  cloudAppSecuritySessionControlType: ["mcasConfigured", "monitorOnly", "blockDownloads", "unknownFutureValue"],
  signInFrequencyAuthenticationType: ["primaryAndSecondaryAuthentication", "secondaryAuthentication", "unknownFutureValue"],
  signInFrequencyInterval: ["timeBased", "everyTime", "unknownFutureValue"],
  signinFrequencyType: ["days", "hours"],
} as const;
export type GraphEnum = keyof typeof GRAPH_ENUMS;

/** Graph's placeholder for an enum member the reader's schema does not name; never exported nor written. */
export const UNKNOWN_FUTURE_VALUE = "unknownFutureValue";

/**
 * How Graph spells a field, and so how it is read, compared and written:
 * - `ids`: a list of object ids or special values (`All`, `None` …); GUIDs compare in any letter case;
 * - `names`: a list of strings kept as written (user actions, authentication contexts, custom controls);
 * - `values`: a list of members of a Graph enum;
 * - `flags`: a Graph flags enum, one comma-separated string (`none` is nothing);
 * - `enum`: one member of a Graph enum; `text`: a string;
 * - `guests`: a guest or external user condition (types as flags, external tenants all or enumerated);
 * - `filter`: a `conditionalAccessFilter` (`mode` and `rule`), set when it has a rule;
 * - `reference`: a navigation property read by its `id` only (the authentication strength);
 * - `switch`: a session control that is only `isEnabled` (application-enforced restrictions);
 * - `boolean`: true or nothing (`false`, null and missing are alike: disabling resilience defaults);
 * - `switched`: a session control turned on by `isEnabled` with one setting (`setting`: its key and enum);
 * - `frequency`: the sign-in frequency session control.
 */
export type FieldKind = "ids" | "names" | "values" | "flags" | "enum" | "guests" | "filter" | "reference" | "switch" | "switched" | "frequency" | "boolean";

/** The families of fields: how the diff and the property tests group them. */
export type FieldFamily =
  | "users"
  | "applications"
  | "clientApplications"
  | "clientAppTypes"
  | "platforms"
  | "locations"
  | "devices"
  | "riskLevels"
  | "authenticationFlows"
  | "grant"
  | "session";

export interface PolicyField {
  /** The Graph path from the policy's root, e.g. `conditions.users.includeUsers`. */
  readonly path: string;
  readonly kind: FieldKind;
  readonly family: FieldFamily;
  /** The Graph v1.0 enum of a `values`, `flags`, `enum` or `switched` field. */
  readonly graphEnum?: GraphEnum;
  /** A `switched` control's setting: its key beside `isEnabled` (e.g. `mode`). */
  readonly setting?: string;
  /**
   * The provider's input, by Pulumi's names from the resource's root (`conditions.users.includedUsers`); a
   * path ending in `.*` merges the field's keys into that block (the sign-in frequency). `null`: the
   * provider cannot express the field (a policy that sets it is managed through Graph).
   */
  readonly provider: string | null;
  /** The enum members terraform-provider-azuread v3.8.0 accepts, when fewer than Graph's. */
  readonly providerMembers?: readonly string[];
  /** The values an `enum` field without a Graph enum takes (the grant's operator is a string in Graph's schema). */
  readonly oneOf?: readonly string[];
  /** The provider takes one member only (a flags field it declares as one string). */
  readonly providerSingle?: boolean;
  /** Always present in the projection and the provider's inputs (the baseline's own shape). */
  readonly inBaselineShape?: boolean;
  /**
   * The provider takes exactly one of the fields so marked in a policy (included applications or user actions): each is
   * optional among its inputs, and the first is sent empty when none is set.
   */
  readonly exactlyOneInProvider?: boolean;
  /** Present (as an empty list) whenever its block is: `includeLocations` beside `excludeLocations`. */
  readonly filledWithBlock?: boolean;
  /** Written by the export even when empty: `[]` means what Graph means, not a missing field. */
  readonly writtenWhenEmpty?: boolean;
  /** What the field is, in the words of the plan, the diff and error messages. */
  readonly label: string;
}

/** One field, its literal path, kind, family, provider input and flags kept in its type (config/graph/policyTypes.ts derives the policy's types from them). */
const field = <
  const P extends string,
  const K extends FieldKind,
  const Fam extends FieldFamily,
  const Prov extends string | null,
  const M extends Omit<Partial<PolicyField>, "path" | "kind" | "family" | "provider" | "label"> = {},
>(
  path: P,
  kind: K,
  family: Fam,
  provider: Prov,
  label: string,
  more?: M,
) => ({ path, kind, family, provider, label, ...(more as M) });

const U = "conditions.users";
const A = "conditions.applications";
const CA = "conditions.clientApplications";
const S = "sessionControls";

/** The declaration, every field's literal path, kind and flags kept in its type. */
const DECLARED = [
  field(`${U}.includeUsers`, "ids", "users", `${U}.includedUsers`, "included users", { inBaselineShape: true }),
  field(`${U}.excludeUsers`, "ids", "users", `${U}.excludedUsers`, "excluded users", { inBaselineShape: true }),
  field(`${U}.includeGroups`, "ids", "users", `${U}.includedGroups`, "included groups", { inBaselineShape: true }),
  field(`${U}.excludeGroups`, "ids", "users", `${U}.excludedGroups`, "excluded groups", { inBaselineShape: true }),
  field(`${U}.includeRoles`, "ids", "users", `${U}.includedRoles`, "included roles", { inBaselineShape: true }),
  field(`${U}.excludeRoles`, "ids", "users", `${U}.excludedRoles`, "excluded roles", { inBaselineShape: true }),
  field(`${U}.includeGuestsOrExternalUsers`, "guests", "users", `${U}.includedGuestsOrExternalUsers`, "included guests or external users", {
    graphEnum: "conditionalAccessGuestOrExternalUserTypes",
  }),
  field(`${U}.excludeGuestsOrExternalUsers`, "guests", "users", `${U}.excludedGuestsOrExternalUsers`, "excluded guests or external users", {
    graphEnum: "conditionalAccessGuestOrExternalUserTypes",
  }),
  field(`${A}.includeApplications`, "ids", "applications", `${A}.includedApplications`, "included applications", {
    inBaselineShape: true,
    exactlyOneInProvider: true,
  }),
  field(`${A}.excludeApplications`, "ids", "applications", `${A}.excludedApplications`, "excluded applications", { inBaselineShape: true }),
  field(`${A}.includeUserActions`, "names", "applications", `${A}.includedUserActions`, "user actions", {
    inBaselineShape: true,
    exactlyOneInProvider: true,
  }),
  field(`${A}.includeAuthenticationContextClassReferences`, "names", "applications", null, "authentication contexts"),
  field(`${A}.applicationFilter`, "filter", "applications", null, "application filter", { graphEnum: "filterMode" }),
  field(`${CA}.includeServicePrincipals`, "ids", "clientApplications", `${CA}.includedServicePrincipals`, "included service principals"),
  field(`${CA}.excludeServicePrincipals`, "ids", "clientApplications", `${CA}.excludedServicePrincipals`, "excluded service principals"),
  field(`${CA}.servicePrincipalFilter`, "filter", "clientApplications", `${CA}.filter`, "service principal filter", { graphEnum: "filterMode" }),
  field("conditions.clientAppTypes", "values", "clientAppTypes", "conditions.clientAppTypes", "client app types", {
    graphEnum: "conditionalAccessClientApp",
    inBaselineShape: true,
    writtenWhenEmpty: true,
  }),
  field("conditions.signInRiskLevels", "values", "riskLevels", "conditions.signInRiskLevels", "sign-in risk", {
    graphEnum: "riskLevel",
    inBaselineShape: true,
  }),
  field("conditions.userRiskLevels", "values", "riskLevels", "conditions.userRiskLevels", "user risk", { graphEnum: "riskLevel", inBaselineShape: true }),
  field("conditions.servicePrincipalRiskLevels", "values", "riskLevels", "conditions.servicePrincipalRiskLevels", "service principal risk", {
    graphEnum: "riskLevel",
  }),
  field("conditions.insiderRiskLevels", "flags", "riskLevels", "conditions.insiderRiskLevels", "insider risk", {
    graphEnum: "conditionalAccessInsiderRiskLevels",
    providerSingle: true,
  }),
  field("conditions.locations.includeLocations", "ids", "locations", "conditions.locations.includedLocations", "included locations", { filledWithBlock: true }),
  field("conditions.locations.excludeLocations", "ids", "locations", "conditions.locations.excludedLocations", "excluded locations", { filledWithBlock: true }),
  field("conditions.platforms.includePlatforms", "values", "platforms", "conditions.platforms.includedPlatforms", "included platforms", {
    graphEnum: "conditionalAccessDevicePlatform",
    filledWithBlock: true,
  }),
  field("conditions.platforms.excludePlatforms", "values", "platforms", "conditions.platforms.excludedPlatforms", "excluded platforms", {
    graphEnum: "conditionalAccessDevicePlatform",
    filledWithBlock: true,
  }),
  field("conditions.devices.deviceFilter", "filter", "devices", "conditions.devices.filter", "device filter", { graphEnum: "filterMode" }),
  field(
    "conditions.authenticationFlows.transferMethods",
    "flags",
    "authenticationFlows",
    "conditions.authenticationFlowTransferMethods",
    "authentication flows",
    {
      graphEnum: "conditionalAccessTransferMethods",
      providerMembers: ["deviceCodeFlow", "authenticationTransfer"],
    },
  ),
  field("grantControls.operator", "enum", "grant", "grantControls.operator", "grant operator", { inBaselineShape: true, oneOf: ["AND", "OR"] }),
  field("grantControls.builtInControls", "values", "grant", "grantControls.builtInControls", "built-in controls", {
    graphEnum: "conditionalAccessGrantControl",
    // v3.8.0 knows no riskRemediation (after unknownFutureValue in Graph's enum).
    providerMembers: PROVIDER_GRANT_CONTROLS,
    inBaselineShape: true,
  }),
  field("grantControls.authenticationStrength", "reference", "grant", "grantControls.authenticationStrengthPolicyId", "authentication strength"),
  field("grantControls.termsOfUse", "ids", "grant", "grantControls.termsOfUses", "terms of use"),
  field("grantControls.customAuthenticationFactors", "names", "grant", "grantControls.customAuthenticationFactors", "custom controls"),
  field(`${S}.applicationEnforcedRestrictions`, "switch", "session", `${S}.applicationEnforcedRestrictionsEnabled`, "app-enforced restrictions"),
  field(`${S}.cloudAppSecurity`, "switched", "session", `${S}.cloudAppSecurityPolicy`, "Defender for Cloud Apps", {
    graphEnum: "cloudAppSecuritySessionControlType",
    setting: "cloudAppSecurityType",
  }),
  field(`${S}.persistentBrowser`, "switched", "session", `${S}.persistentBrowserMode`, "persistent browser", {
    graphEnum: "persistentBrowserSessionMode",
    setting: "mode",
  }),
  field(`${S}.signInFrequency`, "frequency", "session", `${S}.*`, "sign-in frequency"),
  field(`${S}.disableResilienceDefaults`, "boolean", "session", `${S}.disableResilienceDefaults`, "resilience defaults disabled"),
] as const satisfies readonly PolicyField[];

/** Every field of Graph v1.0 `conditionalAccessPolicy` beside `displayName` and `state`, in Graph's order of reading. */
export const POLICY_FIELDS: readonly PolicyField[] = DECLARED;

/** The declaration's literal type: config/graph/policyTypes.ts derives the policy's TypeScript types from it. */
export type DeclaredFields = typeof DECLARED;

/** Fields by Graph path. */
export const FIELD_BY_PATH: ReadonlyMap<string, PolicyField> = new Map(POLICY_FIELDS.map((f): [string, PolicyField] => [f.path, f]));

/** The enum members of a field, as Graph v1.0 defines them. */
export const membersOf = (f: PolicyField): readonly string[] => (f.graphEnum ? GRAPH_ENUMS[f.graphEnum] : []);

/** The members terraform-provider-azuread v3.8.0 accepts for a field: its own list, else Graph's without the placeholder. */
export const providerMembersOf = (f: PolicyField): readonly string[] => f.providerMembers ?? membersOf(f).filter((m) => m !== UNKNOWN_FUTURE_VALUE);

/** The field at a Graph path (a spec keeps every path declared). */
export function fieldAt(path: string): PolicyField {
  const f = FIELD_BY_PATH.get(path);
  if (!f) throw new Error(`${path} is not a declared Conditional Access policy field`);
  return f;
}

/** A part of a policy only Graph's beta defines: a property, or (with `values`) some values of a v1.0 property. */
export interface BetaOnlyPart {
  readonly path: string;
  /** The feature, in the words of Microsoft's docs. */
  readonly feature: string;
  /** Only these values are beta-only (special users values, grant controls). */
  readonly values?: RegExp;
}

/**
 * Parts of a policy Graph offers only in beta or in preview, which neither Graph v1.0 nor the azuread provider
 * can set: refused by name, with the feature, never dropped (dropping a condition or a control could widen or
 * narrow the policy silently). Token protection is in v1.0's schema but still a preview the provider cannot set.
 */
export const BETA_ONLY: readonly BetaOnlyPart[] = [
  { path: "sessionControls.secureSignInSession", feature: "token protection" },
  { path: "sessionControls.continuousAccessEvaluation", feature: "continuous access evaluation" },
  { path: "sessionControls.networkAccessSecurity", feature: "Global Secure Access" },
  { path: "sessionControls.globalSecureAccessFilteringProfile", feature: "Global Secure Access" },
  { path: "conditions.applications.networkAccess", feature: "Global Secure Access" },
  { path: "conditions.applications.globalSecureAccess", feature: "Global Secure Access" },
  { path: "conditions.agentIdRiskLevels", feature: "agent identities" },
  { path: "conditions.clientApplications.includeAgentIdServicePrincipals", feature: "agent identities" },
  { path: "conditions.clientApplications.excludeAgentIdServicePrincipals", feature: "agent identities" },
  { path: "conditions.clientApplications.agentIdServicePrincipalFilter", feature: "agent identities" },
  { path: "conditions.users.includeUsers", feature: "agent identities", values: /^AllAgentId/i },
  { path: "conditions.users.excludeUsers", feature: "agent identities", values: /^AllAgentId/i },
  { path: "conditions.times", feature: "time conditions" },
  { path: "conditions.deviceStates", feature: "device states (retired; use a device filter)" },
  { path: "grantControls.builtInControls", feature: "Verified ID", values: /^verifiedID$/i },
];

/** Read-only fields of Graph's answer: accepted (an export carries them), never sent. `id` adopts the policy. */
export const READ_ONLY_POLICY_FIELDS = ["id", "createdDateTime", "modifiedDateTime", "deletedDateTime", "templateId", "description"] as const;

/** Whether a key is an OData annotation (`@odata.type`, `authenticationStrength@odata.context` …): never policy content. */
export const isAnnotation = (key: string): boolean => key.includes("@odata.");
