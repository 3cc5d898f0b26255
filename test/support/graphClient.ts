import { ClientSecretCredential } from "@azure/identity";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createGraphClient, GraphClient, GraphClientOptions } from "../../graph/client";
import { startGraphDouble, type GraphDouble } from "../graph-double/server";

/**
 * A Graph client for the double: the real ClientSecretCredential gets its token from the
 * double's token endpoint over TLS; retry delays are tiny so throttling specs stay fast.
 */
export function clientFor(double: GraphDouble, secret = double.clientSecret, extra: Partial<GraphClientOptions> = {}): GraphClient {
  const credential = credentialFor(double, secret);
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

/** The real ClientSecretCredential, getting its tokens from the double's token endpoint over TLS. */
export function credentialFor(double: GraphDouble, secret = double.clientSecret): ClientSecretCredential {
  return new ClientSecretCredential(double.tenantId, double.clientId, secret, {
    authorityHost: double.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: double.ca },
  });
}

/**
 * A client whose credential already holds its token: for specs of attempt timeouts, so the token request
 * (inside the first attempt) cannot use up a short timeout on a loaded machine.
 */
export async function clientWithToken(double: GraphDouble, extra: Partial<GraphClientOptions> = {}): Promise<GraphClient> {
  const credential = credentialFor(double);
  await credential.getToken(`${double.url}/.default`);
  return clientFor(double, double.clientSecret, { ...extra, credential });
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

/** Writes the double's CA certificate to a fresh temporary file, as a pipeline would hand it over: its path. */
export function caFileFor(double: Pick<GraphDouble, "ca">): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eb-ca-")), "graph-double.pem");
  fs.writeFileSync(file, double.ca);
  return file;
}

/**
 * For a `describe` block: before each spec, `process.env` set as a pipeline would set it for `pulumi up`
 * (the environment `env` gives, once the spec's double is up); after it, the environment as it was.
 */
export function usePipelineEnvironment(env: () => NodeJS.ProcessEnv): void {
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    saved = { ...process.env };
    Object.assign(process.env, env());
  });
  afterEach(() => {
    process.env = saved;
  });
}

/**
 * One Graph double for each spec of the enclosing `describe`: started before it, closed after it (every socket ended).
 * `use` receives each new double, e.g. `useGraphDouble((started) => (double = started))`.
 */
export function useGraphDouble(use: (double: GraphDouble) => void, start: () => Promise<GraphDouble> = () => startGraphDouble()): void {
  let current: GraphDouble | undefined;
  beforeEach(async () => {
    current = await start();
    use(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}
