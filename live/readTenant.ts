import type { Cloud } from "../config/types";
import type { GraphClient } from "../graph/client";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { readSecurityDefaults } from "../graph/securityDefaults";
import { LiveTenant, normalizeTenantPolicy, SubscribedSku } from "./tenant";

export const CONDITIONAL_ACCESS_POLICIES_PATH = "/v1.0/identity/conditionalAccess/policies";
export const SUBSCRIBED_SKUS_PATH = "/v1.0/subscribedSkus";

/**
 * Reads what the live checks need, one request per kind (plus paging), in parallel: Graph
 * throttles the CA endpoints per tenant, so a check must not cost a request per policy.
 */
export async function readTenant(client: GraphClient): Promise<LiveTenant> {
  const [securityDefaults, policies, skus] = await Promise.all([
    readSecurityDefaults(client),
    client.getAll<Record<string, unknown>>(CONDITIONAL_ACCESS_POLICIES_PATH, "Policy.Read.All"),
    client.getAll<SubscribedSku>(SUBSCRIBED_SKUS_PATH, "Organization.Read.All"),
  ]);
  return { securityDefaults, policies: policies.map(normalizeTenantPolicy), skus };
}

/** The tenant, read with the credentials of the environment; `log` hears which credential. */
export function readTenantFromEnvironment(cloud: Cloud, env: NodeJS.ProcessEnv = process.env, log?: (line: string) => void): Promise<LiveTenant> {
  return readTenant(graphClientFromEnvironment(cloud, env, log));
}
