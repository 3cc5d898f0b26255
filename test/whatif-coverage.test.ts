import { expect } from "chai";
import * as path from "path";
import { runPlan } from "../plan/runPlan";
import { coverageReport } from "../whatif/coverage";
import { main } from "../cli/whatif";
import { runCli, spawnCli } from "./support/cli";
import { ACCEPTING_GAPS } from "./fixtures/acceptedGaps";
import { BREAK_GLASS_USER, PILOT_GROUP, SERVICE_ACCOUNT } from "./fixtures/ids";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";

const cutOver = (extra: Record<string, string> = {}) =>
  runPlan({
    stack: "cut-over",
    config: {
      "entra-baseline:plan": "p2",
      "entra-baseline:policyState": "enabled",
      "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]),
      ...extra,
    },
  });

/** A row of the coverage table: the same outcome on every client app type. */
const onEveryClient = (outcome: string) => ({ browser: outcome, mobileAppsAndDesktopClients: outcome, exchangeActiveSync: outcome, other: outcome });

describe("coverage report", () => {
  for (const stack of Object.values(EXAMPLE_STACKS)) {
    it(`shows no gap and no lockout for the shipped ${stack} stack, only documented choices`, async () => {
      const report = coverageReport(await runPlan({ stack }));
      expect(report.gaps).to.deep.equal([]);
      expect(report.lockouts).to.deep.equal([]);
      for (const d of report.deliberate) expect(d.deliberate).to.be.a("string").and.not.be.empty;
    });
  }

  it("shows no gap and no lockout for the p2 baseline at cut-over, but the documented sync-account exclusion", async () => {
    const report = coverageReport(await cutOver());
    expect(report.gaps).to.deep.equal([]);
    expect(report.lockouts).to.deep.equal([]);
    expect(report.deliberate.map((d) => d.persona)).to.deep.equal(["Directory Synchronization account", "Directory Synchronization account"]);
    expect(report.table[`breakGlass:${BREAK_GLASS_USER}`]).to.deep.equal(onEveryClient("allowed"));
    expect(report.table.member).to.deep.equal({ browser: "MFA", mobileAppsAndDesktopClients: "MFA", exchangeActiveSync: "blocked", other: "blocked" });
  });

  it("finds the gaps of report-only policies once Security Defaults are off", async () => {
    const report = coverageReport(
      await runPlan({
        stack: "ro",
        config: {
          "entra-baseline:plan": "p1",
          "entra-baseline:protection": "conditionalAccess",
          "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]),
          ...ACCEPTING_GAPS,
        },
      }),
    );
    expect(report.gaps.map((g) => g.message)).to.include(
      "member on exchangeActiveSync: allowed without MFA to any app, Office 365, Azure management, admin portals at any risk",
    );
  });

  it("finds the members left out of a pilot", async () => {
    const report = coverageReport(await cutOver({ "entra-baseline:pilotGroup": PILOT_GROUP, ...ACCEPTING_GAPS }));
    expect(report.gaps.some((g) => g.persona === "member" && g.clientAppType === "browser")).to.equal(true);
    expect(report.table[`pilot:${PILOT_GROUP}`].browser).to.equal("MFA");
  });

  it("names an excluded service account as a deliberate choice, not a gap", async () => {
    const report = coverageReport(await cutOver({ "entra-baseline:policies": JSON.stringify({ allUsersMfa: { excludeUsers: [SERVICE_ACCOUNT] } }) }));
    expect(report.gaps).to.deep.equal([]);
    expect(report.deliberate.some((d) => d.persona === `excluded service account ${SERVICE_ACCOUNT}` && /excludeUsers/.test(d.deliberate!))).to.equal(true);
  });

  it("models Security Defaults as MFA on every modern sign-in and legacy authentication blocked", async () => {
    const report = coverageReport(await runPlan({ stack: EXAMPLE_STACKS.free }));
    expect(report.securityDefaults).to.equal(true);
    expect(report.table.member).to.deep.equal({ browser: "MFA", mobileAppsAndDesktopClients: "MFA", exchangeActiveSync: "blocked", other: "blocked" });
    expect(report.table.guest).to.deep.equal(report.table.member);
  });

  it("imagines each admin role, member, guest, break-glass, the sync account, and no pilot when no group is targeted", async () => {
    const report = coverageReport(await cutOver());
    const kinds = report.personas.map((p) => p.kind);
    expect(kinds.filter((k) => k === "admin")).to.have.length(14);
    expect(kinds).to.include.members(["member", "guest", "breakGlass", "directorySync"]);
    expect(kinds).to.not.include("pilot");
  });

  it("imagines each guest or external user type, a member on an unknown platform and one at an untrusted address", async () => {
    const ids = coverageReport(await cutOver()).personas.map((p) => p.id);
    expect(ids).to.include.members([
      "guest",
      "guest:internalGuest",
      "guest:b2bCollaborationMember",
      "guest:b2bDirectConnectUser",
      "guest:otherExternalUser",
      "guest:serviceProvider",
      "member:unknownPlatform",
      "member:untrustedLocation",
    ]);
  });

  it("blocks only the unknown-platform persona under Microsoft's block-unknown-platforms policy, with no lockout", async () => {
    const plan = await cutOver();
    const blockUnknown = {
      ...plan.conditionalAccessPolicies[0],
      displayName: "Block access for unknown or unsupported device platform",
      conditions: {
        ...plan.conditionalAccessPolicies[0].conditions,
        users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS_USER], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
        applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
        platforms: { includePlatforms: ["all"], excludePlatforms: ["android", "iOS", "windows", "macOS", "linux"] },
      },
      grantControls: { operator: "OR" as const, builtInControls: ["block" as const] },
    };
    const report = coverageReport({ ...plan, conditionalAccessPolicies: [...plan.conditionalAccessPolicies, blockUnknown] });
    expect(report.lockouts).to.deep.equal([]);
    expect(report.gaps).to.deep.equal([]);
    expect(report.table["member:unknownPlatform"]).to.deep.equal(onEveryClient("blocked"));
    expect(report.table.member).to.deep.equal({ browser: "MFA", mobileAppsAndDesktopClients: "MFA", exchangeActiveSync: "blocked", other: "blocked" });
  });

  it("reports every guest type as a gap when all-users MFA excludes guests (today's admin center shape)", async () => {
    const plan = await cutOver();
    const policies = plan.conditionalAccessPolicies.map((p) =>
      /all users/.test(p.displayName)
        ? {
            ...p,
            conditions: {
              ...p.conditions,
              users: {
                ...p.conditions.users,
                excludeGuestsOrExternalUsers: {
                  guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider",
                  externalTenants: { membershipKind: "all" },
                },
              },
            },
          }
        : p,
    );
    const report = coverageReport({ ...plan, conditionalAccessPolicies: policies });
    const guests = new Set(report.gaps.filter((g) => g.clientAppType === "browser").map((g) => g.persona));
    expect([...guests]).to.have.members([
      "guest",
      ...["internalGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"].map((t) => `guest or external user: ${t}`),
    ]);
    expect(report.table.member.browser).to.equal("MFA");
  });

  it("states the Security Defaults model as a simplification the verdicts depend on, and none for the enforced baseline", async () => {
    expect(coverageReport(await runPlan({ stack: EXAMPLE_STACKS.free })).simplifications).to.have.length(1);
    expect(coverageReport(await cutOver()).simplifications).to.deep.equal([]);
  });

  it("evaluates every persona × client × app × sign-in risk × user risk", async () => {
    const report = coverageReport(await cutOver());
    expect(report.evaluations).to.equal(report.personas.length * 4 * 4 * 4 * 4);
  });
});

describe("npm run whatif (the CLI)", () => {
  const STACKS = path.join(__dirname, "fixtures", "whatif", "stacks");
  const whatif = (...args: string[]) => runCli(main, args);

  it("prints stable JSON for the p2 example stack and exits 0 (smoke test: one process, as npm run whatif)", function () {
    this.timeout(60000);
    const report = spawnCli("whatif", ["--stack", EXAMPLE_STACKS.p2, "--json"]);
    expect(report.code, report.stderr).to.equal(0);
    expect(Object.keys(JSON.parse(report.stdout))).to.deep.equal([
      "stack",
      "securityDefaults",
      "evaluations",
      "personas",
      "table",
      "gaps",
      "lockouts",
      "deliberate",
      "simplifications",
    ]);
  });

  it("answers one scenario; rejects a bad risk level with exit 2", async () => {
    const report = await whatif("--stack", EXAMPLE_STACKS.p2, "--json");
    expect(report.code, report.stderr).to.equal(0);
    expect(JSON.parse(report.stdout).stack).to.equal(EXAMPLE_STACKS.p2);
    const one = await whatif("--stack", EXAMPLE_STACKS.p2, "--user-role", "Global Administrator", "--client-app", "exchangeActiveSync");
    expect(one.stdout).to.contain("outcome: blocked by Security Defaults");
    expect((await whatif("--stack", EXAMPLE_STACKS.p2, "--sign-in-risk", "extreme")).code).to.equal(2);
  });

  it("answers a guest or external user's scenario from an unknown platform and an address, stating the Security Defaults model", async () => {
    const args = [
      "--stack",
      EXAMPLE_STACKS.p2,
      "--guest-type",
      "serviceProvider",
      "--home-tenant",
      "T-1",
      "--platform",
      "unknown",
      "--ip",
      "198.51.100.7",
      "--country",
      "nl",
    ];
    const run = await whatif(...args, "--json");
    expect(run.code, run.stderr).to.equal(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.signIn).to.deep.include({
      userType: "guest",
      guestOrExternalUserType: "serviceProvider",
      homeTenantId: "T-1",
      devicePlatform: "unknown",
      ipAddress: "198.51.100.7",
      countryCode: "NL",
    });
    expect(answer.simplifications[0]).to.match(/Security Defaults are modelled/);
    expect((await whatif(...args)).stdout).to.match(/^simplification: Security Defaults are modelled/m);
    expect((await whatif("--stack", EXAMPLE_STACKS.p2, "--guest-type", "stranger")).code).to.equal(2);
  });

  it("exits 6 and lists the gaps of a stack whose policies are all report-only with Security Defaults off", async () => {
    const run = await whatif("--stack", "reportonly", "--stacks-dir", STACKS, "--json");
    expect(run.code, run.stderr).to.equal(6);
    const report = JSON.parse(run.stdout);
    expect(report.securityDefaults).to.equal(false);
    expect(report.gaps.map((g: { message: string }) => g.message)).to.include(
      "member on other: allowed without MFA to any app, Office 365, Azure management, admin portals at any risk",
    );
  });

  it("answers one scenario in JSON: the break-glass account on a risky sign-in is let in with nothing required", async () => {
    const run = await whatif(
      "--stack",
      "enforced",
      "--stacks-dir",
      STACKS,
      "--user",
      BREAK_GLASS_USER,
      "--sign-in-risk",
      "high",
      "--user-risk",
      "high",
      "--json",
    );
    expect(run.code, run.stderr).to.equal(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.signIn).to.include({ userId: BREAK_GLASS_USER, signInRisk: "high", userRisk: "high" });
    expect(answer.outcome).to.deep.equal({ kind: "allowed" });
    // Why: each policy that would apply names the break-glass exclusion (#19 §8).
    expect(answer.excluded).to.not.be.empty;
    for (const e of answer.excluded) expect(e).to.deep.include({ by: ["excludeUsers"], breakGlass: true });
    const text = await whatif("--stack", "enforced", "--stacks-dir", STACKS, "--user", BREAK_GLASS_USER, "--sign-in-risk", "high", "--user-risk", "high");
    const names = answer.excluded.map((e: { policy: string }) => `"${e.policy}"`).join(", ");
    // Wrapped at 120 columns: read as one paragraph.
    expect(text.stdout.replace(/\n  /g, " ")).to.contain(`\nexcluded in the stack by ${names} (conditions.users.excludeUsers, break-glass)\n`);
    for (const line of text.stdout.split("\n")) expect(line.length).to.be.at.most(120);
  });

  it("rejects an unknown stack with exit 2 and one clear line, no stack trace", async () => {
    const run = await whatif("--stack", "nope", "--stacks-dir", STACKS);
    expect(run.code).to.equal(2);
    expect(run.stderr.trim().split("\n")).to.have.length(1);
    expect(run.stderr)
      .to.match(/^whatif: unknown stack "nope"/)
      .and.not.contain("    at ");
  });

  it("rejects an unknown flag, and a missing --stack, with exit 2", async () => {
    const bogus = await whatif("--stack", EXAMPLE_STACKS.p2, "--bogus");
    expect(bogus.code).to.equal(2);
    expect(bogus.stderr).to.contain("unknown option '--bogus'");
    expect((await whatif()).code).to.equal(2);
  });
});
