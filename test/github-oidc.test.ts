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

describe("GitHub Actions OIDC federation", () => {
  it("gets a fresh GitHub OIDC token for the assertion, with Entra's audience, and never needs a client secret", async () => {
    const double = await startGraphDouble();
    const oidc = await startOidcEndpoint(double, "runtime-request-token");
    try {
      const env = {
        ARM_TENANT_ID: double.tenantId,
        ARM_CLIENT_ID: double.clientId,
        ARM_USE_OIDC: "true",
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "runtime-request-token",
        AZURE_AUTHORITY_HOST: double.url,
      };
      const { credential, source } = credentialFromEnvironment(resolveEndpoints(undefined, env), env, { tlsCa: double.ca });
      expect(source).to.match(/^GitHub Actions OIDC/);
      const client = createGraphClient({ endpoint: double.url, credential, credentialSource: source, tlsCa: double.ca });
      expect(await readSecurityDefaults(client)).to.deep.equal({ isEnabled: true });
      expect(oidc.issued()).to.be.at.least(1);
      expect(new Set(oidc.audiences)).to.deep.equal(new Set(["api://AzureADTokenExchange"]));
    } finally {
      await oidc.close();
      await double.close();
    }
  });

  it("rejects a job without id-token: write, saying so", async () => {
    const double = await startGraphDouble();
    const oidc = await startOidcEndpoint(double, "the-right-token");
    try {
      const env = {
        ARM_TENANT_ID: double.tenantId,
        ARM_CLIENT_ID: double.clientId,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "wrong",
        AZURE_AUTHORITY_HOST: double.url,
      };
      const { credential, source } = credentialFromEnvironment(resolveEndpoints(undefined, env), env, { tlsCa: double.ca });
      const client = createGraphClient({ endpoint: double.url, credential, credentialSource: source, tlsCa: double.ca, maxRetries: 0 });
      const err = await readSecurityDefaults(client).catch((e: Error) => e);
      expect((err as Error).message)
        .to.contain("could not get a Graph token with the GitHub Actions OIDC")
        .and.contain("id-token: write");
    } finally {
      await oidc.close();
      await double.close();
    }
  });
});
