import type { AuthenticationMethod, AuthenticationMethodsConfig, MethodSetting } from "../config/types";

/** Graph's id and `@odata.type` of each method configuration (`/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}`). */
export const METHOD_GRAPH: Readonly<Record<AuthenticationMethod, { readonly id: string; readonly odataType: string }>> = {
  microsoftAuthenticator: { id: "MicrosoftAuthenticator", odataType: "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration" },
  fido2: { id: "Fido2", odataType: "#microsoft.graph.fido2AuthenticationMethodConfiguration" },
  temporaryAccessPass: { id: "TemporaryAccessPass", odataType: "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration" },
  sms: { id: "Sms", odataType: "#microsoft.graph.smsAuthenticationMethodConfiguration" },
  voice: { id: "Voice", odataType: "#microsoft.graph.voiceAuthenticationMethodConfiguration" },
  email: { id: "Email", odataType: "#microsoft.graph.emailAuthenticationMethodConfiguration" },
  softwareOath: { id: "SoftwareOath", odataType: "#microsoft.graph.softwareOathAuthenticationMethodConfiguration" },
};

/** Graph's target for everyone. */
export const ALL_USERS = "all_users";
/** Graph's "nobody" in a feature setting's excludeTarget. */
const NO_GROUP = "00000000-0000-0000-0000-000000000000";

/** One method as this project compares it: on or off, and for whom. */
export interface MethodState {
  readonly state: "enabled" | "disabled";
  /** `all_users` or a group's object id. */
  readonly target: string;
}

/** The authentication methods policy as this project declares and compares it. */
export interface AuthenticationMethodsState {
  readonly methods: { readonly [M in AuthenticationMethod]?: MethodState };
  /** Authenticator shows app name and location in push notifications (`featureSettings.display…RequiredState`). */
  readonly authenticatorContext?: "enabled" | "disabled" | "default";
  /** `systemCredentialPreferences.state`. */
  readonly systemPreferredMfa?: "enabled" | "disabled" | "default";
  readonly policyMigrationState?: "preMigration" | "migrationInProgress" | "migrationComplete";
}

export const methodState = (setting: MethodSetting): MethodState =>
  typeof setting === "object" ? { state: "enabled", target: setting.group } : { state: setting, target: ALL_USERS };

/** What the stack declares, from its configuration. */
export function declaredAuthenticationMethods(config: AuthenticationMethodsConfig): AuthenticationMethodsState {
  const methods: { [M in AuthenticationMethod]?: MethodState } = {};
  for (const [name, setting] of Object.entries(config.methods) as [AuthenticationMethod, MethodSetting][]) methods[name] = methodState(setting);
  return {
    methods,
    authenticatorContext: config.authenticatorContext ? "enabled" : "disabled",
    systemPreferredMfa: config.systemPreferredMfa ? "enabled" : "disabled",
    policyMigrationState: config.migrationComplete ? "migrationComplete" : undefined,
  };
}

/** Whether a method is usable by someone (enabled, for everyone or a group). */
export const isOn = (m: MethodState | undefined) => m?.state === "enabled";

const featureSetting = (state: string) => ({
  state,
  includeTarget: { targetType: "group", id: ALL_USERS },
  excludeTarget: { targetType: "group", id: NO_GROUP },
});

/**
 * The PATCH body of one method configuration. Break-glass accounts are never excluded from a
 * method: they must keep one. Number matching is not sent: Microsoft enforces it for every
 * push notification and Graph no longer lets a tenant change it (docs/authentication-methods.md).
 */
export function methodBody(method: AuthenticationMethod, state: MethodState, authenticatorContext?: string): Record<string, unknown> {
  const target: Record<string, unknown> = { targetType: "group", id: state.target, isRegistrationRequired: false };
  const body: Record<string, unknown> = {
    "@odata.type": METHOD_GRAPH[method].odataType,
    state: state.state,
    includeTargets: [method === "microsoftAuthenticator" ? { ...target, authenticationMode: "any" } : target],
    excludeTargets: [],
  };
  if (method === "microsoftAuthenticator" && authenticatorContext && authenticatorContext !== "default") {
    body.featureSettings = {
      displayAppInformationRequiredState: featureSetting(authenticatorContext),
      displayLocationInformationRequiredState: featureSetting(authenticatorContext),
    };
  }
  return body;
}

/** The PATCH body of the policy itself; `registrationEnforcement` is the registration campaign's, never sent here. */
export function policyBody(state: AuthenticationMethodsState): Record<string, unknown> {
  return {
    ...(state.policyMigrationState ? { policyMigrationState: state.policyMigrationState } : {}),
    ...(state.systemPreferredMfa && state.systemPreferredMfa !== "default"
      ? { systemCredentialPreferences: { state: state.systemPreferredMfa, includeTargets: [{ id: ALL_USERS, targetType: "group" }], excludeTargets: [] } }
      : {}),
  };
}

/** One setting that differs between the tenant and the stack. */
export interface AuthenticationMethodChange {
  readonly field: string;
  readonly tenant: unknown;
  readonly declared: unknown;
}

const show = (m: MethodState | undefined) => (m ? (m.state === "disabled" ? "disabled" : m.target === ALL_USERS ? "enabled" : `group ${m.target}`) : undefined);

/** What applying the declared state would change; settings the stack does not declare are not compared. */
export function authenticationMethodChanges(tenant: AuthenticationMethodsState, declared: AuthenticationMethodsState): AuthenticationMethodChange[] {
  const changes: AuthenticationMethodChange[] = [];
  for (const [name, want] of Object.entries(declared.methods) as [AuthenticationMethod, MethodState][]) {
    if (show(tenant.methods[name]) !== show(want))
      changes.push({ field: `methods.${name}`, tenant: show(tenant.methods[name]) ?? "absent", declared: show(want) });
  }
  for (const field of ["authenticatorContext", "systemPreferredMfa", "policyMigrationState"] as const) {
    if (declared[field] !== undefined && tenant[field] !== declared[field])
      changes.push({ field, tenant: tenant[field] ?? "absent", declared: declared[field] });
  }
  return changes;
}

/** Settings Microsoft enforces and no tenant can turn off: read and reported, never managed. */
export interface EnforcedByMicrosoft {
  /** `featureSettings.numberMatchingRequiredState.state` as Graph reports it; enforced for every push since 2023. */
  readonly numberMatching: string;
}

export interface TenantAuthenticationMethods extends AuthenticationMethodsState {
  readonly enforcedByMicrosoft: EnforcedByMicrosoft;
}

// A function, not a Map: Pulumi's closure serializer does not carry a Map's internals into the provider.
const nameOfId = (id: string) => (Object.keys(METHOD_GRAPH) as AuthenticationMethod[]).find((name) => METHOD_GRAPH[name].id.toLowerCase() === id.toLowerCase());

function methodOf(raw: any): MethodState {
  const target = Array.isArray(raw?.includeTargets) && raw.includeTargets.length > 0 ? String(raw.includeTargets[0].id) : "all_users";
  return { state: raw?.state === "enabled" ? "enabled" : "disabled", target };
}

/** Graph's GET answer (nulls, server fields, every method's `@odata.type`) reduced to what this project compares. */
export function normalizeAuthenticationMethods(raw: any): TenantAuthenticationMethods {
  const methods: { [M in AuthenticationMethod]?: MethodState } = {};
  let authenticator: any;
  for (const config of Array.isArray(raw?.authenticationMethodConfigurations) ? raw.authenticationMethodConfigurations : []) {
    const name = nameOfId(String(config?.id));
    if (!name) continue;
    methods[name] = methodOf(config);
    if (name === "microsoftAuthenticator") authenticator = config;
  }
  const features = authenticator?.featureSettings ?? {};
  const app = features.displayAppInformationRequiredState?.state;
  const location = features.displayLocationInformationRequiredState?.state;
  return {
    methods,
    authenticatorContext: app === location && (app === "enabled" || app === "disabled") ? app : app === undefined ? undefined : "default",
    systemPreferredMfa: raw?.systemCredentialPreferences?.state ?? undefined,
    policyMigrationState: raw?.policyMigrationState ?? undefined,
    enforcedByMicrosoft: { numberMatching: String(features.numberMatchingRequiredState?.state ?? "enabled (enforced by Microsoft)") },
  };
}

/** The PATCH bodies of a declared state: the policy's, then one per declared method. */
export function authenticationMethodsPatches(state: AuthenticationMethodsState) {
  return {
    policy: policyBody(state),
    methods: (Object.entries(state.methods) as [AuthenticationMethod, MethodState][]).map(([name, m]) => ({
      id: METHOD_GRAPH[name].id,
      body: methodBody(name, m, state.authenticatorContext),
    })),
  };
}
