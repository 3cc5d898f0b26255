import { ClientSecretCredential } from "@azure/identity";
import { createGraphClient, GraphClient, GraphClientOptions } from "../../graph/client";
import type { GraphDouble } from "../graph-double/server";

/**
 * A Graph client for the double: the real ClientSecretCredential gets its token from the
 * double's token endpoint over TLS; retry delays are tiny so throttling specs stay fast.
 */
export function clientFor(double: GraphDouble, secret = double.clientSecret, extra: Partial<GraphClientOptions> = {}): GraphClient {
  const credential = new ClientSecretCredential(double.tenantId, double.clientId, secret, {
    authorityHost: double.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: double.ca },
  });
  return createGraphClient({
    endpoint: double.url,
    credential,
    credentialSource: `client secret of AZURE_CLIENT_ID ${double.clientId}`,
    secrets: [secret],
    tlsCa: double.ca,
    retryDelayMs: 5,
    maxRetryDelayMs: 50,
    ...extra,
  });
}

/** The environment a pipeline would give `pulumi up`, pointed at the double (the CA written to `caFile`). */
export function pipelineEnvironment(double: GraphDouble, caFile: string, secret = double.clientSecret): NodeJS.ProcessEnv {
  return {
    AZURE_TENANT_ID: double.tenantId,
    AZURE_CLIENT_ID: double.clientId,
    AZURE_CLIENT_SECRET: secret,
    AZURE_AUTHORITY_HOST: double.url,
    ENTRA_BASELINE_GRAPH_ENDPOINT: double.url,
    ENTRA_BASELINE_GRAPH_CA_FILE: caFile,
  };
}
