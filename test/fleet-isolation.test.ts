import { expect } from "chai";
import * as fs from "fs";
import { main } from "../cli/fleet";
import { connectTenant, tenantEnvironment, tokenTenant } from "../fleet/credentials";
import type { FleetCommand, FleetResult, FleetRow } from "../fleet/result";
import { runFleet } from "../fleet/run";
import { selectStacks } from "../fleet/select";
import { WHOLE } from "../fleet/shard";
import { memoizedWhatIf } from "../fleet/whatIf";
import { EXIT } from "../documents/errors";
import { runCli } from "./support/cli";
import { graphError } from "./graph-double/server";
import { startFleetDouble, type FleetDouble, type FleetDoubleTenant } from "./graph-double/fleetDouble";
import { ownVariables, sharedEnvironment } from "./fleet/environment";
import { caFileFor } from "./support/graphClient";
import { freeStack, reportOnlyP1, stacksFolder } from "./fleet/stacks";

const rowOf = (result: FleetResult, stack: string): FleetRow => result.tenants.find((t) => t.stack === stack)!;

describe("fleet credentials: a tenant's token is never used for another tenant's Graph calls", () => {
  let double: FleetDouble;
  let caFile: string;
  const tenants: Record<string, FleetDoubleTenant> = {};
  let folder: ReturnType<typeof stacksFolder>;
  let env: NodeJS.ProcessEnv;
  const federatedToken = "eyJ.github-oidc-token-of-the-job.sig";

  before(async () => {
    double = await startFleetDouble();
    caFile = caFileFor(double);
    for (const name of ["one", "two", "three", "p1", "p2"]) tenants[name] = double.addTenant();
    // Each tenant holds a policy of its own name: a row that shows another's was read with another's token.
    for (const [name, t] of Object.entries(tenants)) {
      t.state.securityDefaults = false;
      t.state.policies.set(`own-${name}`, {
        id: `own-${name}`,
        displayName: `policy of ${name}`,
        state: "disabled",
        conditions: { users: { includeUsers: ["None"] }, applications: { includeApplications: ["None"] }, clientAppTypes: ["all"] },
        grantControls: { operator: "OR", builtInControls: ["block"] },
      });
    }
    double.acceptedAssertions.add(federatedToken);
    folder = stacksFolder({
      one: reportOnlyP1(),
      two: reportOnlyP1(),
      three: reportOnlyP1({ tenantId: tenants.three.tenantId }),
      p1: reportOnlyP1({ credentials: "partner", tenantId: tenants.p1.tenantId }),
      p2: reportOnlyP1({ credentials: "partner", tenantId: tenants.p2.tenantId }),
    });
    env = {
      ...sharedEnvironment(double, caFile),
      ...ownVariables("ONE", tenants.one),
      ...ownVariables("TWO", tenants.two),
      ...ownVariables("THREE", tenants.three),
      ENTRA_BASELINE_PARTNER_CLIENT_ID: double.partnerClientId,
      ARM_OIDC_TOKEN: federatedToken,
    };
  });
  after(async () => {
    folder.cleanup();
    await double.close();
  });
  beforeEach(() => {
    double.issueFor = (tenantId) => tenantId;
    for (const t of Object.values(tenants)) {
      t.graphRequests = 0;
      t.tokensIssued = 0;
      t.partnerConsented = true;
    }
    double.rejectedTokens = 0;
  });

  it("gets each tenant a token of its own, and answers each row from its own tenant only (own variables and the partner app)", async () => {
    const run = await runCli(main, ["drift", "--stacks-dir", folder.dir, "--format", "json", "--concurrency", "5"], env);
    expect(run.code, run.stderr).to.equal(EXIT.drifted);
    const result = JSON.parse(run.stdout) as FleetResult;
    for (const [name, tenant] of Object.entries(tenants)) {
      const row = rowOf(result, name);
      expect(row.status, `${name}: ${row.failure?.message}`).to.equal("ok");
      expect(row.tenantId).to.equal(tenant.tenantId);
      const unmanaged = row.drift!.items.filter((i) => i.status === "unmanaged").map((i) => i.displayName);
      expect(unmanaged, `${name} shows only its own tenant's policies`).to.deep.equal([`policy of ${name}`]);
      expect(tenant.tokensIssued, name).to.equal(1);
      expect(tenant.graphRequests, name).to.be.greaterThan(0);
      expect(tenant.inFlight.most, `${name}: within the client's bound of 8 requests in flight`).to.be.within(1, 8);
    }
    expect(double.rejectedTokens).to.equal(0);
  });

  it("refuses a token issued for another tenant before any request carries it", async () => {
    double.issueFor = (tenantId) => (tenantId === tenants.two.tenantId ? tenants.one.tenantId : tenantId);
    const run = await runCli(main, ["drift", "--stacks-dir", folder.dir, "--format", "json"], env);
    expect(run.code).to.equal(EXIT.tenantsFailed);
    const two = rowOf(JSON.parse(run.stdout), "two");
    expect(two.failure).to.deep.equal({
      kind: "credentials",
      message:
        `two: the credential from TWO_AZURE_* variables was issued a token for tenant ${tenants.one.tenantId}, ` +
        `not ${tenants.two.tenantId}; refused, nothing was sent`,
    });
    expect(tenants.two.graphRequests).to.equal(0);
    // tenant one's Graph saw one's own run only: as many requests as a tenant's drift needs, not twice that
    expect(tenants.one.graphRequests).to.equal(tenants.three.graphRequests);
  });

  it("refuses variables that name another tenant than the stack's tenantId, asking for no token", async () => {
    const crossed = {
      ...env,
      THREE_AZURE_TENANT_ID: tenants.one.tenantId,
      THREE_AZURE_CLIENT_ID: tenants.one.clientId,
      THREE_AZURE_CLIENT_SECRET: tenants.one.clientSecret,
    };
    const run = await runCli(main, ["drift", "--stacks-dir", folder.dir, "--format", "json"], crossed);
    expect(rowOf(JSON.parse(run.stdout), "three").failure).to.deep.equal({
      kind: "credentials",
      message:
        `three: THREE_AZURE_TENANT_ID is ${tenants.one.tenantId}, but the stack's tenantId is ${tenants.three.tenantId}; ` +
        "a stack signs in to its own tenant only: fix the variable or the stack",
    });
    expect(tenants.one.tokensIssued).to.equal(1); // one's own row only
  });

  it("never falls back to the process's own credentials or an Azure CLI login for a stack without variables", async () => {
    const { ONE_AZURE_TENANT_ID, ONE_AZURE_CLIENT_ID, ONE_AZURE_CLIENT_SECRET, ...rest } = env;
    const process = { ...rest, AZURE_TENANT_ID: ONE_AZURE_TENANT_ID, AZURE_CLIENT_ID: ONE_AZURE_CLIENT_ID, AZURE_CLIENT_SECRET: ONE_AZURE_CLIENT_SECRET };
    const run = await runCli(main, ["drift", "--stacks-dir", folder.dir, "--format", "json"], process);
    const row = rowOf(JSON.parse(run.stdout), "one");
    expect(row.failure!.kind).to.equal("credentials");
    expect(row.failure!.message).to.equal(
      "one: no credentials: set ONE_AZURE_TENANT_ID, ONE_AZURE_CLIENT_ID and ONE_AZURE_CLIENT_SECRET, ONE_AZURE_CLIENT_CERTIFICATE_PATH " +
        "or a federated token (GitHub OIDC, AZURE_FEDERATED_TOKEN_FILE); or credentials: partner (docs/fleet.md)",
    );
    expect(tenants.one.tokensIssued).to.equal(0);
  });

  it("fails a customer tenant that has not consented to the partner app on its row; the others finish", async () => {
    tenants.p2.partnerConsented = false;
    const run = await runCli(main, ["drift", "--stacks-dir", folder.dir, "--format", "json"], env);
    const result = JSON.parse(run.stdout) as FleetResult;
    expect(rowOf(result, "p2").failure!.kind).to.equal("unauthorized");
    expect(rowOf(result, "p2").failure!.message).to.include("AADSTS7000229");
    expect(result.tenants.filter((t) => t.status === "ok").map((t) => t.stack)).to.deep.equal(["one", "p1", "three", "two"]);
  });

  it("puts no secret and no token in any output", async () => {
    double.issueFor = (tenantId) => (tenantId === tenants.two.tenantId ? tenants.one.tenantId : tenantId);
    const out = ["md", "html", "txt"].map((ext) => `${folder.dir}/out.${ext}`);
    const run = await runCli(main, ["drift", "--stacks-dir", folder.dir, "--format", "json", "--out", ...out], {
      ...env,
      THREE_AZURE_CLIENT_SECRET: "wrong-secret-value",
    });
    expect(JSON.parse(run.stdout).summary.failed).to.equal(2);
    for (const all of [run.stdout + run.stderr, ...out.map((f) => fs.readFileSync(f, "utf8"))]) {
      for (const t of Object.values(tenants)) expect(all).not.to.include(t.clientSecret);
      expect(all).not.to.include("wrong-secret-value");
      expect(all).not.to.include(federatedToken);
      expect(all).not.to.match(/eyJ[\w-]+\.eyJ/);
    }
  });

  it("reads the partner form's tenant from the stack and needs the partner app and a federated token", () => {
    expect(() => tenantEnvironment("x", { credentials: "partner" }, env)).to.throw("x: credentials: partner needs entra-baseline:tenantId");
    expect(() => tenantEnvironment("x", { credentials: "partner", tenantId: tenants.p1.tenantId }, { ENTRA_BASELINE_PARTNER_CLIENT_ID: "c" })).to.throw(
      "needs ENTRA_BASELINE_PARTNER_CLIENT_ID and a federated token of the job",
    );
    const partner = tenantEnvironment("x", { credentials: "partner", tenantId: tenants.p1.tenantId.toUpperCase() }, { ...env, AZURE_CLIENT_SECRET: "s" });
    expect(partner.env).to.deep.include({ AZURE_TENANT_ID: tenants.p1.tenantId, AZURE_CLIENT_ID: double.partnerClientId, ARM_OIDC_TOKEN: federatedToken });
    expect(partner.env).not.to.have.any.keys("AZURE_CLIENT_SECRET", "ONE_AZURE_CLIENT_SECRET");
    const own = tenantEnvironment("one", {}, env);
    expect(Object.keys(own.env).filter((k) => /SECRET|CLIENT_ID|TENANT_ID/.test(k))).to.have.members([
      "AZURE_TENANT_ID",
      "AZURE_CLIENT_ID",
      "AZURE_CLIENT_SECRET",
    ]);
    expect(own.env.AZURE_CLIENT_SECRET).to.equal(tenants.one.clientSecret);
    expect(
      tenantEnvironment("eu-west.one", {}, { ...env, EU_WEST_ONE_AZURE_TENANT_ID: "t", EU_WEST_ONE_AZURE_CLIENT_ID: "c", EU_WEST_ONE_AZURE_CLIENT_SECRET: "s" })
        .source,
    ).to.equal("EU_WEST_ONE_AZURE_* variables");
  });

  it("reads a token's tenant from its tid claim, and nothing from what is not a JWT", () => {
    const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.x`;
    expect(tokenTenant(jwt({ tid: "ABC" }))).to.equal("abc");
    expect(tokenTenant(jwt({ tid: 5 }))).to.equal(undefined);
    expect(tokenTenant("opaque")).to.equal(undefined);
    expect(tokenTenant("a.%%%.c")).to.equal(undefined);
  });
});

describe("fleet: a faulty tenant fails on its row, the others finish", () => {
  let double: FleetDouble;
  let caFile: string;
  let folder: ReturnType<typeof stacksFolder>;
  const t: Record<string, FleetDoubleTenant> = {};
  const NAMES = ["healthy", "unauthorized", "forbidden", "throttled", "slow", "malformed", "hostile", "unreachable"];

  before(async () => {
    double = await startFleetDouble();
    caFile = caFileFor(double);
    for (const name of NAMES) t[name] = double.addTenant();
    t.unauthorized.override = () => graphError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
    t.forbidden.state.permissions.delete("Organization.Read.All");
    t.throttled.override = () => ({ ...graphError(429, "TooManyRequests", "Too many requests."), headers: { "retry-after": "0" } });
    t.slow.override = () => "hang";
    t.malformed.override = (_, url) => (url.pathname.endsWith("/subscribedSkus") ? { status: 200, body: '{"value": [ {"skuPartNumber": ' } : undefined);
    t.hostile.override = () => graphError(400, "BadRequest", "<script>alert(1)</script> | `x` @everyone");
    t.unreachable.authorityFault = "reset";
    folder = stacksFolder(Object.fromEntries(NAMES.map((n) => [n, freeStack()])));
  });
  after(async () => {
    folder.cleanup();
    await double.close();
  });

  async function fleet(command: FleetCommand, tenantTimeoutMs = 20000): Promise<FleetResult> {
    const env = { ...sharedEnvironment(double, caFile), ...Object.assign({}, ...NAMES.map((n) => ownVariables(n.toUpperCase(), t[n]))) };
    const { selected, stacks } = selectStacks(folder.dir, [], WHOLE);
    return runFleet({
      command,
      tags: [],
      selected,
      stacks,
      shard: WHOLE,
      stacksDir: folder.dir,
      concurrency: 3,
      tenantTimeoutMs,
      connect: (stack) =>
        connectTenant(stack, {
          env,
          tlsCa: fs.readFileSync(caFile, "utf8"),
          clientOptions: { retryDelayMs: 1, maxRetryDelayMs: 5, timeoutMs: 2500, maxRetries: 1 },
          // The dropped authority: identity's own backoff within each of the client's attempts, shortened as the client's is.
          credentialOptions: { retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 5 } },
        }),
      whatIf: memoizedWhatIf(),
      now: Date.now,
    });
  }

  it("reports 401, 403, endless throttling, a timeout, a malformed answer, no authority and a hostile error each on its row (exit 7)", async function () {
    this.timeout(30000);
    const result = await fleet("drift");
    expect(result.exitCode).to.equal(EXIT.tenantsFailed);
    const kinds = Object.fromEntries(result.tenants.map((r) => [r.stack, [r.status, r.failure?.kind, r.failure?.status]]));
    expect(kinds).to.deep.equal({
      forbidden: ["failed", "forbidden", 403],
      healthy: ["ok", undefined, undefined],
      hostile: ["failed", "unavailable", 400],
      malformed: ["failed", "malformed", 200],
      slow: ["failed", "timeout", undefined],
      throttled: ["failed", "throttled", 429],
      unauthorized: ["failed", "unauthorized", 401],
      // The authority dropped the connection: no token and no answer, sent again, then unavailable (never a 401).
      unreachable: ["failed", "unavailable", undefined],
    });
    expect(rowOf(result, "unreachable").failure!.message)
      .to.include("could not get a Graph token")
      .and.include("after 2 attempts")
      .and.include("the authority gave no answer");
    expect(rowOf(result, "forbidden").failure!.message).to.include("Organization.Read.All").and.include("admin consent");
    expect(rowOf(result, "throttled").failure!.message).to.include("429");
    expect(rowOf(result, "healthy").drift).to.deep.equal({ drifted: false, items: [] });
    for (const row of result.tenants) expect(row.failure?.message ?? "", row.stack).not.to.include("\n");
  });

  it("fails a tenant that outlasts --tenant-timeout, and goes on with the others", async () => {
    t.healthy.override = () => "hang";
    try {
      const result = await fleet("plan");
      expect(result.tenants.every((r) => r.status === "ok")).to.equal(true); // plan reads no tenant
      const slow = await fleet("drift", 150);
      expect(rowOf(slow, "healthy").failure).to.deep.equal({
        kind: "timeout",
        message: "healthy: no result within 0.15 s; the tenant or Graph is too slow, raise --tenant-timeout or run it alone",
      });
    } finally {
      t.healthy.override = undefined;
    }
  });
});
