import { expect } from "chai";
import { GraphRequestError } from "../graph/errors";
import { readSecurityDefaults, writeSecurityDefaults } from "../graph/securityDefaults";
import { malformed, slow, throttled, unavailable, gatewayTimeout } from "./graph-double/faults";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { clientFor } from "./support/graphClient";
import { enforcedP2 } from "./fixtures/guardInputs";

async function failure(promise: Promise<unknown>): Promise<GraphRequestError> {
  try {
    await promise;
  } catch (err) {
    return err as GraphRequestError;
  }
  throw new Error("expected the request to fail");
}

describe("Graph client against the Graph double", () => {
  let double: GraphDouble;
  beforeEach(async () => {
    double = await startGraphDouble();
  });
  afterEach(async () => {
    await double.close();
  });

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
      expect(double.graphRequests().at(-1)).to.deep.include({ method: "PATCH", path: "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy", body: '{"isEnabled":false}' });
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

    it("rejects a request that outlasts its timeout", async () => {
      const client = clientFor(double, double.clientSecret, { timeoutMs: 200, maxRetries: 0 });
      await readSecurityDefaults(client);
      double.faults.push(slow(1000));
      const err = await failure(readSecurityDefaults(client));
      expect(err.message).to.match(/no answer|aborted|timeout/i);
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

    it("gives up after its retries, saying to try later", async () => {
      double.faults.push(...Array.from({ length: 6 }, () => throttled(0)));
      const err = await failure(readSecurityDefaults(clientFor(double, double.clientSecret, { maxRetries: 2 })));
      expect(err.status).to.equal(429);
      expect(err.message).to.contain("try again later");
      expect(double.graphRequests()).to.have.length(3);
    });
  });

  describe("Graph's rules for CA policies, as the azuread provider meets them", () => {
    const riskPolicy = () => ({ ...JSON.parse(JSON.stringify(enforcedP2().policies[4])), state: "enabledForReportingButNotEnforced" });

    it("refuses to enable a CA policy while Security Defaults are on", async () => {
      const err = await failure(clientFor(double).post("/v1.0/identity/conditionalAccess/policies", { ...riskPolicy(), state: "enabled" }, "Policy.ReadWrite.ConditionalAccess"));
      expect(err.status).to.equal(400);
      expect(err.message).to.contain("Security Defaults is enabled in the tenant. You must disable Security defaults before enabling a Conditional Access policy.");
    });

    it("accepts a report-only policy beside Security Defaults (staging)", async () => {
      const created = await clientFor(double).post<{ id: string }>("/v1.0/identity/conditionalAccess/policies", riskPolicy(), "Policy.ReadWrite.ConditionalAccess");
      expect(double.tenant.policies.has(created.id)).to.equal(true);
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
  });
});
