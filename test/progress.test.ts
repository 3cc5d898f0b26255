import { expect } from "chai";
import { main as exportMain } from "../cli/export";
import { main as plan } from "../cli/plan";
import { main as reportMain } from "../cli/report";
import type { CommandMain } from "../cli/runCommand";
import { registrationDetailPages } from "../graph/registrationDetails";
import { readTenantForExport } from "../export/exportStack";
import { auditPerUserMfa } from "../live/readTenant";
import { progress, progressLine } from "../text/progress";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";
import { exportableTenant } from "./fixtures/exportTenant";
import { mixedRegistrations } from "./graph-double/registrationDetails";
import type { GraphDouble } from "./graph-double/server";
import { caFileFor, clientFor, pipelineEnvironment, useGraphDouble } from "./support/graphClient";

/** `count` users of the double, none on legacy per-user MFA. */
function addUsers(double: GraphDouble, count: number) {
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    double.tenant.users.set(id, { id, userPrincipalName: `user${i}@contoso.com`, perUserMfaState: "disabled" });
  }
}

/** A command run in this process with stderr said to be a terminal, or not. */
async function run(main: CommandMain, argv: readonly string[], env: NodeJS.ProcessEnv, stderrIsTTY: boolean) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, stderrIsTTY });
  return { code, stdout, stderr };
}

describe("progress of the long reads (per-user MFA audit, registration details, export)", () => {
  let double: GraphDouble;
  useGraphDouble((started) => (double = started));

  describe("the meter without a total", () => {
    it("shows done and rate, and no time left", () => {
      expect(progressLine("registration details: users", 2000, undefined, 4000)).to.equal("registration details: users 2000, 500/s");
    });

    it("takes the total once it is known, and writes nothing when stderr is not a terminal", () => {
      const written: string[] = [];
      let t = 0;
      const meter = progress({ label: "users", write: (s) => written.push(s), isTTY: true, now: () => t, intervalMs: 100 });
      meter.update(0);
      t = 1000;
      meter.update(10, 40);
      meter.end();
      expect(written).to.deep.equal(["\r\u001b[2Kusers 0, 0.0/s", "\r\u001b[2Kusers 10/40, 10/s, about 3 s left", "\r\u001b[2K"]);
      const silent: string[] = [];
      const off = progress({ label: "users", write: (s) => silent.push(s), isTTY: false });
      off.update(1);
      off.end();
      expect(silent).to.deep.equal([]);
    });
  });

  describe("the readers' onProgress", () => {
    it("hears the per-user MFA audit's users audited of all users, rising to the total", async function () {
      this.timeout(30000);
      addUsers(double, 450);
      const heard: [number, number | undefined][] = [];
      const audit = await auditPerUserMfa(clientFor(double), (done, total) => heard.push([done, total]));
      expect(audit.usersAudited).to.equal(450);
      expect(heard.at(-1)).to.deep.equal([450, 450]);
      expect(heard.every(([, total]) => total === 450)).to.equal(true);
      expect(heard.map(([done]) => done)).to.deep.equal([...heard.map(([done]) => done)].sort((a, b) => a - b));
      expect(heard.length).to.be.greaterThan(1);
    });

    it("hears the registration details read page by page, with no total", async () => {
      double.tenant.registrationDetails = mixedRegistrations(2000);
      const heard: [number, number | undefined][] = [];
      let users = 0;
      for await (const page of registrationDetailPages(clientFor(double), (done, total) => heard.push([done, total]))) users += page.length;
      expect(users).to.equal(2000);
      expect(heard).to.deep.equal([
        [999, undefined],
        [1998, undefined],
        [2000, undefined],
      ]);
    });

    it("hears the export's policies read, and reads the same without a listener", async () => {
      exportableTenant(double.tenant);
      const heard: number[] = [];
      const withMeter = await readTenantForExport(clientFor(double), (done) => heard.push(done));
      expect(heard.at(-1)).to.equal(withMeter.graphPolicies.length).and.be.greaterThan(0);
      expect(await readTenantForExport(clientFor(double))).to.deep.equal(withMeter);
    });
  });

  describe("the CLIs: a meter on a terminal's stderr, nothing in CI logs, stdout unchanged", () => {
    it("plan --against live --json shows the audit's done/total, rate and time left, and the registration pages' done and rate", async function () {
      this.timeout(90000);
      addUsers(double, 450);
      double.tenant.registrationDetails = mixedRegistrations(2000);
      const env = { PATH: process.env.PATH, ...pipelineEnvironment(double, caFileFor(double)) };
      const argv = ["--stack", EXAMPLE_STACKS.p1, "--against", "live", "--json"];
      const atTerminal = await run(plan, argv, env, true);
      const inCi = await run(plan, argv, env, false);
      expect(atTerminal.stderr).to.match(/per-user MFA audit: users \d+\/450, [\d.]+\/s, (about .+ left|done)/);
      expect(atTerminal.stderr)
        .to.contain("per-user MFA audit: users 450/450")
        .and.match(/registration details: users \d+, [\d.]+\/s/);
      expect(atTerminal.stderr).to.not.match(/registration details: users [^\r]*left/);
      expect(inCi.stderr).to.not.contain("\r").and.not.contain("per-user MFA audit").and.not.contain("registration details:");
      expect([atTerminal.code, JSON.parse(atTerminal.stdout)]).to.deep.equal([inCi.code, JSON.parse(inCi.stdout)]);
      expect(atTerminal.stdout).to.not.contain("\r");
    });

    it("report --against live shows the same meters on a terminal's stderr only, with the page on stdout unchanged", async function () {
      this.timeout(90000);
      addUsers(double, 450);
      double.tenant.registrationDetails = mixedRegistrations(2000);
      const env = { PATH: process.env.PATH, ...pipelineEnvironment(double, caFileFor(double)) };
      const argv = ["--stack", EXAMPLE_STACKS.p1, "--against", "live", "--format", "md"];
      const atTerminal = await run(reportMain, argv, env, true);
      const inCi = await run(reportMain, argv, env, false);
      expect(atTerminal.stderr)
        .to.contain("per-user MFA audit: users 450/450")
        .and.match(/registration details: users \d+, [\d.]+\/s/);
      expect(inCi.stderr).to.not.contain("\r").and.not.contain("per-user MFA audit").and.not.contain("registration details:");
      expect(atTerminal.code).to.equal(inCi.code);
      const withoutTime = (page: string) => page.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>");
      expect(withoutTime(atTerminal.stdout)).to.equal(withoutTime(inCi.stdout));
    });

    it("export shows the policies read on a terminal's stderr only, with the stack file on stdout unchanged", async function () {
      this.timeout(30000);
      exportableTenant(double.tenant);
      const env = pipelineEnvironment(double, caFileFor(double));
      const atTerminal = await run(exportMain, ["--against", "live"], env, true);
      const inCi = await run(exportMain, ["--against", "live"], env, false);
      expect(atTerminal.stderr).to.match(/export: policies read \d+, [\d.]+\/s/);
      expect(inCi.stderr).to.not.contain("\r").and.not.contain("policies read");
      expect([atTerminal.code, atTerminal.stdout]).to.deep.equal([inCi.code, inCi.stdout]);
    });
  });
});
