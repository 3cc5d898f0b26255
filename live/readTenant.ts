import type { Cloud } from "../config/types";
import type { GraphClient } from "../graph/client";
import { GRAPH_ENDPOINTS, pathOf } from "../graph/endpointTable";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { readSecurityDefaults } from "../graph/securityDefaults";
import { listUsers, readPerUserMfa } from "../graph/perUserMfa";
import { lookUpUserNames } from "../graph/userNames";
import { getAuthenticationMethodsPolicy } from "../graph/authenticationMethods";
import { normalizeAuthenticationMethods } from "../policies/authenticationMethods";
import { readStep1 } from "../step1/readStep1";
import type { OnProgress } from "../text/progress";
import { LiveTenant, normalizeNamedLocation, normalizeTenantPolicy, SubscribedSku } from "./tenant";
import type { PerUserMfaAudit } from "../step1/step1Report";

const { conditionalAccessPolicies: POLICIES, subscribedSkus: SKUS, namedLocations: LOCATIONS } = GRAPH_ENDPOINTS;
export const CONDITIONAL_ACCESS_POLICIES_PATH = pathOf(POLICIES);
export const SUBSCRIBED_SKUS_PATH = pathOf(SKUS);
export const NAMED_LOCATIONS_PATH = pathOf(LOCATIONS);

/**
 * Reads what the live checks need, one request per kind (plus paging), in parallel: Graph
 * throttles the CA endpoints per tenant, so a check must not cost a request per policy.
 * Every answer is checked against the shape read: a malformed one is an error naming it, so a
 * tenant read in part is never compared (no drift, no "unchanged" from half an answer).
 */
export interface ReadTenantOptions {
  readonly auditPerUserMfa?: boolean;
  /** Also read the authentication methods policy and the Step 1 results (registration details, streamed). */
  readonly authenticationMethods?: {
    readonly breakGlassUsers: readonly string[];
    /**
     * Groups the stack limits a method to: their transitive members are read with the registration details.
     * @default []
     */
    readonly methodGroups?: readonly string[];
  };
  /** UPNs the stack names users by: looked up through `$batch`, to be resolved to object ids before the guard runs. */
  readonly userNames?: readonly string[];
  /**
   * Hear the progress of the long reads (for a meter at a terminal): users audited of all users,
   * registration details read (no total: Graph gives none).
   * @default none
   */
  readonly progress?: { readonly perUserMfa?: OnProgress; readonly registrationDetails?: OnProgress };
}

export async function readTenant(client: GraphClient, options: ReadTenantOptions = {}): Promise<LiveTenant> {
  const [securityDefaults, policies, skus, namedLocations, perUserMfa, userNames] = await Promise.all([
    readSecurityDefaults(client),
    client.getAll<Record<string, unknown>>(CONDITIONAL_ACCESS_POLICIES_PATH, POLICIES.permission, POLICIES.answer),
    client.getAll<SubscribedSku>(SUBSCRIBED_SKUS_PATH, SKUS.permission, SKUS.answer),
    client.getAll<Record<string, unknown>>(NAMED_LOCATIONS_PATH, LOCATIONS.permission, LOCATIONS.answer),
    options.auditPerUserMfa ? auditPerUserMfa(client, options.progress?.perUserMfa) : Promise.resolve(undefined),
    options.userNames && options.userNames.length > 0 ? lookUpUserNames(client, options.userNames) : Promise.resolve(undefined),
  ]);
  const tenant: LiveTenant = {
    securityDefaults,
    policies: policies.map((raw) => ({ ...normalizeTenantPolicy(raw), graph: raw })),
    skus,
    namedLocations: namedLocations.map(normalizeNamedLocation),
    ...(perUserMfa ? { perUserMfa } : {}),
    ...(userNames ? { userNames } : {}),
  };
  if (!options.authenticationMethods) return tenant;
  const [authenticationMethods, step1] = await Promise.all([
    getAuthenticationMethodsPolicy(client).then(normalizeAuthenticationMethods),
    readStep1(client, tenant, options.authenticationMethods.breakGlassUsers, options.progress?.registrationDetails, options.authenticationMethods.methodGroups),
  ]);
  return { ...tenant, authenticationMethods, step1 };
}

/**
 * Every user's legacy per-user MFA state through `$batch`: 20 users a request, not one request a user.
 * `onProgress` hears the users audited of all users, after each wave of batches.
 */
export async function auditPerUserMfa(client: GraphClient, onProgress?: OnProgress): Promise<PerUserMfaAudit> {
  const users = await listUsers(client);
  const states = await readPerUserMfa(client, users, onProgress ? { onProgress } : undefined);
  return {
    usersAudited: states.length,
    users: states
      .filter((s) => s.state !== "disabled")
      .map((s) => ({ id: s.id, userPrincipalName: s.userPrincipalName, state: s.state as "enabled" | "enforced" })),
  };
}

/** The tenant, read with the credentials of the environment; `log` hears which credential. */
export function readTenantFromEnvironment(
  cloud: Cloud,
  env: NodeJS.ProcessEnv = process.env,
  log?: (line: string) => void,
  options: ReadTenantOptions = {},
): Promise<LiveTenant> {
  return readTenant(graphClientFromEnvironment(cloud, env, log), options);
}
