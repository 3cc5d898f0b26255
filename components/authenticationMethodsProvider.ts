import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import type { GraphClient } from "../graph/client";
import { getAuthenticationMethodsPolicy, patchAuthenticationMethods } from "../graph/authenticationMethods";
import {
  AuthenticationMethodsState,
  authenticationMethodChanges,
  authenticationMethodsPatches,
  METHOD_GRAPH,
  normalizeAuthenticationMethods,
  TenantAuthenticationMethods,
} from "../policies/authenticationMethods";
import { UNKNOWN_DURING_PREVIEW } from "./securityDefaultsProvider";

/** The policy is a singleton in every tenant. */
export const AUTHENTICATION_METHODS_POLICY_ID = "authenticationMethodsPolicy";

export interface AuthenticationMethodsInputs extends AuthenticationMethodsState {
  readonly cloud?: Cloud;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const STATES = ["enabled", "disabled"];

/** Inputs the provider accepts: known method names, enabled/disabled, targets `all_users` or a group GUID (or not known yet, in a preview). */
export function checkAuthenticationMethods(news: Record<string, any>): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const methods = news.methods;
  if (methods !== UNKNOWN_DURING_PREVIEW) {
    if (typeof methods !== "object" || methods === null) failures.push({ property: "methods", reason: "methods must be an object keyed by method name" });
    for (const [name, m] of Object.entries((methods ?? {}) as Record<string, any>)) {
      if (!(name in METHOD_GRAPH)) failures.push({ property: `methods.${name}`, reason: `unknown method ${name}; use one of ${Object.keys(METHOD_GRAPH).join(", ")}` });
      else if (m === UNKNOWN_DURING_PREVIEW) continue;
      else if (!STATES.includes(m?.state)) failures.push({ property: `methods.${name}.state`, reason: `state must be enabled or disabled, got ${JSON.stringify(m?.state)}` });
      else if (m.target !== "all_users" && m.target !== UNKNOWN_DURING_PREVIEW && !GUID.test(String(m.target))) {
        failures.push({ property: `methods.${name}.target`, reason: `target must be all_users or a group object id (GUID), got ${JSON.stringify(m.target)}` });
      }
    }
  }
  if (news.cloud !== undefined && !["global", "usgovernment", "china"].includes(news.cloud)) {
    failures.push({ property: "cloud", reason: `cloud must be global, usgovernment or china, got ${JSON.stringify(news.cloud)}` });
  }
  return failures.length > 0 ? { failures } : { inputs: news };
}

/** Any declared difference is an in-place update: the policy is never replaced. */
export function diffAuthenticationMethods(olds: Record<string, any>, news: Record<string, any>): pulumi.dynamic.DiffResult {
  const changes =
    authenticationMethodChanges(olds as AuthenticationMethodsState, news as AuthenticationMethodsState).length > 0 ||
    JSON.stringify(Object.keys(olds.methods ?? {}).sort()) !== JSON.stringify(Object.keys(news.methods ?? {}).sort()) ||
    (olds.cloud ?? "global") !== (news.cloud ?? "global");
  return { changes, replaces: [], deleteBeforeReplace: false, stables: [] };
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

/** The stack's declared fields as the tenant has them now, and what Microsoft enforces: a refresh shows drift. */
async function tenantView(props: AuthenticationMethodsInputs | undefined) {
  const tenant = await readAuthenticationMethods(graphClientFromEnvironment(props?.cloud));
  const declared = Object.keys(props?.methods ?? tenant.methods);
  const methods = Object.fromEntries(declared.filter((m) => (tenant.methods as any)[m]).map((m) => [m, (tenant.methods as any)[m]]));
  return {
    methods,
    authenticatorContext: tenant.authenticatorContext,
    systemPreferredMfa: tenant.systemPreferredMfa,
    policyMigrationState: tenant.policyMigrationState,
    enforcedByMicrosoft: tenant.enforcedByMicrosoft,
  };
}

/**
 * The provider. Pulumi serializes it into the state as code, so it holds no credential: each
 * method builds its Graph client from the environment when it runs.
 */
export const authenticationMethodsProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
    return checkAuthenticationMethods(news);
  },

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return diffAuthenticationMethods(olds, news);
  },

  async create(inputs: AuthenticationMethodsInputs) {
    await writeAuthenticationMethods(graphClientFromEnvironment(inputs.cloud), inputs);
    const { enforcedByMicrosoft } = await tenantView(inputs);
    return { id: AUTHENTICATION_METHODS_POLICY_ID, outs: { ...inputs, enforcedByMicrosoft } };
  },

  async read(id: string, props: AuthenticationMethodsInputs) {
    return { id, props: { ...props, ...(await tenantView(props)) } };
  },

  async update(_id: string, _olds: AuthenticationMethodsInputs, news: AuthenticationMethodsInputs) {
    await writeAuthenticationMethods(graphClientFromEnvironment(news.cloud), news);
    const { enforcedByMicrosoft } = await tenantView(news);
    return { outs: { ...news, enforcedByMicrosoft } };
  },

  // Removing the resource leaves the tenant's methods as they are: turning a method on or off
  // for every user must never be the side effect of deleting code.
  async delete() {},
};
