import { expect } from "chai";
import * as http from "http";
import type { AddressInfo } from "net";
import { createGraphClient } from "../graph/client";
import { credentialFromEnvironment } from "../graph/credential";
import { resolveEndpoints } from "../graph/endpoints";
import { readSecurityDefaults } from "../graph/securityDefaults";
import { GraphDouble, startGraphDouble } from "./graph-double/server";

/** A stand-in for the GitHub Actions OIDC endpoint: a new token per request, counted. */
async function startOidcEndpoint(double: GraphDouble, requestToken: string) {
  let issued = 0;
  const audiences: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    audiences.push(url.searchParams.get("audience") ?? "");
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      res.writeHead(401).end();
      return;
    }
    const token = `github-oidc-${++issued}`;
    double.acceptedAssertions.add(token);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: token }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`,
    issued: () => issued,
    audiences,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A Graph double and an OIDC endpoint that answers `requestToken`, for one spec: `run` gets both and a job's environment
 * (tenant, client, the endpoint's URL, the double as authority); both are closed after it.
 */
async function withOidcEndpoint(
  requestToken: string,
  run: (double: GraphDouble, oidc: Awaited<ReturnType<typeof startOidcEndpoint>>, job: Record<string, string>) => Promise<void>,
): Promise<void> {
  const double = await startGraphDouble();
  const oidc = await startOidcEndpoint(double, requestToken);
  try {
    const job = { ARM_TENANT_ID: double.tenantId, ARM_CLIENT_ID: double.clientId, ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, AZURE_AUTHORITY_HOST: double.url };
    await run(double, oidc, job);
  } finally {
    await oidc.close();
    await double.close();
  }
}

describe("GitHub Actions OIDC federation", () => {
  it("gets a fresh GitHub OIDC token for the assertion, with Entra's audience, and never needs a client secret", async () => {
    await withOidcEndpoint("runtime-request-token", async (double, oidc, job) => {
      const env = { ...job, ARM_USE_OIDC: "true", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "runtime-request-token" };
      const { credential, source } = credentialFromEnvironment(resolveEndpoints(undefined, env), env, { tlsCa: double.ca });
      expect(source).to.match(/^GitHub Actions OIDC/);
      const client = createGraphClient({ endpoint: double.url, credential, credentialSource: source, tlsCa: double.ca });
      expect(await readSecurityDefaults(client)).to.deep.equal({ isEnabled: true });
      expect(oidc.issued()).to.be.at.least(1);
      expect(new Set(oidc.audiences)).to.deep.equal(new Set(["api://AzureADTokenExchange"]));
    });
  });

  it("rejects a job without id-token: write, saying so", async () => {
    await withOidcEndpoint("the-right-token", async (double, _oidc, job) => {
      const env = { ...job, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "wrong" };
      const { credential, source } = credentialFromEnvironment(resolveEndpoints(undefined, env), env, { tlsCa: double.ca });
      const client = createGraphClient({ endpoint: double.url, credential, credentialSource: source, tlsCa: double.ca, maxRetries: 0 });
      const err = await readSecurityDefaults(client).catch((e: Error) => e);
      expect((err as Error).message)
        .to.contain("could not get a Graph token with the GitHub Actions OIDC")
        .and.contain("id-token: write");
    });
  });
});
