import type { TokenCredentialOptions } from "@azure/identity";
import type { Cloud } from "../config/types";
import { createGraphClient, GraphClient, type GraphClientOptions } from "./client";
import { credentialFromEnvironment } from "./credential";
import { resolveEndpoints } from "./endpoints";
import { GraphRequestError } from "./errors";

/** Credentials a pipeline or laptop would give the Graph client without prompting. */
export function environmentHasCredentials(env: NodeJS.ProcessEnv): boolean {
  const clientId = env.AZURE_CLIENT_ID ?? env.ARM_CLIENT_ID;
  const tenantId = env.AZURE_TENANT_ID ?? env.ARM_TENANT_ID;
  const proof = env.AZURE_CLIENT_SECRET ?? env.ARM_CLIENT_SECRET ?? env.AZURE_CLIENT_CERTIFICATE_PATH ?? env.AZURE_FEDERATED_TOKEN_FILE ?? env.ARM_OIDC_TOKEN;
  return !!(clientId && tenantId && proof);
}

/**
 * The Graph client a run gets from its environment: cloud endpoints (or the overrides),
 * the credential, and `ENTRA_BASELINE_GRAPH_CA_FILE` to trust a private endpoint's CA.
 * `log` hears which credential was chosen, never a secret. `limits` shortens the client's and @azure/identity's
 * retries (specs do).
 */
export function graphClientFromEnvironment(
  cloud?: Cloud,
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
  limits: GraphClientLimits = {},
): GraphClient {
  const endpoints = resolveEndpoints(cloud, env);
  // Required here, not imported: this runs inside the serialized Security Defaults provider,
  // and Pulumi's closure serializer cannot capture a transpiler's wrapper around a Node built-in.
  const fs = require("fs") as typeof import("fs");
  const caFile = env.ENTRA_BASELINE_GRAPH_CA_FILE;
  let tlsCa: string | undefined;
  try {
    tlsCa = caFile ? fs.readFileSync(caFile, "utf8") : undefined;
  } catch (err) {
    const code = (err as { code?: string }).code ?? "unreadable";
    throw new GraphRequestError(
      `ENTRA_BASELINE_GRAPH_CA_FILE ${caFile}: cannot read it (${code}); point it at a PEM file of the CAs to trust, or unset it`,
      0,
      "BadCaFile",
    );
  }
  const { credential, source, secrets } = credentialFromEnvironment(endpoints, env, { tlsCa, credentialOptions: limits.credential });
  log(`entra-baseline: Graph ${endpoints.graph}, credential: ${source}`);
  return createGraphClient({
    ...limits.client,
    endpoint: endpoints.graph,
    authority: endpoints.authority,
    credential,
    credentialSource: source,
    secrets,
    tlsCa,
  });
}

/** The retry limits of a client from the environment. */
export interface GraphClientLimits {
  /**
   * The client's own retries and timeouts.
   * @default - the client's defaults
   */
  readonly client?: Pick<GraphClientOptions, "maxRetries" | "retryDelayMs" | "maxRetryDelayMs" | "timeoutMs">;
  /**
   * @azure/identity's retries of the token requests.
   * @default - @azure/identity's defaults
   */
  readonly credential?: Pick<TokenCredentialOptions, "retryOptions">;
}
