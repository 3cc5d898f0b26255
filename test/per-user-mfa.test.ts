import { expect } from "chai";
import * as path from "path";
import { runPlan } from "../plan/runPlan";
import { applyPerUserMfa, diffPerUserMfa, perUserMfaProvider, plannedChanges } from "../components/perUserMfaProvider";
import { campaignBody } from "../graph/registrationCampaign";
import { auditPerUserMfa, readTenant } from "../live/readTenant";
import { perUserMfaInUse } from "../live/rules/perUserMfaInUse";
import { enforcedP2, stagingP1, inputFor } from "./fixtures/guardInputs";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER } from "./fixtures/ids";
import { tenant } from "./fixtures/tenants";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { clientFor, pipelineEnvironment, caFileFor, usePipelineEnvironment, useGraphDouble } from "./support/graphClient";
import { runSerializedProvider, serializeProvider } from "./support/serializedProvider";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";

/** `count` users, every fifth enabled and every seventh enforced. */
function addUsers(double: GraphDouble, count: number) {
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    const state = i % 7 === 0 ? "enforced" : i % 5 === 0 ? "enabled" : "disabled";
    double.tenant.users.set(id, { id, userPrincipalName: `user${i}@contoso.com`, perUserMfaState: state });
  }
}
const onLegacyMfa = (double: GraphDouble) => [...double.tenant.users.values()].filter((u) => u.perUserMfaState !== "disabled").length;

describe("per-user MFA against the Graph double", () => {
  let double: GraphDouble;
  useGraphDouble((started) => ((double = started).pageSize = 999));

  it("audits 2,000 users through $batch: 20 users a request, not one request a user", async function () {
    this.timeout(30000);
    addUsers(double, 2000);
    const audit = await auditPerUserMfa(clientFor(double));
    expect(audit.usersAudited).to.equal(2000);
    expect(audit.users.filter((u) => u.state === "enforced")).to.have.length(286);
    expect(audit.users.filter((u) => u.state === "enabled")).to.have.length(400 - 58);
    const posts = double.graphRequests().filter((r) => r.path === "/beta/$batch");
    expect(posts).to.have.length(100);
    expect(double.graphRequests().filter((r) => r.path.startsWith("/v1.0/users"))).to.have.length(3);
  });

  it("re-sends the requests Graph throttled inside a batch", async function () {
    this.timeout(30000);
    addUsers(double, 100);
    double.throttleInner = 30;
    const audit = await auditPerUserMfa(clientFor(double));
    expect(audit.usersAudited).to.equal(100);
    expect(double.batchedRequests).to.equal(130);
  });

  it("disables per-user MFA for every user on it, and reports what it changed", async function () {
    this.timeout(30000);
    addUsers(double, 500);
    const before = onLegacyMfa(double);
    const report = await applyPerUserMfa(clientFor(double), { mode: "disable" });
    expect(report.changed).to.equal(before);
    expect(onLegacyMfa(double)).to.equal(0);
  });

  it("resumes after a failure midway, changing only the users left", async function () {
    this.timeout(30000);
    addUsers(double, 500);
    const before = onLegacyMfa(double);
    double.failWritesAfter = 40;
    const failure = await applyPerUserMfa(clientFor(double), { mode: "disable" }).catch((e: Error) => e);
    expect((failure as Error).message).to.match(/^40 of \d+ users changed, \d+ failed .* run pulumi up again to resume/);
    expect(onLegacyMfa(double)).to.equal(before - 40);
    double.failWritesAfter = undefined;
    const resumed = await applyPerUserMfa(clientFor(double), { mode: "disable" });
    expect(resumed.changed).to.equal(before - 40);
    expect(onLegacyMfa(double)).to.equal(0);
    const again = await applyPerUserMfa(clientFor(double), { mode: "disable" });
    expect(again.changed).to.equal(0, "idempotent");
  });

  it("enforces per-user MFA for listed users only", async () => {
    addUsers(double, 10);
    const ids = [...double.tenant.users.keys()].slice(1, 3);
    const report = await applyPerUserMfa(clientFor(double), { mode: "enforce", users: ids });
    expect(report.changed).to.equal(2);
    for (const id of ids) expect(double.tenant.users.get(id)!.perUserMfaState).to.equal("enforced");
  });

  it("rejects a missing permission, naming it", async () => {
    addUsers(double, 3);
    double.tenant.permissions.delete("Policy.ReadWrite.AuthenticationMethod");
    const failure = await applyPerUserMfa(clientFor(double), { mode: "disable" }).catch((e: Error) => e);
    expect((failure as Error).message).to.contain("Policy.ReadWrite.AuthenticationMethod");
  });

  it("shows the audit in plan --against live, with the guard's warning", async function () {
    this.timeout(30000);
    addUsers(double, 60);
    const result = await runPlan({ stack: EXAMPLE_STACKS.p2, readTenant: () => readTenant(clientFor(double), { auditPerUserMfa: true }) });
    expect(result.perUserMfa!.users.length).to.equal(onLegacyMfa(double));
    expect(result.findings.map((f) => f.rule)).to.include("EB-LIVE-PER-USER-MFA");
  });

  describe("the resource's provider, configured by the environment", () => {
    usePipelineEnvironment(() => pipelineEnvironment(double, caFileFor(double)));

    it("create disables per-user MFA and outputs the counts", async () => {
      addUsers(double, 35);
      const result = await perUserMfaProvider.create!({ mode: "disable" });
      expect(result.outs).to.deep.include({ mode: "disable", changed: 11, enabledBefore: 6, enforcedBefore: 5 });
    });

    it("read (pulumi refresh) counts users turned back to per-user MFA since, and the next diff is an update that changes them", async () => {
      addUsers(double, 35);
      const created = await perUserMfaProvider.create!({ mode: "disable" });
      for (const user of [...double.tenant.users.values()].slice(0, 3)) user.perUserMfaState = "enabled";
      const refreshed = await perUserMfaProvider.read!(created.id, created.outs);
      expect(refreshed.props).to.deep.equal({ mode: "disable", changed: 11, enabledBefore: 6, enforcedBefore: 5, usersNotInMode: 3 });
      expect(refreshed.inputs).to.deep.equal({ mode: "disable", usersNotInMode: 3 });
      expect((await perUserMfaProvider.diff!(created.id, refreshed.props, { mode: "disable", usersNotInMode: 0 })).changes).to.equal(true);
      const updated = await perUserMfaProvider.update!(created.id, refreshed.props, { mode: "disable" });
      expect(updated.outs).to.deep.include({ changed: 3, usersNotInMode: 0 });
      const again = await perUserMfaProvider.read!(created.id, updated.outs);
      expect(again.props!.usersNotInMode).to.equal(0);
      expect((await perUserMfaProvider.diff!(created.id, again.props, { mode: "disable", usersNotInMode: 0 })).changes).to.equal(false);
    });

    it("read audits only the listed users with enforce", async () => {
      addUsers(double, 10);
      const [enforced, disabled] = ["00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000001"];
      const refreshed = await perUserMfaProvider.read!("per-user-mfa-enforce", { mode: "enforce", users: [enforced.toUpperCase(), disabled] });
      expect(refreshed.props).to.deep.equal({ mode: "enforce", users: [enforced, disabled], usersNotInMode: 1 });
      expect(double.count("GET", "/v1.0/users")).to.equal(0);
    });

    it("rejects a refresh of a state that does not say what to audit, naming why, before any request", async () => {
      for (const state of [{}, { mode: "off" }, { mode: "enforce", users: [] }]) {
        await perUserMfaProvider.read!("per-user-mfa-disable", state).then(
          () => expect.fail(`read ${JSON.stringify(state)}`),
          (err: Error) => expect(err.message).to.match(/^per-user MFA: the state does not say what to audit \(.+\); run pulumi up to write it again$/),
        );
      }
      expect(double.graphRequests()).to.deep.equal([]);
    });

    it("delete leaves users as they are", async () => {
      addUsers(double, 10);
      await perUserMfaProvider.delete!("per-user-mfa-disable", { mode: "disable" });
      expect(double.graphRequests()).to.deep.equal([]);
    });

    it("rejects an unknown mode or an empty enforce list", async () => {
      expect((await perUserMfaProvider.check!({}, { mode: "off" })).failures![0].property).to.equal("mode");
      expect((await perUserMfaProvider.check!({}, { mode: "enforce", users: [] })).failures![0].property).to.equal("users");
    });
  });
});

describe("diffPerUserMfa", () => {
  const USER = "00000000-0000-4000-8000-000000000007";

  it("finds no change for the same mode, users in any order or letter case, and the default cloud", () => {
    expect(diffPerUserMfa({ mode: "disable", usersNotInMode: 0 }, { mode: "disable", cloud: "global", usersNotInMode: 0 }).changes).to.equal(false);
    expect(
      diffPerUserMfa({ mode: "enforce", users: [USER, "b"], usersNotInMode: 0 }, { mode: "enforce", users: ["B", USER.toUpperCase()], usersNotInMode: 0 })
        .changes,
    ).to.equal(false);
  });

  it("finds a change of mode, users or cloud, and users out of the mode after a refresh; never a replacement", () => {
    const base = { mode: "enforce", users: [USER], usersNotInMode: 0 };
    for (const olds of [
      { ...base, mode: "disable" },
      { ...base, users: [] },
      { ...base, cloud: "china" },
      { ...base, usersNotInMode: 2 },
    ]) {
      const diff = diffPerUserMfa(olds, { mode: "enforce", users: [USER], usersNotInMode: 0 });
      expect([diff.changes, diff.replaces], JSON.stringify(olds)).to.deep.equal([true, []]);
    }
  });

  it("asks for one update of a state written before refreshes counted users (no usersNotInMode), to store a provider that reads", () => {
    const diff = diffPerUserMfa({ mode: "disable", changed: 4 }, { mode: "disable", usersNotInMode: 0 });
    expect([diff.changes, diff.replaces]).to.deep.equal([true, []]);
  });
});

describe("plannedChanges", () => {
  const states = [
    { id: "a", state: "enabled" as const },
    { id: "b", state: "enforced" as const },
    { id: "c", state: "disabled" as const },
  ];
  it("disables only users not already disabled", () => {
    expect(plannedChanges("disable", states).map((c) => c.id)).to.deep.equal(["a", "b"]);
  });
  it("enforces only users not already enforced", () => {
    expect(plannedChanges("enforce", states).map((c) => c.id)).to.deep.equal(["a", "c"]);
  });
});

describe("EB-LIVE-PER-USER-MFA: no user on per-user MFA beside Security Defaults or CA MFA", () => {
  const audit = {
    usersAudited: 10,
    users: [
      { id: "u1", state: "enabled" as const },
      { id: "u2", state: "enforced" as const },
    ],
  };
  it("warns with the count and the next step beside enabled CA MFA", () => {
    const [finding] = perUserMfaInUse.check(tenant({ perUserMfa: audit }), enforcedP2());
    expect(finding.severity).to.equal("warning");
    expect(finding.message).to.contain("2 of 10 users").and.contain("perUserMfa: disable");
  });
  it("warns beside Security Defaults too", () => {
    expect(perUserMfaInUse.check(tenant({ perUserMfa: audit }), stagingP1())).to.have.length(1);
  });
  it("is silent while nothing else requires MFA (per-user MFA is then all there is)", () => {
    const nothingEnforced = inputFor({ plan: "p1", protection: "conditionalAccess", breakGlassUsers: [BREAK_GLASS_USER] });
    expect(perUserMfaInUse.check(tenant({ perUserMfa: audit }), nothingEnforced)).to.deep.equal([]);
  });
  it("is silent without an audit", () => {
    expect(perUserMfaInUse.check(tenant(), enforcedP2())).to.deep.equal([]);
  });
});

describe("registration campaign", () => {
  it("prompts all users for the Authenticator app and excludes the break-glass accounts", () => {
    const body = campaignBody({ state: "enabled", snoozeDurationInDays: 1, excludeUsers: [BREAK_GLASS_USER], excludeGroups: [BREAK_GLASS_GROUP] });
    expect(body.registrationEnforcement.authenticationMethodsRegistrationCampaign).to.deep.equal({
      state: "enabled",
      snoozeDurationInDays: 1,
      includeTargets: [{ id: "all_users", targetType: "group", targetedAuthenticationMethod: "microsoftAuthenticator" }],
      excludeTargets: [
        { id: BREAK_GLASS_USER, targetType: "user" },
        { id: BREAK_GLASS_GROUP, targetType: "group" },
      ],
    });
  });
});

describe("per-user MFA provider as Pulumi serializes it", () => {
  it("audits (read) and disables per-user MFA from a fresh process configured by the environment alone", async function () {
    this.timeout(60000);
    const { PerUserMfa } = require("../components/perUserMfa") as typeof import("../components/perUserMfa");
    const { dir } = await serializeProvider(
      () => new PerUserMfa("serialized-per-user", { mode: "disable" }),
      "pulumi-nodejs:dynamic/entra-baseline:PerUserMfa",
      "canary-secret-never-serialized",
    );
    const double = await startGraphDouble();
    try {
      addUsers(double, 45);
      const before = onLegacyMfa(double);
      const env = pipelineEnvironment(double, caFileFor(double));
      const calls = [
        { method: "read" as const, args: ["per-user-mfa-disable", { mode: "disable" }] },
        { method: "create" as const, args: [{ mode: "disable" }] },
        { method: "read" as const, args: ["per-user-mfa-disable", { mode: "disable" }] },
      ];
      const [audited, created, refreshed] = await runSerializedProvider(path.join(dir, "provider.js"), calls, env);
      expect([audited.thrown, created.thrown, refreshed.thrown]).to.deep.equal([undefined, undefined, undefined]);
      expect((audited.result as { props: { usersNotInMode: number } }).props.usersNotInMode).to.equal(before);
      expect((created.result as { outs: { changed: number } }).outs.changed).to.equal(before);
      expect((refreshed.result as { props: { usersNotInMode: number } }).props.usersNotInMode).to.equal(0);
      expect(onLegacyMfa(double)).to.equal(0);
    } finally {
      await double.close();
    }
  });
});
