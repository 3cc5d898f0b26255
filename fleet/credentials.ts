import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { Agent } from "https";
import type { TokenCredentialOptions } from "@azure/identity";
import { rawConfigFromPulumi } from "../config/fromPulumi";
import type { Cloud } from "../config/types";
import { createGraphClient, type GraphClientOptions } from "../graph/client";
import { credentialFromEnvironment } from "../graph/credential";
import { resolveEndpoints } from "../graph/endpoints";
import { CredentialsError } from "./failure";
import type { FleetStack } from "./select";
import type { TenantConnection } from "./tenantRow";

/** The partner's multi-tenant app registration (federated credential, consented in each customer tenant). */
export const PARTNER_CLIENT_ID = "ENTRA_BASELINE_PARTNER_CLIENT_ID";

/** Where Graph and the authority are: the same for every tenant, and no credential. */
const SHARED = ["ENTRA_BASELINE_GRAPH_ENDPOINT", "AZURE_AUTHORITY_HOST", "ARM_ENVIRONMENT"] as const;

/** The workload's own identity (the job's OIDC token), which each tenant's federated credential exchanges for that tenant's token. */
const WORKLOAD = ["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "AZURE_FEDERATED_TOKEN_FILE", "ARM_OIDC_TOKEN", "ARM_USE_OIDC"] as const;

/** The variables of the `{ variables: PREFIX }` form, by the name `credentialFromEnvironment` reads. */
const OWN = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE"] as const;

/** `contoso` → `CONTOSO`, `eu-west.fabrikam` → `EU_WEST_FABRIKAM`: the default prefix of a stack's variables. */
export const defaultPrefix = (stack: string) => stack.toUpperCase().replace(/[^A-Z0-9]/g, "_");

const pick = (env: NodeJS.ProcessEnv, names: readonly string[]) =>
  Object.fromEntries(names.filter((n) => env[n] !== undefined && env[n] !== "").map((n) => [n, env[n]]));

const hasFederation = (env: NodeJS.ProcessEnv) =>
  !!env.AZURE_FEDERATED_TOKEN_FILE || (!!env.ACTIONS_ID_TOKEN_REQUEST_URL && !!env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) || !!env.ARM_OIDC_TOKEN;

/** A tenant's own environment and a description of where it came from (never a value). */
export interface TenantEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly tenantId: string;
  readonly source: string;
}

/**
 * The environment one tenant signs in with, built from the process's by the stack's `credentials`,
 * holding nothing of any other tenant: no `AZURE_CLIENT_SECRET` of the process, and no fallback to
 * an Azure CLI login, which would be one identity for every tenant.
 */
export function tenantEnvironment(stack: string, raw: Record<string, unknown>, env: NodeJS.ProcessEnv): TenantEnvironment {
  const declared = typeof raw.tenantId === "string" ? raw.tenantId.toLowerCase() : undefined;
  const shared = { ...pick(env, SHARED), ...pick(env, WORKLOAD) };
  if (raw.credentials === "partner") {
    const clientId = env[PARTNER_CLIENT_ID];
    if (!declared) throw new CredentialsError(`${stack}: credentials: partner needs entra-baseline:tenantId, the customer tenant's id`);
    if (!clientId || !hasFederation(shared)) {
      throw new CredentialsError(
        `${stack}: credentials: partner needs ${PARTNER_CLIENT_ID} and a federated token of the job ` +
          "(GitHub OIDC with id-token: write, AZURE_FEDERATED_TOKEN_FILE or ARM_OIDC_TOKEN); docs/fleet.md",
      );
    }
    return { env: { ...shared, AZURE_TENANT_ID: declared, AZURE_CLIENT_ID: clientId }, tenantId: declared, source: `the partner app (${PARTNER_CLIENT_ID})` };
  }
  const prefix =
    typeof raw.credentials === "object" && raw.credentials !== null ? String((raw.credentials as { variables: unknown }).variables) : defaultPrefix(stack);
  const own: NodeJS.ProcessEnv = Object.fromEntries(OWN.filter((n) => env[`${prefix}_${n}`]).map((n) => [n, env[`${prefix}_${n}`]]));
  const tenantEnv = { ...shared, ...own };
  const tenantId = own.AZURE_TENANT_ID?.toLowerCase();
  const secretLike = !!own.AZURE_CLIENT_SECRET || !!own.AZURE_CLIENT_CERTIFICATE_PATH || hasFederation(tenantEnv);
  if (!tenantId || !own.AZURE_CLIENT_ID || !secretLike) {
    throw new CredentialsError(
      `${stack}: no credentials: set ${prefix}_AZURE_TENANT_ID, ${prefix}_AZURE_CLIENT_ID and ${prefix}_AZURE_CLIENT_SECRET, ` +
        `${prefix}_AZURE_CLIENT_CERTIFICATE_PATH or a federated token (GitHub OIDC, AZURE_FEDERATED_TOKEN_FILE); or credentials: partner (docs/fleet.md)`,
    );
  }
  if (declared && declared !== tenantId) {
    throw new CredentialsError(
      `${stack}: ${prefix}_AZURE_TENANT_ID is ${tenantId}, but the stack's tenantId is ${declared}; ` +
        "a stack signs in to its own tenant only: fix the variable or the stack",
    );
  }
  return { env: tenantEnv, tenantId, source: `${prefix}_AZURE_* variables` };
}

/** The `tid` claim of a JWT access token; undefined when the token is not a readable JWT. */
export function tokenTenant(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { tid?: unknown };
    return typeof claims.tid === "string" ? claims.tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A credential whose tokens must be for `tenantId`: a token whose `tid` names another tenant is
 * refused before any request carries it, and `mismatch` says so to the row.
 */
export function tenantBoundCredential(inner: TokenCredential, tenantId: string, onMismatch: (tid: string) => void): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const token = await inner.getToken(scopes, options);
      const tid = token ? tokenTenant(token.token) : undefined;
      if (tid !== undefined && tid !== tenantId) {
        onMismatch(tid);
        throw Object.assign(new Error(`the token is for tenant ${tid}, not ${tenantId}`), { name: "CredentialTenantMismatch" });
      }
      return token;
    },
  };
}

/** What every tenant's client shares: the CA to trust and the client's limits (specs shorten them). */
export interface FleetClientSettings {
  readonly env: NodeJS.ProcessEnv;
  /** PEM of `ENTRA_BASELINE_GRAPH_CA_FILE`, read once for the fleet. */
  readonly tlsCa?: string;
  readonly clientOptions?: Pick<GraphClientOptions, "maxRetries" | "retryDelayMs" | "maxRetryDelayMs" | "timeoutMs" | "maxPages">;
  /**
   * @azure/identity's own limits for each tenant's token requests (e.g. `retryOptions`), which specs shorten as
   * they shorten the client's: an authority that gives no answer is retried by identity within each of the client's attempts.
   * @default - @azure/identity's defaults
   */
  readonly credentialOptions?: Pick<TokenCredentialOptions, "retryOptions">;
  /**
   * One keep-alive pool for every tenant's token and Graph requests (Graph and the authority are one host each
   * for the whole fleet): no TLS handshakes per tenant. Requests share connections, never tokens.
   * @default - each tenant's clients open their own connections
   */
  readonly agent?: Agent;
}

/** The fleet's connection pool: keep-alive, trusting `tlsCa` when given. */
export const fleetAgent = (tlsCa?: string): Agent => new Agent({ keepAlive: true, ...(tlsCa ? { ca: tlsCa } : {}) });

/** Sends every request of a credential through the fleet's pool. */
const throughAgent = (agent: Agent): { policy: PipelinePolicy; position: "perCall" } => ({
  policy: { name: "entraBaselineFleetAgent", sendRequest: (request, next) => next(Object.assign(request, { agent })) },
  position: "perCall",
});

/** A tenant's own Graph client: its own credential, token cache and connections; its tokens checked to be its tenant's. */
export function connectTenant(stack: FleetStack, settings: FleetClientSettings): TenantConnection {
  const raw = rawConfigFromPulumi(stack.config ?? {});
  const { env, tenantId, source } = tenantEnvironment(stack.name, raw, settings.env);
  const cloud = (typeof raw.cloud === "string" ? raw.cloud : undefined) as Cloud | undefined;
  const endpoints = resolveEndpoints(cloud, env);
  const chosen = credentialFromEnvironment(endpoints, env, {
    tlsCa: settings.tlsCa,
    credentialOptions: { ...settings.credentialOptions, ...(settings.agent ? { additionalPolicies: [throughAgent(settings.agent)] } : {}) },
  });
  let wrongTenant: string | undefined;
  const credential = tenantBoundCredential(chosen.credential, tenantId, (tid) => (wrongTenant = tid));
  const client = createGraphClient({
    ...settings.clientOptions,
    endpoint: endpoints.graph,
    authority: endpoints.authority,
    credential,
    credentialSource: `${chosen.source} from ${source}`,
    secrets: chosen.secrets,
    tlsCa: settings.tlsCa,
    ...(settings.agent ? { agent: settings.agent } : {}),
  });
  const refused = (err: unknown) =>
    wrongTenant === undefined
      ? err
      : new CredentialsError(
          `${stack.name}: the credential from ${source} was issued a token for tenant ${wrongTenant}, not ${tenantId}; refused, nothing was sent`,
        );
  const guarded = async <R>(call: () => Promise<R>): Promise<R> => {
    try {
      return await call();
    } catch (err) {
      throw refused(err);
    }
  };
  async function* pages<T>(path: string, permission: string, itemSchema?: object): AsyncGenerator<T[]> {
    try {
      yield* client.pages<T>(path, permission, itemSchema);
    } catch (err) {
      throw refused(err);
    }
  }
  return {
    tenantId,
    client: {
      ...client,
      get: (path, permission) => guarded(() => client.get(path, permission)),
      getAll: (path, permission, itemSchema) => guarded(() => client.getAll(path, permission, itemSchema)),
      post: (path, body, permission) => guarded(() => client.post(path, body, permission)),
      patch: (path, body, permission) => guarded(() => client.patch(path, body, permission)),
      delete: (path, permission) => guarded(() => client.delete(path, permission)),
      pages,
    },
  };
}
