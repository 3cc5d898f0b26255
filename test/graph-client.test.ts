import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createGraphClient } from "../graph/client";
import { credentialFromEnvironment } from "../graph/credential";
import { resolveEndpoints } from "../graph/endpoints";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { GraphRequestError, TOKEN_UNREACHED } from "../graph/errors";
import { readSecurityDefaults, writeSecurityDefaults } from "../graph/securityDefaults";
import { malformed, slow, throttled, unavailable, gatewayTimeout } from "./graph-double/faults";
import type { GraphDouble } from "./graph-double/server";
import { clientFor, clientWithToken, pipelineEnvironment, useGraphDouble } from "./support/graphClient";
import { rejection } from "./support/rejection";
import { enforcedP2, policyOf } from "./fixtures/guardInputs";

const SD_PATH = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";
const failure = (promise: Promise<unknown>) => rejection<GraphRequestError>(promise);

describe("Graph client against the Graph double", () => {
  let double: GraphDouble;
  useGraphDouble((started) => (double = started));

  describe("Security Defaults", () => {
    it("reads Security Defaults with a token from the real ClientSecretCredential", async () => {
      expect(await readSecurityDefaults(clientFor(double))).to.deep.equal({ isEnabled: true });
      const [graphCall] = double.graphRequests();
      expect(graphCall.authorization).to.match(/^Bearer opaque-/);
    });

    it("turns Security Defaults off and on with PATCH {isEnabled}", async () => {
      const client = clientFor(double);
      await writeSecurityDefaults(client, false);
      expect(double.tenant.securityDefaults).to.equal(false);
      expect(double.graphRequests().at(-1)).to.deep.include({
        method: "PATCH",
        path: "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
        body: '{"isEnabled":false}',
      });
      await writeSecurityDefaults(client, true);
      expect(double.tenant.securityDefaults).to.equal(true);
    });

    it("rejects turning Security Defaults on while CA policies exist, with Graph's own message", async () => {
      double.tenant.securityDefaults = false;
      double.tenant.policies.set("p1", { id: "p1", displayName: "Block countries", state: "disabled", conditions: {} });
      const err = await failure(writeSecurityDefaults(clientFor(double), true));
      expect(err.status).to.equal(400);
      expect(err.message).to.contain("Security defaults cannot be enabled while Conditional Access policies exist");
    });
  });

  describe("errors say what to do", () => {
    it("rejects a wrong client secret, naming the credential and never the secret", async () => {
      const wrong = "wrong-secret-value-123";
      const err = await failure(readSecurityDefaults(clientFor(double, wrong)));
      expect(err.message).to.contain(`client secret of AZURE_CLIENT_ID ${double.clientId}`);
      expect(err.message).to.not.contain(wrong);
      expect(err.message).to.not.contain(double.clientSecret);
    });

    it("rejects a token Graph does not accept (401 InvalidAuthenticationToken), naming the credential", async () => {
      const forged = createGraphClient({
        endpoint: double.url,
        credential: { getToken: async () => ({ token: "forged-token-0123", expiresOnTimestamp: Date.now() + 3_600_000 }) },
        credentialSource: "OIDC token (ARM_OIDC_TOKEN) of ARM_CLIENT_ID app",
        tlsCa: double.ca,
      });
      const err = await failure(readSecurityDefaults(forged));
      expect(err).to.deep.include({ status: 401, code: "InvalidAuthenticationToken" });
      expect(err.message).to.contain("OIDC token (ARM_OIDC_TOKEN) of ARM_CLIENT_ID app").and.not.contain("forged-token-0123");
      expect(double.graphRequests()[0].authorization).to.equal("Bearer forged-token-0123", "the token did reach Graph");
    });

    it("rejects an unreachable authority as no answer (not a refused credential), after its attempts, never the secret", async () => {
      const env = { ...pipelineEnvironment(double, "unused"), AZURE_AUTHORITY_HOST: "https://127.0.0.1:9" };
      const endpoints = resolveEndpoints(undefined, env);
      // No identity retries, so the spec stays fast; the options pass through to @azure/identity.
      const { credential, source, secrets } = credentialFromEnvironment(endpoints, env, { credentialOptions: { retryOptions: { maxRetries: 0 } } });
      const client = createGraphClient({
        endpoint: endpoints.graph,
        authority: endpoints.authority,
        credential,
        credentialSource: source,
        secrets,
        tlsCa: double.ca,
        maxRetries: 1,
        retryDelayMs: 1,
      });
      const err = await failure(readSecurityDefaults(client));
      // No answer came: unavailable, sent again as a read is (a refusal, AADSTS…, is a 401 and is not).
      expect(err).to.deep.include({ status: 0, code: TOKEN_UNREACHED, attempts: 2 });
      expect(err.message).to.contain("could not get a Graph token from https://127.0.0.1:9 with the client secret of AZURE_CLIENT_ID");
      expect(err.message).to.contain("after 2 attempts").and.contain("the authority gave no answer");
      expect(err.message).to.contain("AZURE_AUTHORITY_HOST").and.not.contain(double.clientSecret);
      expect(double.graphRequests()).to.deep.equal([], "no Graph request without a token");
    });

    it("says a rejection that is no Error (a string, a plain object) as no answer, after its attempts, never a TypeError", async () => {
      for (const reason of ["socket closed by peer", { reason: "dropped" }]) {
        const client = createGraphClient({
          endpoint: double.url,
          credential: { getToken: () => Promise.reject(reason) },
          credentialSource: "a credential whose token request fails oddly",
          tlsCa: double.ca,
          maxRetries: 1,
          retryDelayMs: 1,
        });
        const err = await failure(readSecurityDefaults(client));
        expect(err, JSON.stringify(reason)).to.be.instanceOf(GraphRequestError).and.deep.include({ status: 0, attempts: 2 });
        expect(err.message).to.contain("no answer from").and.contain("after 2 attempts");
      }
    });

    it("rejects a missing permission, naming the Graph permission to grant, never the token", async () => {
      double.tenant.permissions.delete("Policy.ReadWrite.SecurityDefaults");
      const err = await failure(writeSecurityDefaults(clientFor(double), false));
      expect(err.status).to.equal(403);
      expect(err.message).to.contain("Policy.ReadWrite.SecurityDefaults").and.contain("admin consent");
      const token = double.graphRequests()[0].authorization!.replace("Bearer ", "");
      expect(err.message).to.not.contain(token);
    });

    it("rejects a network failure, naming the endpoint tried", async () => {
      const client = clientFor(double, double.clientSecret, { endpoint: "https://127.0.0.1:9", maxRetries: 1 });
      const err = await failure(client.get("/v1.0/subscribedSkus", "Organization.Read.All"));
      expect(err.status).to.equal(0);
      expect(err.message).to.contain("https://127.0.0.1:9");
    });

    it("rejects an answer that is not JSON", async () => {
      const client = clientFor(double);
      await readSecurityDefaults(client);
      double.faults.push(malformed());
      const err = await failure(readSecurityDefaults(client));
      expect(err.message).to.contain("not JSON");
    });

    it("rejects a request that outlasts its timeout, naming the timeout", async () => {
      const client = await clientWithToken(double, { timeoutMs: 500, maxRetries: 0 });
      double.faults.push(slow(2000));
      const err = await failure(readSecurityDefaults(client));
      expect(err.message).to.match(new RegExp(`^GET ${double.url}${SD_PATH}: no answer from .+ \\(timed out after 500 ms; after 1 attempt`));
    });

    it("gives each attempt its own timeout: a Retry-After wait does not count against it", async () => {
      // The wait outlasts the timeout: were it counted, the second attempt would time out at once.
      const client = await clientWithToken(double, { timeoutMs: 500, sleep: () => new Promise((r) => setTimeout(r, 600)) });
      double.faults.push(throttled(1));
      expect(await readSecurityDefaults(client)).to.deep.equal({ isEnabled: true });
      expect(double.graphRequests()).to.have.length(2);
    });

    it("leaves no timer behind when a connection fails, so a CLI or provider host is not held open for the timeout", async () => {
      const client = clientFor(double, double.clientSecret, { maxRetries: 0 });
      await readSecurityDefaults(client);
      await double.close();
      const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
      const before = timers();
      const err = await failure(readSecurityDefaults(client));
      expect(err.message).to.match(/no answer from .+ \((ECONNRESET|ECONNREFUSED); after 1 attempt\)/);
      expect(timers()).to.be.at.most(before);
    });
  });

  describe("throttling and outages", () => {
    it("retries a 429 burst that sends Retry-After, then succeeds", async () => {
      double.faults.push(throttled(0), throttled(0));
      expect(await readSecurityDefaults(clientFor(double))).to.deep.equal({ isEnabled: true });
      expect(double.graphRequests()).to.have.length(3);
    });

    it("retries a 429 without Retry-After (as the CA endpoints often send) with backoff", async () => {
      double.faults.push(throttled(), throttled());
      expect(await readSecurityDefaults(clientFor(double))).to.deep.equal({ isEnabled: true });
      expect(double.graphRequests()).to.have.length(3);
    });

    it("retries 503 and 504", async () => {
      double.faults.push(unavailable(), gatewayTimeout());
      expect(await readSecurityDefaults(clientFor(double))).to.deep.equal({ isEnabled: true });
    });

    it("waits as long as Retry-After asks before retrying (an injected sleep, no real clock)", async () => {
      const waits: number[] = [];
      const client = clientFor(double, double.clientSecret, { sleep: async (ms) => void waits.push(ms) });
      double.faults.push(throttled(7), unavailable(2));
      await readSecurityDefaults(client);
      expect(waits).to.deep.equal([7000, 2000]);
      expect(double.count("GET", "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy")).to.equal(3);
    });

    it("gives up on a lasting 503 after its retries, saying to try later", async () => {
      double.faults.push(...Array.from({ length: 6 }, () => unavailable()));
      const err = await failure(readSecurityDefaults(clientFor(double, double.clientSecret, { maxRetries: 2 })));
      expect(err.status).to.equal(503);
      expect(err.message).to.contain("(after 3 attempts); try again later");
      expect(double.count("GET", "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy")).to.equal(3);
    });

    it("gives up after its retries, saying to try later", async () => {
      double.faults.push(...Array.from({ length: 6 }, () => throttled(0)));
      const err = await failure(readSecurityDefaults(clientFor(double, double.clientSecret, { maxRetries: 2 })));
      expect(err.status).to.equal(429);
      expect(err.message).to.contain("try again later");
      expect(double.graphRequests()).to.have.length(3);
    });
  });

  describe("Graph's rules for CA policies, as the azuread provider meets them", () => {
    const riskPolicy = () => ({ ...JSON.parse(JSON.stringify(policyOf(enforcedP2().policies, "signInRiskMfa"))), state: "enabledForReportingButNotEnforced" });

    it("refuses to enable a CA policy while Security Defaults are on", async () => {
      const err = await failure(
        clientFor(double).post("/v1.0/identity/conditionalAccess/policies", { ...riskPolicy(), state: "enabled" }, "Policy.ReadWrite.ConditionalAccess"),
      );
      expect(err.status).to.equal(400);
      expect(err.message).to.contain(
        "Security Defaults is enabled in the tenant. You must disable Security defaults before enabling a Conditional Access policy.",
      );
    });

    it("accepts a report-only policy beside Security Defaults (staging)", async () => {
      const created = await clientFor(double).post<{ id: string }>(
        "/v1.0/identity/conditionalAccess/policies",
        riskPolicy(),
        "Policy.ReadWrite.ConditionalAccess",
      );
      expect(double.tenant.policies.has(created.id)).to.equal(true);
    });

    it("refuses to switch a report-only policy to enabled while Security Defaults are on", async () => {
      const client = clientFor(double);
      const created = await client.post<{ id: string }>("/v1.0/identity/conditionalAccess/policies", riskPolicy(), "Policy.ReadWrite.ConditionalAccess");
      const err = await failure(
        client.patch(`/v1.0/identity/conditionalAccess/policies/${created.id}`, { state: "enabled" }, "Policy.ReadWrite.ConditionalAccess"),
      );
      expect(err.status).to.equal(400);
      expect(err.message).to.contain("You must disable Security defaults before enabling a Conditional Access policy.");
    });

    it("deletes a policy (204), and a second delete names the policy Graph cannot find", async () => {
      const client = clientFor(double);
      const created = await client.post<{ id: string }>("/v1.0/identity/conditionalAccess/policies", riskPolicy(), "Policy.ReadWrite.ConditionalAccess");
      await client.delete(`/v1.0/identity/conditionalAccess/policies/${created.id}`, "Policy.ReadWrite.ConditionalAccess");
      expect(double.tenant.policies.size).to.equal(0);
      const err = await failure(client.delete(`/v1.0/identity/conditionalAccess/policies/${created.id}`, "Policy.ReadWrite.ConditionalAccess"));
      expect(err).to.deep.include({ status: 404, code: "ResourceNotFound" });
      expect(err.message).to.contain(created.id);
    });

    it("rejects a delete without Policy.ReadWrite.ConditionalAccess, naming it", async () => {
      double.tenant.permissions.delete("Policy.ReadWrite.ConditionalAccess");
      const err = await failure(clientFor(double).delete("/v1.0/identity/conditionalAccess/policies/p", "Policy.ReadWrite.ConditionalAccess"));
      expect(err.status).to.equal(403);
      expect(err.message).to.contain("Policy.ReadWrite.ConditionalAccess");
    });

    it("refuses a risk condition in a tenant without Entra ID P2 (error 1039)", async () => {
      double.tenant.skus = [{ skuPartNumber: "SPE_E3", servicePlans: [{ servicePlanName: "AAD_PREMIUM" }] }];
      const err = await failure(clientFor(double).post("/v1.0/identity/conditionalAccess/policies", riskPolicy(), "Policy.ReadWrite.ConditionalAccess"));
      expect(err.message).to.contain("1039");
    });
  });

  describe("paging", () => {
    it("follows @odata.nextLink until the last page, one request a page", async () => {
      double.pageSize = 2;
      for (let i = 0; i < 5; i++) double.tenant.policies.set(`p${i}`, { id: `p${i}`, displayName: `policy ${i}`, state: "disabled", conditions: {} });
      const all = await clientFor(double).getAll<{ id: string }>("/v1.0/identity/conditionalAccess/policies", "Policy.Read.All");
      expect(all.map((p) => p.id)).to.deep.equal(["p0", "p1", "p2", "p3", "p4"]);
      expect(double.graphRequests()).to.have.length(3);
    });

    it("reads every subscribed SKU across pages", async () => {
      double.pageSize = 1;
      double.tenant.skus.push({ id: "sku-ems", skuPartNumber: "EMS", capabilityStatus: "Enabled", servicePlans: [] });
      const skus = await clientFor(double).getAll<{ skuPartNumber: string }>("/v1.0/subscribedSkus", "Organization.Read.All");
      expect(skus.map((s) => s.skuPartNumber)).to.deep.equal(["SPE_E5", "EMS"]);
      expect(double.count("GET", "/v1.0/subscribedSkus")).to.equal(2);
    });
  });

  describe("from the environment alone", () => {
    it("logs the endpoint and the credential it chose, never the secret, and reads the tenant", async () => {
      const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eb-ca-")), "ca.pem");
      fs.writeFileSync(caFile, double.ca);
      const lines: string[] = [];
      const client = graphClientFromEnvironment(undefined, pipelineEnvironment(double, caFile), (line) => lines.push(line));
      expect(await readSecurityDefaults(client)).to.deep.equal({ isEnabled: true });
      expect(lines).to.deep.equal([`entra-baseline: Graph ${double.url}, credential: client secret of AZURE_CLIENT_ID ${double.clientId}`]);
      expect(lines.join("\n")).to.not.contain(double.clientSecret);
    });

    it("rejects a Graph double it was not told to trust (no ENTRA_BASELINE_GRAPH_CA_FILE)", async () => {
      const env = { ...pipelineEnvironment(double, "unused") };
      delete env.ENTRA_BASELINE_GRAPH_CA_FILE;
      // Untrusted is no answer, sent again: the retries shortened so the spec stays fast.
      const limits = { client: { maxRetries: 1, retryDelayMs: 1 }, credential: { retryOptions: { maxRetries: 0 } } };
      const err = await failure(readSecurityDefaults(graphClientFromEnvironment(undefined, env, undefined, limits)));
      expect(err.message).to.contain("could not get a Graph token").and.contain("ENTRA_BASELINE_GRAPH_CA_FILE").and.not.contain(double.clientSecret);
    });
  });
});
