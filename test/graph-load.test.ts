import { expect } from "chai";
import { readCollectionsBatched, sendBatches } from "../graph/batch";
import { GraphRequestError } from "../graph/errors";
import { createLimiter } from "../graph/limiter";
import { groupMemberIds, rolePrincipalIds } from "../graph/registrationDetails";
import { PREFER } from "../graph/requestHeaders";
import { readSecurityDefaults, writeSecurityDefaults } from "../graph/securityDefaults";
import { readTenant } from "../live/readTenant";
import { MEMBER_ANSWER } from "../graph/answerSchemas";
import { badGateway, gatewayTimeout, internalError, on, slow, throttled, unavailable } from "./graph-double/faults";
import type { GraphDouble } from "./graph-double/server";
import { clientFor, clientWithToken, useGraphDouble } from "./support/graphClient";
import { rejection } from "./support/rejection";

const failure = (promise: Promise<unknown>) => rejection<GraphRequestError>(promise);
const SD = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";
const CA = "/v1.0/identity/conditionalAccess/policies";
const groupId = (i: number) => `0b0e${String(i).padStart(4, "0")}-0000-4000-8000-000000000000`;
const userId = (i: number) => `0a0e${String(i).padStart(4, "0")}-0000-4000-8000-${String(i).padStart(12, "0")}`;
const noWait = { sleep: async () => undefined };

describe("the request limiter (pure)", () => {
  it("runs at most its limit at once and the rest in arrival order", async () => {
    const limiter = createLimiter(2);
    const started: number[] = [];
    const release: (() => void)[] = [];
    const tasks = [0, 1, 2, 3].map((i) => limiter.run(() => new Promise<number>((resolve) => (started.push(i), release.push(() => resolve(i))))));
    await Promise.resolve();
    expect(started).to.deep.equal([0, 1]);
    release[0]();
    await tasks[0];
    await new Promise((r) => setImmediate(r));
    expect(started).to.deep.equal([0, 1, 2]);
    expect(limiter.running).to.equal(2);
    release[1]();
    release[2]();
    await new Promise((r) => setImmediate(r));
    release[3]();
    expect(await Promise.all(tasks)).to.deep.equal([0, 1, 2, 3]);
    expect([limiter.running, limiter.mostRunning]).to.deep.equal([0, 2]);
  });

  it("gives a failed task's slot to the next one", async () => {
    const limiter = createLimiter(1);
    const failed = limiter.run(() => Promise.reject(new Error("boom")));
    const next = limiter.run(async () => "next");
    await failed.catch(() => undefined);
    expect(await next).to.equal("next");
    expect(limiter.running).to.equal(0);
  });

  it("rejects a limit that is not a whole number of at least 1", () => {
    for (const bad of [0, -1, 2.5, NaN]) expect(() => createLimiter(bad), String(bad)).to.throw(RangeError, "whole number ≥ 1");
  });
});

describe("Graph reads under load and faults, against the Graph double", () => {
  let double: GraphDouble;
  useGraphDouble((started) => (double = started));

  describe("at most 8 requests in flight per client", () => {
    it("holds 40 parallel reads to 8 in flight, as Graph sees them", async () => {
      double.latencyMs = 15;
      const client = clientFor(double);
      await Promise.all(Array.from({ length: 40 }, () => readSecurityDefaults(client)));
      expect(double.inFlight.most).to.equal(8);
      expect(client.inFlight).to.deep.equal({ now: 0, most: 8 });
      expect(double.count("GET", SD)).to.equal(40);
    });

    it("holds to a smaller limit when asked, every reader sharing it", async () => {
      double.latencyMs = 10;
      const client = clientFor(double, double.clientSecret, { maxConcurrency: 3 });
      await Promise.all([
        ...Array.from({ length: 10 }, () => readSecurityDefaults(client)),
        ...Array.from({ length: 10 }, () => client.getAll(CA, "Policy.Read.All")),
      ]);
      expect(double.inFlight.most).to.equal(3);
    });

    it("does not hold a slot while a request waits to retry", async () => {
      const client = clientFor(double, double.clientSecret, { maxConcurrency: 1, sleep: async () => void (waited = client.inFlight.now) });
      let waited = -1;
      double.faults.push(throttled(1));
      await readSecurityDefaults(client);
      expect(waited).to.equal(0);
    });
  });

  describe("reads retried on 429, 500, 502, 503 and 504, bounded", () => {
    for (const [status, fault] of [
      [500, internalError],
      [502, badGateway],
      [503, unavailable],
      [504, gatewayTimeout],
      [429, throttled],
    ] as const) {
      it(`retries a single ${status} on a GET, then reads`, async () => {
        double.faults.push(fault());
        expect(await readSecurityDefaults(clientFor(double, double.clientSecret, noWait))).to.deep.equal({ isEnabled: true });
        expect(double.count("GET", SD)).to.equal(2);
      });
    }

    it("gives up after maxRetries + 1 attempts, with Graph's own error and the number of attempts", async () => {
      double.faults.push(...Array.from({ length: 5 }, internalError));
      const err = await failure(readSecurityDefaults(clientFor(double, double.clientSecret, noWait)));
      expect(err).to.deep.include({ status: 500, code: "InternalServerError", attempts: 5 });
      expect(err.message).to.equal(
        `GET ${double.url}${SD}: Graph answered 500 InternalServerError: An internal server error occurred. (after 5 attempts); try again later`,
      );
      expect(double.count("GET", SD)).to.equal(5);
    });

    it("says a gateway's 502 without Graph's message plainly", async () => {
      double.faults.push(...Array.from({ length: 2 }, badGateway));
      const err = await failure(readSecurityDefaults(clientFor(double, double.clientSecret, { ...noWait, maxRetries: 1 })));
      expect(err.message).to.match(/Graph answered 502 UnknownError \(after 2 attempts\); try again later$/);
    });

    it("does not retry what a retry cannot fix (403), and says it was sent once", async () => {
      double.tenant.permissions.delete("Policy.Read.All");
      const err = await failure(readSecurityDefaults(clientFor(double, double.clientSecret, noWait)));
      expect(err).to.deep.include({ status: 403, attempts: 1 });
      expect(err.message).to.contain("(after 1 attempt)");
      expect(double.count("GET", SD)).to.equal(1);
    });

    it("rejects a Retry-After longer than it waits, naming the wait, without waiting", async () => {
      const waits: number[] = [];
      double.faults.push(throttled(600));
      const err = await failure(readSecurityDefaults(clientFor(double, double.clientSecret, { sleep: async (ms) => void waits.push(ms) })));
      expect(err.message).to.contain("(after 1 attempt; Graph asked to wait 600 s (Retry-After), longer than the 60 s this run waits); try again later");
      expect(waits).to.deep.equal([]);
    });

    it("retries a read that timed out", async () => {
      const client = await clientWithToken(double, { ...noWait, timeoutMs: 500 });
      double.faults.push(slow(2000));
      expect(await readSecurityDefaults(client)).to.deep.equal({ isEnabled: true });
      expect(double.count("GET", SD)).to.equal(2);
    });

    it("names the attempts when no answer ever comes", async () => {
      const client = clientFor(double, double.clientSecret, { ...noWait, endpoint: "https://127.0.0.1:9", maxRetries: 2 });
      const err = await failure(client.get("/v1.0/subscribedSkus", "Organization.Read.All"));
      expect(err).to.deep.include({ status: 0, attempts: 3 });
      expect(err.message).to.match(/no answer from https:\/\/127\.0\.0\.1:9 \(ECONNREFUSED; after 3 attempts\)/);
    });
  });

  describe("writes retried only when Graph throttled them", () => {
    it("sends a throttled PATCH again after Retry-After", async () => {
      const waits: number[] = [];
      double.faults.push(throttled(3));
      await writeSecurityDefaults(clientFor(double, double.clientSecret, { sleep: async (ms) => void waits.push(ms) }), false);
      expect(double.tenant.securityDefaults).to.equal(false);
      expect(waits).to.deep.equal([3000]);
      expect(double.count("PATCH", SD)).to.equal(2);
    });

    for (const [status, fault] of [
      [500, internalError],
      [503, unavailable],
      [504, gatewayTimeout],
    ] as const) {
      it(`rejects a write that failed with ${status} after one attempt, saying why it was not sent again`, async () => {
        double.faults.push(fault());
        const err = await failure(writeSecurityDefaults(clientFor(double, double.clientSecret, noWait), false));
        expect(err).to.deep.include({ status, attempts: 1 });
        expect(err.message).to.contain("(after 1 attempt; a write is retried only when Graph throttled it (429): this one may have been carried out)");
        expect(double.count("PATCH", SD)).to.equal(1);
      });
    }

    it("never sends a POST again after a lost answer", async () => {
      const client = await clientWithToken(double, { ...noWait, timeoutMs: 500 });
      double.faults.push(slow(2000));
      const err = await failure(client.post(CA, { displayName: "x", state: "disabled", conditions: {} }, "Policy.ReadWrite.ConditionalAccess"));
      expect(err.message).to.contain("after 1 attempt; a write is not sent again after a lost answer");
      expect(double.count("POST", CA)).to.equal(1);
    });
  });

  describe("Prefer: include-unknown-enum-members on every request", () => {
    it("sends it with reads, writes and every request inside a $batch", async () => {
      const client = clientFor(double);
      await readSecurityDefaults(client);
      await writeSecurityDefaults(client, false);
      await sendBatches(client, "v1.0", [{ id: "1", method: "GET", url: "/subscribedSkus" }], "Organization.Read.All");
      expect(double.graphRequests().map((r) => r.prefer)).to.deep.equal([PREFER, PREFER, PREFER]);
      expect(double.innerRequests.map((r) => r.headers.prefer)).to.deep.equal([PREFER]);
    });

    it("reads a Linux platform as `linux`, which Graph sends as `unknownFutureValue` to clients that do not ask", async () => {
      double.tenant.policies.set("p", {
        id: "p",
        displayName: "Block Linux",
        state: "enabled",
        conditions: { platforms: { includePlatforms: ["linux"], excludePlatforms: [] }, users: { includeUsers: ["All"] }, applications: {} },
        grantControls: { operator: "OR", builtInControls: ["block"] },
      });
      const tenant = await readTenant(clientFor(double));
      expect(tenant.policies[0].graph).to.have.nested.property("conditions.platforms.includePlatforms").that.deep.equals(["linux"]);
      const bare = await fetchWithoutPrefer(double);
      expect(bare.value[0].conditions.platforms.includePlatforms).to.deep.equal(["unknownFutureValue"], "the double answers as Graph does");
    });
  });

  describe("$batch: per-request statuses", () => {
    it("sends again a read Graph failed inside a batch (500, 502, 503, 504, 429), counting its attempts", async () => {
      double.innerFaults.push({ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }, { status: 429, retryAfterSeconds: 2 });
      const waits: number[] = [];
      const answers = await sendBatches(clientFor(double), "v1.0", [{ id: "skus", method: "GET", url: "/subscribedSkus" }], "Organization.Read.All", {
        sleep: async (ms) => void waits.push(ms),
        maxRounds: 5,
        retryDelayMs: 1,
        maxRetryDelayMs: 1,
      });
      expect(answers.get("skus")).to.deep.include({ status: 200, attempts: 6 });
      expect(waits.at(-1)).to.equal(2000, "the inner Retry-After");
    });

    it("returns a read that still fails after its rounds, with the attempts made", async () => {
      double.innerFaults.push(...Array.from({ length: 3 }, () => ({ status: 503 as const })));
      const answers = await sendBatches(clientFor(double), "v1.0", [{ id: "skus", method: "GET", url: "/subscribedSkus" }], "Organization.Read.All", {
        ...noWait,
        maxRounds: 2,
      });
      expect(answers.get("skus")).to.deep.include({ status: 503, attempts: 3 });
    });

    it("sends a write inside a batch again only when throttled", async () => {
      double.tenant.users.set(userId(1), { id: userId(1), userPrincipalName: "a@contoso.com", perUserMfaState: "enforced" });
      double.innerFaults.push({ status: 500 });
      const write = [
        { id: userId(1), method: "PATCH" as const, url: `/users/${userId(1)}/authentication/requirements`, body: { perUserMfaState: "disabled" } },
      ];
      const answers = await sendBatches(clientFor(double), "beta", write, "Policy.ReadWrite.AuthenticationMethod", noWait);
      expect(answers.get(userId(1))).to.deep.include({ status: 500, attempts: 1 });
      double.innerFaults.push({ status: 429 });
      const again = await sendBatches(clientFor(double), "beta", write, "Policy.ReadWrite.AuthenticationMethod", noWait);
      expect(again.get(userId(1))).to.deep.include({ status: 204, attempts: 2 });
    });

    it("retries the batch request itself when it carries only reads, and not when it carries a write", async () => {
      double.faults.push(on("/v1.0/$batch", internalError()));
      const read = await sendBatches(clientFor(double, double.clientSecret, noWait), "v1.0", [{ id: "s", method: "GET", url: "/subscribedSkus" }], "x");
      expect(read.get("s")?.status).to.equal(200);
      double.faults.push(on("/beta/$batch", internalError()));
      const err = await failure(
        sendBatches(
          clientFor(double, double.clientSecret, noWait),
          "beta",
          [{ id: "u", method: "PATCH", url: "/users/u/authentication/requirements", body: {} }],
          "x",
        ),
      );
      expect(err).to.deep.include({ status: 500, attempts: 1 });
    });
  });

  describe("group and role lookups through $batch", () => {
    it("reads 100 groups and 14 roles in 6 batch requests, not 114 requests", async () => {
      for (let i = 0; i < 100; i++) double.tenant.groupMembers.set(groupId(i), [userId(i), userId(i + 1)]);
      const roles = Array.from({ length: 14 }, (_, i) => `62e9${String(i).padStart(4, "0")}-69f5-4237-9190-012177145e10`);
      roles.forEach((role, i) => double.tenant.roleAssignments.push({ roleDefinitionId: role, principalId: userId(i).toUpperCase() }));
      const client = clientFor(double);
      const [members, holders] = await Promise.all([
        groupMemberIds(
          client,
          Array.from({ length: 100 }, (_, i) => groupId(i)),
        ),
        rolePrincipalIds(client, roles),
      ]);
      expect(members.get(groupId(7))).to.deep.equal([userId(7), userId(8)]);
      expect(holders.get(roles[13])).to.deep.equal([userId(13)], "lower-cased");
      expect(double.graphRequests().map((r) => r.path)).to.deep.equal([...Array(5).fill("/v1.0/$batch"), "/v1.0/$batch"]);
      expect(double.batchedRequests).to.equal(114);
    });

    it("follows a group's next pages in later batches", async () => {
      const big = Array.from({ length: 2100 }, (_, i) => userId(i));
      double.tenant.groupMembers.set(groupId(1), big);
      double.tenant.groupMembers.set(groupId(2), [userId(5)]);
      const members = await groupMemberIds(clientFor(double), [groupId(1), groupId(2)]);
      expect(members.get(groupId(1))).to.have.length(2100);
      expect(members.get(groupId(2))).to.deep.equal([userId(5)]);
      expect(double.count("POST", "/v1.0/$batch")).to.equal(3, "999 a page: first pages together, then the big group's second and third");
    });

    it("reads a group deleted since a policy named it as having no members", async () => {
      expect(await groupMemberIds(clientFor(double), [groupId(404)])).to.deep.equal(new Map([[groupId(404), []]]));
    });

    it("rejects a lookup Graph refuses, naming the permission, the group and the attempts", async () => {
      double.tenant.permissions.delete("GroupMember.Read.All");
      const err = await failure(groupMemberIds(clientFor(double), [groupId(1)]));
      expect(err).to.deep.include({ status: 403, attempts: 1 });
      expect(err.message)
        .to.contain(`/v1.0/groups/${groupId(1)}/transitiveMembers`)
        .and.contain("GroupMember.Read.All");
    });

    it("rejects a role lookup that keeps failing, after its attempts", async () => {
      double.innerFaults.push(...Array.from({ length: 5 }, () => ({ status: 503 as const })));
      const err = await failure(rolePrincipalIds(clientFor(double), ["62e90394-69f5-4237-9190-012177145e10"], noWait));
      expect(err).to.deep.include({ status: 503, attempts: 5 });
      expect(err.message).to.contain("(after 5 attempts); try again later");
    });

    it("rejects a next link off the Graph origin inside a batch, sending nothing there", async () => {
      double.faults.push(
        on("/v1.0/$batch", {
          kind: "answer",
          status: 200,
          body: { responses: [{ id: "g", status: 200, body: { value: [], "@odata.nextLink": "https://evil.example/v1.0/groups/g/x" } }] },
        }),
      );
      const err = await failure(readCollectionsBatched(clientFor(double), "v1.0", [{ id: "g", url: "/groups/g/transitiveMembers" }], "x", MEMBER_ANSWER));
      expect(err.code).to.equal("BadNextLink");
    });

    it("rejects a next link to another version, and a page read before", async () => {
      const link = (next: string) =>
        on("/v1.0/$batch", { kind: "answer", status: 200, body: { responses: [{ id: "g", status: 200, body: { value: [], "@odata.nextLink": next } }] } });
      double.faults.push(link(`${double.url}/beta/groups/g`));
      const other = await failure(readCollectionsBatched(clientFor(double), "v1.0", [{ id: "g", url: "/groups/g" }], "x", MEMBER_ANSWER));
      expect(other.message).to.contain("leaves");
      double.faults.push(link(`${double.url}/v1.0/groups/g`));
      const loop = await failure(readCollectionsBatched(clientFor(double), "v1.0", [{ id: "g", url: "/groups/g" }], "x", MEMBER_ANSWER));
      expect(loop.code).to.equal("PagingLoop");
    });
  });
});

/** The double's CA policies as a client that sends no Prefer header gets them. */
async function fetchWithoutPrefer(double: GraphDouble): Promise<{ value: Record<string, any>[] }> {
  const https = await import("https");
  const client = clientFor(double);
  await readSecurityDefaults(client);
  const token = double.graphRequests()[0].authorization!;
  return new Promise((resolve, reject) =>
    https
      .get(`${double.url}${CA}`, { ca: double.ca, headers: { authorization: token } }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(JSON.parse(text)));
      })
      .on("error", reject),
  );
}
