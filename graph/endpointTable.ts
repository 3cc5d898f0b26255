import {
  AUTHENTICATION_METHODS_POLICY_ANSWER,
  AUTHORIZATION_POLICY_ANSWER,
  BATCH_ANSWER,
  CONDITIONAL_ACCESS_POLICY_ANSWER,
  MEMBER_ANSWER,
  NAMED_LOCATION_ANSWER,
  NAMED_USER_ANSWER,
  PER_USER_MFA_ANSWER,
  ROLE_ASSIGNMENT_ANSWER,
  SECURITY_DEFAULTS_ANSWER,
  SUBSCRIBED_SKU_ANSWER,
  USER_ANSWER,
  USER_REGISTRATION_ANSWER,
} from "./answerSchemas";

/**
 * Every Graph application permission the project needs, and no other: the endpoints below each name one,
 * docs/graph.md's permission table lists exactly these (a spec keeps the three equal).
 */
export const GRAPH_PERMISSIONS = [
  "Policy.Read.All",
  "Policy.ReadWrite.SecurityDefaults",
  "Policy.ReadWrite.ConditionalAccess",
  "Policy.Read.AuthenticationMethod",
  "Policy.ReadWrite.AuthenticationMethod",
  "Organization.Read.All",
  "User.Read.All",
  "AuditLog.Read.All",
  "GroupMember.Read.All",
  "RoleManagement.Read.Directory",
  "Directory.Read.All",
  "Application.Read.All",
] as const;
export type GraphPermission = (typeof GRAPH_PERMISSIONS)[number];

/** One Graph call the project makes, or has the azuread provider make for it. */
export interface GraphEndpoint {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly version: "v1.0" | "beta";
  /** Below the version; `{id}` where the caller puts an id (or a UPN). */
  readonly path: string;
  /**
   * The least-privileged application permission Graph's documentation names for the call; `null` only for
   * `$batch`, whose requests each need their own.
   */
  readonly permission: GraphPermission | null;
  /**
   * The JSON Schema its answer is checked against before anything reads it (`graph/answerSchemas.ts`): of each
   * item for a collection. `null`: nothing of the answer is read (a write Graph answers 204), or it is read leniently,
   * item by item, for display only (the report's names, `report/liveNames.ts`).
   */
  readonly answer: object | null;
  /** A collection, read page by page through `@odata.nextLink`. */
  readonly collection: boolean;
  /** Sent inside `POST /{version}/$batch`, many at once. */
  readonly batched: boolean;
  /** Who sends it: this project's Graph client, or the azuread provider (its CA policies and named locations). */
  readonly caller: "entra-baseline" | "azuread provider";
}

/** An entry, its permission and schema typed as given (a reader's schema is never `null`). */
const call = <P extends GraphPermission | null, A extends object | null>(
  method: GraphEndpoint["method"],
  version: GraphEndpoint["version"],
  path: string,
  permission: P,
  answer: A,
  shape: { readonly collection?: boolean; readonly batched?: boolean; readonly caller?: GraphEndpoint["caller"] } = {},
): GraphEndpoint & { readonly permission: P; readonly answer: A } => ({
  method,
  version,
  path,
  permission,
  answer,
  collection: !!shape.collection,
  batched: !!shape.batched,
  caller: shape.caller ?? "entra-baseline",
});

const AZUREAD = { caller: "azuread provider" } as const;

/**
 * The Graph endpoint table: method, path, permission and answer schema of every call, declared once. Every reader
 * and writer in `graph/`, `live/`, `export/` and `report/` takes its path, permission and schema from here (a spec
 * finds no Graph path or permission spelled anywhere else). Plain data: the serialized dynamic providers inline
 * the entries they use.
 */
export const GRAPH_ENDPOINTS = {
  securityDefaults: call("GET", "v1.0", "/policies/identitySecurityDefaultsEnforcementPolicy", "Policy.Read.All", SECURITY_DEFAULTS_ANSWER),
  writeSecurityDefaults: call("PATCH", "v1.0", "/policies/identitySecurityDefaultsEnforcementPolicy", "Policy.ReadWrite.SecurityDefaults", null),
  conditionalAccessPolicies: call("GET", "v1.0", "/identity/conditionalAccess/policies", "Policy.Read.All", CONDITIONAL_ACCESS_POLICY_ANSWER, {
    collection: true,
  }),
  namedLocations: call("GET", "v1.0", "/identity/conditionalAccess/namedLocations", "Policy.Read.All", NAMED_LOCATION_ANSWER, { collection: true }),
  subscribedSkus: call("GET", "v1.0", "/subscribedSkus", "Organization.Read.All", SUBSCRIBED_SKU_ANSWER, { collection: true }),
  authorizationPolicy: call("GET", "v1.0", "/policies/authorizationPolicy", "Policy.Read.All", AUTHORIZATION_POLICY_ANSWER),
  registrationDetails: call("GET", "v1.0", "/reports/authenticationMethods/userRegistrationDetails", "AuditLog.Read.All", USER_REGISTRATION_ANSWER, {
    collection: true,
  }),
  groupMembers: call("GET", "v1.0", "/groups/{id}/transitiveMembers/microsoft.graph.user", "GroupMember.Read.All", MEMBER_ANSWER, {
    collection: true,
    batched: true,
  }),
  roleAssignments: call("GET", "v1.0", "/roleManagement/directory/roleAssignments", "RoleManagement.Read.Directory", ROLE_ASSIGNMENT_ANSWER, {
    collection: true,
    batched: true,
  }),
  users: call("GET", "v1.0", "/users", "User.Read.All", USER_ANSWER, { collection: true }),
  userByName: call("GET", "v1.0", "/users/{id}", "User.Read.All", NAMED_USER_ANSWER, { batched: true }),
  deletedUsers: call("GET", "v1.0", "/directory/deletedItems/microsoft.graph.user", "User.Read.All", NAMED_USER_ANSWER, { collection: true }),
  perUserMfa: call("GET", "beta", "/users/{id}/authentication/requirements", "Policy.ReadWrite.AuthenticationMethod", PER_USER_MFA_ANSWER, { batched: true }),
  writePerUserMfa: call("PATCH", "beta", "/users/{id}/authentication/requirements", "Policy.ReadWrite.AuthenticationMethod", null, { batched: true }),
  authenticationMethodsPolicy: call(
    "GET",
    "beta",
    "/policies/authenticationMethodsPolicy",
    "Policy.Read.AuthenticationMethod",
    AUTHENTICATION_METHODS_POLICY_ANSWER,
  ),
  writeAuthenticationMethodsPolicy: call("PATCH", "beta", "/policies/authenticationMethodsPolicy", "Policy.ReadWrite.AuthenticationMethod", null),
  writeAuthenticationMethodConfiguration: call(
    "PATCH",
    "beta",
    "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}",
    "Policy.ReadWrite.AuthenticationMethod",
    null,
  ),
  directoryObjectsByIds: call("POST", "v1.0", "/directoryObjects/getByIds", "Directory.Read.All", null),
  roleDefinitions: call("GET", "v1.0", "/roleManagement/directory/roleDefinitions", "RoleManagement.Read.Directory", null, { collection: true }),
  servicePrincipals: call("GET", "v1.0", "/servicePrincipals", "Application.Read.All", null, { collection: true }),
  batch: call("POST", "v1.0", "/$batch", null, BATCH_ANSWER),
  createConditionalAccessPolicy: call("POST", "v1.0", "/identity/conditionalAccess/policies", "Policy.ReadWrite.ConditionalAccess", null, AZUREAD),
  updateConditionalAccessPolicy: call("PATCH", "v1.0", "/identity/conditionalAccess/policies/{id}", "Policy.ReadWrite.ConditionalAccess", null, AZUREAD),
  deleteConditionalAccessPolicy: call("DELETE", "v1.0", "/identity/conditionalAccess/policies/{id}", "Policy.ReadWrite.ConditionalAccess", null, AZUREAD),
  /** The Graph-backed policy resource's calls (components/graphPolicyProvider.ts): policies the azuread provider cannot express. */
  conditionalAccessPolicy: call("GET", "v1.0", "/identity/conditionalAccess/policies/{id}", "Policy.Read.All", CONDITIONAL_ACCESS_POLICY_ANSWER),
  createGraphBackedPolicy: call("POST", "v1.0", "/identity/conditionalAccess/policies", "Policy.ReadWrite.ConditionalAccess", CONDITIONAL_ACCESS_POLICY_ANSWER),
  updateGraphBackedPolicy: call("PATCH", "v1.0", "/identity/conditionalAccess/policies/{id}", "Policy.ReadWrite.ConditionalAccess", null),
  deleteGraphBackedPolicy: call("DELETE", "v1.0", "/identity/conditionalAccess/policies/{id}", "Policy.ReadWrite.ConditionalAccess", null),
  createNamedLocation: call("POST", "v1.0", "/identity/conditionalAccess/namedLocations", "Policy.ReadWrite.ConditionalAccess", null, AZUREAD),
  updateNamedLocation: call("PATCH", "v1.0", "/identity/conditionalAccess/namedLocations/{id}", "Policy.ReadWrite.ConditionalAccess", null, AZUREAD),
  deleteNamedLocation: call("DELETE", "v1.0", "/identity/conditionalAccess/namedLocations/{id}", "Policy.ReadWrite.ConditionalAccess", null, AZUREAD),
  /** The applications a CA policy names, which the azuread provider resolves (its documentation asks for Application.Read.All). */
  resolveApplications: call("GET", "v1.0", "/servicePrincipals", "Application.Read.All", null, { collection: true, ...AZUREAD }),
} as const satisfies Record<string, GraphEndpoint>;

/**
 * The path of a call below the Graph base URL (`/v1.0/…`), `{id}` filled in (URI-encoded) and the query, if any,
 * appended; `relative` leaves the version out, as a request inside `$batch` is written.
 */
export function pathOf(endpoint: GraphEndpoint, options: { readonly id?: string; readonly query?: string; readonly relative?: boolean } = {}): string {
  const path = options.id === undefined ? endpoint.path : endpoint.path.replace("{id}", encodeURIComponent(options.id));
  return `${options.relative ? "" : `/${endpoint.version}`}${path}${options.query ? `?${options.query}` : ""}`;
}
