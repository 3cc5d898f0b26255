import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import type { GraphClient } from "../graph/client";
import { getAuthenticationMethodsPolicy, patchAuthenticationMethods } from "../graph/authenticationMethods";
import {
  ALL_USERS,
  AuthenticationMethodsState,
  authenticationMethodChanges,
  authenticationMethodsPatches,
  METHOD_GRAPH,
  MethodState,
  normalizeAuthenticationMethods,
  TenantAuthenticationMethods,
} from "../policies/authenticationMethods";
import { asRecord, cloudFailures, knownCloud, readWithoutStackTrace, requireWritable, UNKNOWN_DURING_PREVIEW, unknownAt } from "./dynamicInputs";

/** The policy is a singleton in every tenant. */
export const AUTHENTICATION_METHODS_POLICY_ID = "authenticationMethodsPolicy";

export interface AuthenticationMethodsInputs extends AuthenticationMethodsState {
  readonly cloud?: Cloud;
}

/** The inputs the provider takes; `__provider` is Pulumi's (the serialized provider), `enforcedByMicrosoft` an output only. */
const INPUT_KEYS = ["methods", "authenticatorContext", "systemPreferredMfa", "policyMigrationState", "cloud", "enforcedByMicrosoft", "__provider"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATES = ["enabled", "disabled"];
const SETTINGS = ["enabled", "disabled", "default"];
const MIGRATION_STATES = ["preMigration", "migrationInProgress", "migrationComplete"];
const isMethodName = (name: string) => Object.prototype.hasOwnProperty.call(METHOD_GRAPH, name);

/**
 * Inputs the provider accepts: known keys only; `methods` keyed by known method names, each `{ state, target }`
 * with state enabled/disabled and target `all_users` or a group object id (a GUID, returned lower-cased); known
 * setting values and cloud. A value not known yet during a preview passes here and is refused at create/update.
 */
export function checkAuthenticationMethods(news: unknown): pulumi.dynamic.CheckResult {
  const inputs = asRecord(news);
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const key of Object.keys(inputs).filter((k) => !INPUT_KEYS.includes(k))) {
    failures.push({ property: key, reason: `unknown input ${key}; use ${INPUT_KEYS.slice(0, 5).join(", ")}` });
  }
  if (inputs.enforcedByMicrosoft !== undefined && inputs.enforcedByMicrosoft !== UNKNOWN_DURING_PREVIEW) {
    failures.push({ property: "enforcedByMicrosoft", reason: "enforcedByMicrosoft is an output (what Microsoft enforces), not an input" });
  }
  let methods: unknown = inputs.methods;
  if (methods !== UNKNOWN_DURING_PREVIEW) {
    if (methods === null || typeof methods !== "object" || Array.isArray(methods))
      failures.push({ property: "methods", reason: "methods must be an object keyed by method name" });
    const checked: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(asRecord(methods))) {
      const method = asRecord(m);
      const target = method.target;
      if (!isMethodName(name))
        failures.push({ property: `methods.${name}`, reason: `unknown method ${name}; use one of ${Object.keys(METHOD_GRAPH).join(", ")}` });
      else if (m === UNKNOWN_DURING_PREVIEW) checked[name] = m;
      else if (m === null || typeof m !== "object" || Array.isArray(m))
        failures.push({ property: `methods.${name}`, reason: `methods.${name} must be { state, target }` });
      else if (Object.keys(method).some((k) => k !== "state" && k !== "target")) {
        failures.push({ property: `methods.${name}`, reason: `methods.${name} takes only state and target, got ${Object.keys(method).join(", ")}` });
      } else if (!STATES.includes(method.state as string) && method.state !== UNKNOWN_DURING_PREVIEW) {
        failures.push({ property: `methods.${name}.state`, reason: `state must be enabled or disabled, got ${JSON.stringify(method.state)}` });
      } else if (target !== ALL_USERS && target !== UNKNOWN_DURING_PREVIEW && !(typeof target === "string" && GUID.test(target))) {
        failures.push({ property: `methods.${name}.target`, reason: `target must be all_users or a group object id (GUID), got ${JSON.stringify(target)}` });
      } else
        checked[name] = { state: method.state, target: target === ALL_USERS || target === UNKNOWN_DURING_PREVIEW ? target : (target as string).toLowerCase() };
    }
    methods = checked;
  }
  for (const [key, allowed] of [
    ["authenticatorContext", SETTINGS],
    ["systemPreferredMfa", SETTINGS],
    ["policyMigrationState", MIGRATION_STATES],
  ] as const) {
    const value = inputs[key];
    if (value !== undefined && value !== UNKNOWN_DURING_PREVIEW && !allowed.includes(value as string)) {
      failures.push({ property: key, reason: `${key} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}` });
    }
  }
  if (inputs.cloud !== UNKNOWN_DURING_PREVIEW) failures.push(...cloudFailures(inputs.cloud));
  return failures.length > 0 ? { failures } : { inputs: { ...inputs, methods } };
}

/** Well-formed method states, or undefined when the value is not (a corrupt or older state, an unknown value). */
function methodStates(value: unknown): Record<string, MethodState> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  const wellFormed = entries.every(([name, m]) => isMethodName(name) && STATES.includes(asRecord(m).state as string) && typeof asRecord(m).target === "string");
  return wellFormed ? (Object.fromEntries(entries) as Record<string, MethodState>) : undefined;
}

/**
 * Any declared difference is an in-place update: the policy is never replaced. No previous state, a corrupt one,
 * or a value not known yet is a change, so the next update writes the declared state.
 */
export function diffAuthenticationMethods(olds: unknown, news: unknown): pulumi.dynamic.DiffResult {
  const before = asRecord(olds);
  const after = asRecord(news);
  const beforeMethods = methodStates(before.methods);
  const afterMethods = methodStates(after.methods);
  const changes =
    !beforeMethods ||
    !afterMethods ||
    unknownAt({ ...after, __provider: undefined }) !== undefined ||
    authenticationMethodChanges(
      { ...before, methods: beforeMethods } as AuthenticationMethodsState,
      { ...after, methods: afterMethods } as AuthenticationMethodsState,
    ).length > 0 ||
    JSON.stringify(Object.keys(beforeMethods).sort()) !== JSON.stringify(Object.keys(afterMethods).sort()) ||
    (knownCloud(before.cloud) ?? "global") !== (after.cloud ?? "global");
  return { changes, replaces: [], deleteBeforeReplace: false, stables: [] };
}

/** The declared state to write, or an error before any request: never an unknown value, never what check refuses. */
function writable(given: unknown): AuthenticationMethodsInputs {
  const { methods, authenticatorContext, systemPreferredMfa, policyMigrationState, cloud } = asRecord(given);
  const picked = { methods, authenticatorContext, systemPreferredMfa, policyMigrationState, cloud };
  const known = Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined));
  const checked = checkAuthenticationMethods(known);
  requireWritable("authentication methods", known, checked.failures ?? []);
  return checked.inputs as AuthenticationMethodsInputs;
}

/** The tenant's policy, reduced to what this project compares. */
export async function readAuthenticationMethods(client: GraphClient): Promise<TenantAuthenticationMethods> {
  return normalizeAuthenticationMethods(await getAuthenticationMethodsPolicy(client));
}

/** Sets the declared state: the policy, then each declared method. */
export async function writeAuthenticationMethods(client: GraphClient, state: AuthenticationMethodsState): Promise<void> {
  const { policy, methods } = authenticationMethodsPatches(state);
  await patchAuthenticationMethods(client, policy, methods);
}

/**
 * The stack's declared methods as the tenant has them now, and what Microsoft enforces: a refresh shows drift.
 * Only known keys, whatever `props` holds: a corrupt or older state declares no methods it can be trusted on,
 * so every method the tenant has is read (as on `pulumi import`).
 */
async function tenantView(props: unknown) {
  const cloud = knownCloud(asRecord(props).cloud);
  const tenant = await readAuthenticationMethods(graphClientFromEnvironment(cloud));
  const stated = asRecord(props).methods;
  const statedNames = stated !== null && typeof stated === "object" && !Array.isArray(stated) ? Object.keys(stated).filter(isMethodName) : undefined;
  const present = (tenant.methods as Record<string, MethodState | undefined>) ?? {};
  const declared = statedNames ?? Object.keys(present);
  const view: Record<string, unknown> = {
    methods: Object.fromEntries(declared.filter((m) => present[m]).map((m) => [m, present[m]])),
    authenticatorContext: tenant.authenticatorContext,
    systemPreferredMfa: tenant.systemPreferredMfa,
    policyMigrationState: tenant.policyMigrationState,
    enforcedByMicrosoft: tenant.enforcedByMicrosoft,
    cloud,
  };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined));
}

/**
 * The provider. Pulumi serializes it into the state as code, so it holds no credential: each
 * method builds its Graph client from the environment when it runs.
 */
export const authenticationMethodsProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => checkAuthenticationMethods(news),
  diff: async (_id, olds, news) => diffAuthenticationMethods(olds, news),

  async create(given: AuthenticationMethodsInputs) {
    const inputs = writable(given);
    await writeAuthenticationMethods(graphClientFromEnvironment(inputs.cloud), inputs);
    const { enforcedByMicrosoft } = await tenantView(inputs);
    return { id: AUTHENTICATION_METHODS_POLICY_ID, outs: { ...inputs, enforcedByMicrosoft } };
  },

  // A clean re-read whatever the previous state held (none on import, a corrupt one, an older version's): known keys only.
  async read(_id: string, props?: unknown) {
    return readWithoutStackTrace(async () => ({ id: AUTHENTICATION_METHODS_POLICY_ID, props: await tenantView(props) }));
  },

  // The previous state is not read: whatever it holds, the declared state is written.
  async update(_id: string, _olds: unknown, given: AuthenticationMethodsInputs) {
    const news = writable(given);
    await writeAuthenticationMethods(graphClientFromEnvironment(news.cloud), news);
    const { enforcedByMicrosoft } = await tenantView(news);
    return { outs: { ...news, enforcedByMicrosoft } };
  },

  // Removing the resource leaves the tenant's methods as they are: turning a method on or off
  // for every user must never be the side effect of deleting code.
  async delete() {},
};
