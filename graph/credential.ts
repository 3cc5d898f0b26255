import type { TokenCredential } from "@azure/core-auth";
import type { TokenCredentialOptions } from "@azure/identity";
import type { GraphEndpoints } from "./endpoints";

export interface EnvironmentCredential {
  readonly credential: TokenCredential;
  /** Which credential was chosen, for logs and errors; never a secret. */
  readonly source: string;
  /** Secret values this credential holds, so error text can be scrubbed of them. */
  readonly secrets: readonly string[];
}

export interface CredentialOptions {
  /**
   * Extra CA certificates (PEM) to trust for the authority, e.g. a private endpoint or a test double.
   * @default - the system's trusted CAs
   */
  readonly tlsCa?: string;
  /**
   * More @azure/identity options for the chosen credential (e.g. `retryOptions`, `tlsOptions`), mainly for tests.
   * The endpoints' authority and `tlsCa` take precedence over the same settings here.
   * @default - none
   */
  readonly credentialOptions?: TokenCredentialOptions;
}

/**
 * A credential from the environment, in the order pipelines and laptops provide them: a client
 * secret, a certificate, workload identity federation (`AZURE_FEDERATED_TOKEN_FILE`), the azuread
 * provider's OIDC token (`ARM_USE_OIDC` + `ARM_OIDC_TOKEN`), else the Azure CLI's login.
 * `ARM_*` variables are read too, so one identity serves the azuread provider and this project.
 */
export function credentialFromEnvironment(
  endpoints: GraphEndpoints,
  env: NodeJS.ProcessEnv = process.env,
  options: CredentialOptions = {},
): EnvironmentCredential {
  // Loaded here, not at the top: the Security Defaults provider is serialized, and this keeps it small.
  const identity = require("@azure/identity") as typeof import("@azure/identity");
  const tenantId = env.AZURE_TENANT_ID ?? env.ARM_TENANT_ID;
  const clientId = env.AZURE_CLIENT_ID ?? env.ARM_CLIENT_ID;
  const common = {
    ...options.credentialOptions,
    authorityHost: endpoints.authority,
    disableInstanceDiscovery: !endpoints.knownAuthority,
    ...(options.tlsCa ? { tlsOptions: { ca: options.tlsCa } } : {}),
  };
  const secret = env.AZURE_CLIENT_SECRET ?? env.ARM_CLIENT_SECRET;
  const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH ?? env.ARM_CLIENT_CERTIFICATE_PATH;
  const oidcToken = env.ARM_OIDC_TOKEN;
  const via = env.AZURE_CLIENT_ID ? "AZURE_CLIENT_ID" : "ARM_CLIENT_ID";
  if (tenantId && clientId && secret) {
    return {
      credential: new identity.ClientSecretCredential(tenantId, clientId, secret, common),
      source: `client secret of ${via} ${clientId}`,
      secrets: [secret],
    };
  }
  if (tenantId && clientId && certificatePath) {
    return {
      credential: new identity.ClientCertificateCredential(tenantId, clientId, { certificatePath }, common),
      source: `client certificate of ${via} ${clientId}`,
      secrets: [],
    };
  }
  if (tenantId && clientId && env.AZURE_FEDERATED_TOKEN_FILE) {
    return {
      credential: new identity.WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath: env.AZURE_FEDERATED_TOKEN_FILE, ...common }),
      source: `workload identity federation of ${via} ${clientId}`,
      secrets: [],
    };
  }
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL ?? env.ARM_OIDC_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? env.ARM_OIDC_REQUEST_TOKEN;
  if (tenantId && clientId && requestUrl && requestToken && (env.ARM_USE_OIDC ?? "true").toLowerCase() === "true") {
    // A fresh GitHub Actions OIDC token for every assertion: a long `pulumi up` outlives one token.
    return {
      credential: new identity.ClientAssertionCredential(tenantId, clientId, () => githubOidcToken(requestUrl, requestToken), common),
      source: `GitHub Actions OIDC (ACTIONS_ID_TOKEN_REQUEST_URL) of ${via} ${clientId}`,
      secrets: [requestToken],
    };
  }
  if (tenantId && clientId && oidcToken && (env.ARM_USE_OIDC ?? "true").toLowerCase() === "true") {
    return {
      credential: new identity.ClientAssertionCredential(tenantId, clientId, async () => oidcToken, common),
      source: `OIDC token (ARM_OIDC_TOKEN) of ${via} ${clientId}`,
      secrets: [oidcToken],
    };
  }
  return { credential: new identity.AzureCliCredential(tenantId ? { tenantId } : {}), source: "Azure CLI login (az login)", secrets: [] };
}

/** Asks the GitHub Actions runtime for an OIDC token with Entra's audience for federated credentials. */
export async function githubOidcToken(requestUrl: string, requestToken: string): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set("audience", "api://AzureADTokenExchange");
  const response = await fetch(url, { headers: { authorization: `Bearer ${requestToken}`, accept: "application/json" } });
  if (!response.ok) throw new Error(`the GitHub Actions OIDC endpoint answered ${response.status}; give the job permissions: id-token: write`);
  const body = (await response.json()) as { value?: string };
  if (!body.value) throw new Error("the GitHub Actions OIDC endpoint sent no token; give the job permissions: id-token: write");
  return body.value;
}
