import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { runPlan } from "../cli/runPlan";
import { coverageReport } from "../whatif/coverage";
import { BREAK_GLASS_USER, PILOT_GROUP, SERVICE_ACCOUNT } from "./fixtures/ids";

const cutOver = (extra: Record<string, string> = {}) =>
  runPlan({
    stack: "cut-over",
    config: { "entra-baseline:plan": "p2", "entra-baseline:policyState": "enabled", "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]), ...extra },
  });

describe("coverage report", () => {
  for (const stack of ["free", "p1", "p2"]) {
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
    expect(report.table[`breakGlass:${BREAK_GLASS_USER}`]).to.deep.equal({ browser: "allowed", mobileAppsAndDesktopClients: "allowed", exchangeActiveSync: "allowed", other: "allowed" });
    expect(report.table.member).to.deep.equal({ browser: "MFA", mobileAppsAndDesktopClients: "MFA", exchangeActiveSync: "blocked", other: "blocked" });
  });

  it("finds the gaps of report-only policies once Security Defaults are off", async () => {
    const report = coverageReport(await runPlan({ stack: "ro", config: { "entra-baseline:plan": "p1", "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]) } }));
    expect(report.gaps.map((g) => g.message)).to.include("member on exchangeActiveSync: allowed without MFA to any app, Office 365, Azure management, admin portals at any risk");
  });

  it("finds the members left out of a pilot", async () => {
    const report = coverageReport(await cutOver({ "entra-baseline:pilotGroup": PILOT_GROUP }));
    expect(report.gaps.some((g) => g.persona === "member" && g.clientAppType === "browser")).to.equal(true);
    expect(report.table[`pilot:${PILOT_GROUP}`].browser).to.equal("MFA");
  });

  it("names an excluded service account as a deliberate choice, not a gap", async () => {
    const report = coverageReport(await cutOver({ "entra-baseline:policies": JSON.stringify({ allUsersMfa: { excludeUsers: [SERVICE_ACCOUNT] } }) }));
    expect(report.gaps).to.deep.equal([]);
    expect(report.deliberate.some((d) => d.persona === `excluded service account ${SERVICE_ACCOUNT}` && /excludeUsers/.test(d.deliberate!))).to.equal(true);
  });

  it("evaluates every persona × client × app × sign-in risk × user risk", async () => {
    const report = coverageReport(await cutOver());
    expect(report.evaluations).to.equal(report.personas.length * 4 * 4 * 4 * 4);
  });
});

describe("npm run whatif (the CLI)", () => {
  const whatif = (...args: string[]) =>
    spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", path.join(__dirname, "..", "cli", "whatif.ts"), ...args], { encoding: "utf8" });

  it("prints stable JSON for the p2 stack and exits 0; answers one scenario; rejects a bad risk level with exit 2", function () {
    this.timeout(60000);
    const report = whatif("--stack", "p2", "--json");
    expect(report.status, report.stderr).to.equal(0);
    expect(Object.keys(JSON.parse(report.stdout))).to.deep.equal(["stack", "securityDefaults", "evaluations", "personas", "table", "gaps", "lockouts", "deliberate"]);
    const one = whatif("--stack", "p2", "--user-role", "Global Administrator", "--client-app", "exchangeActiveSync");
    expect(one.stdout).to.contain("outcome: blocked by Security Defaults");
    expect(whatif("--stack", "p2", "--sign-in-risk", "extreme").status).to.equal(2);
  });
});
