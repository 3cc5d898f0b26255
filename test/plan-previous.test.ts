import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { main as planCli } from "../cli/plan";
import { POLICY_KEYS } from "../config/types";
import type { TenantState } from "../policies/tenantState";
import { EXIT, PlanRejectedError } from "../documents/errors";
import type { PlanResult } from "../documents/planResult";
import { runPlan } from "../plan/runPlan";
import { DEFAULT_STACKS_DIR, readStackConfig } from "../documents/stackFile";
import { EXAMPLE_STACKS, ExamplePlan } from "./fixtures/exampleStacks";
import { displayNameOf } from "./fixtures/guardInputs";
import { runCli } from "./support/cli";
import { rejection } from "./support/rejection";
import { ACCEPTING_GAPS } from "./fixtures/acceptedGaps";

const CUT_OVER = { "entra-baseline:protection": "conditionalAccess", "entra-baseline:policyState": "enabled" };
/** Rollback step 2 of docs/migration.md: every policy omitted, Security Defaults on. */
const ROLLED_BACK = {
  "entra-baseline:protection": "securityDefaults",
  "entra-baseline:policies": JSON.stringify(Object.fromEntries(POLICY_KEYS.map((k) => [k, false]))),
};

/** The plan of a shipped example stack with config keys changed as a pull request would, checked from `previous`. */
function plan(licence: ExamplePlan, changes: Record<string, string> = {}, previous?: TenantState) {
  const stack = EXAMPLE_STACKS[licence];
  return runPlan({ stack, config: { ...readStackConfig(stack), ...changes }, previous });
}

/** The deployed state a plan leaves, as `--previous` reads it back from `plan --json`. */
const deployed = (result: PlanResult): TenantState => ({ securityDefaults: result.securityDefaults, policies: result.conditionalAccessPolicies });

const migrationFindings = (result: PlanResult) => result.findings.filter((f) => f.rule.startsWith("EB-MIGRATE-"));

describe("the offline plan from a deployed plan (--previous): the migration order", () => {
  describe("cut-over (Security Defaults on → off)", () => {
    it("accepts a cut-over from the staged plan: every policy it enforces ran report-only", async () => {
      const result = await plan("p2", CUT_OVER, deployed(await plan("p2")));
      expect(result.securityDefaults.isEnabled).to.equal(false);
      expect(migrationFindings(result)).to.deep.equal([]);
    });

    it("rejects a cut-over straight from Security Defaults, naming every policy that never ran report-only", async () => {
      const err = await rejection<PlanRejectedError>(plan("p2", CUT_OVER, { securityDefaults: { isEnabled: true }, policies: [] }));
      expect(err).to.be.instanceOf(PlanRejectedError);
      expect(err.findings.map((f) => f.rule)).to.deep.equal(Array(6).fill("EB-MIGRATE-CUTOVER-UNSTAGED"));
      expect(err.message).to.contain("without having run report-only").and.contain("staging step");
    });

    it("rejects enforcing the risk policies a p1 staging never had, and only those", async () => {
      const err = await rejection<PlanRejectedError>(plan("p2", CUT_OVER, deployed(await plan("p1"))));
      expect(err.findings.map((f) => f.policy)).to.have.members([displayNameOf("signInRiskMfa"), displayNameOf("userRiskPasswordChange")]);
    });

    it("accepts policies that stay report-only or disabled at cut-over: only what becomes enforced must be staged", async () => {
      const staged = { ...CUT_OVER, "entra-baseline:policyState": "reportOnly", ...ACCEPTING_GAPS };
      const result = await plan("p2", staged, { securityDefaults: { isEnabled: true }, policies: [] });
      expect(migrationFindings(result)).to.deep.equal([]);
    });
  });

  describe("rollback (Security Defaults off → on)", () => {
    it("rejects turning Security Defaults on while the deployed plan still has policies, with the two-step fix", async () => {
      const enforced = deployed(await plan("p2", CUT_OVER, deployed(await plan("p2"))));
      const err = await rejection<PlanRejectedError>(plan("p2", ROLLED_BACK, enforced));
      expect(err.findings.map((f) => f.rule)).to.deep.equal(["EB-MIGRATE-ROLLBACK-ORDER"]);
      expect(err.message).to.contain("still has 6 Conditional Access policies").and.contain("step 1").and.contain("step 2");
    });

    it("accepts step 2: Security Defaults on once the deployed plan has no policy", async () => {
      const result = await plan("p2", ROLLED_BACK, { securityDefaults: { isEnabled: false }, policies: [] });
      expect(result.securityDefaults.isEnabled).to.equal(true);
      expect(migrationFindings(result)).to.deep.equal([]);
    });
  });

  it("checks no migration order without a deployed plan", async () => {
    const result = await plan("p2", CUT_OVER);
    expect(migrationFindings(result)).to.deep.equal([]);
  });
});

describe("npm run plan -- --previous <plan.json>", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-previous-"));
    // The shipped p2 stack at cut-over, as the pull request after staging would change it.
    const stack = parse(fs.readFileSync(path.join(DEFAULT_STACKS_DIR, `Pulumi.${EXAMPLE_STACKS.p2}.yaml`), "utf8")) as { config: Record<string, unknown> };
    fs.writeFileSync(path.join(dir, "Pulumi.cutover.yaml"), stringify({ config: { ...stack.config, ...CUT_OVER } }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The plan --json of a shipped stack, written where --previous can read it. */
  async function deployedPlanFile(licence: ExamplePlan): Promise<string> {
    const run = await runCli(planCli, ["--stack", EXAMPLE_STACKS[licence], "--json"]);
    expect(run.code, run.stderr).to.equal(EXIT.ok);
    const file = path.join(dir, `${licence}.json`);
    fs.writeFileSync(file, run.stdout);
    return file;
  }

  it("accepts the cut-over from the plan --json of the staged stack (exit 0)", async () => {
    const run = await runCli(planCli, ["--stacks-dir", dir, "--stack", "cutover", "--previous", await deployedPlanFile("p2")]);
    expect(run.code, run.stderr).to.equal(EXIT.ok);
  });

  it("rejects the cut-over from a tenant on Security Defaults alone, every unstaged policy on stderr (exit 1)", async () => {
    const run = await runCli(planCli, ["--stacks-dir", dir, "--stack", "cutover", "--previous", await deployedPlanFile("free")]);
    expect(run.code).to.equal(EXIT.rejected);
    expect(run.stderr.match(/EB-MIGRATE-CUTOVER-UNSTAGED/g)).to.have.length(6);
    expect(run.stdout).to.equal("");
  });

  it("rejects a --previous file that is not JSON with exit 2, naming the flag and the file", async () => {
    const file = path.join(dir, "broken.json");
    fs.writeFileSync(file, "{ not json");
    const run = await runCli(planCli, ["--stack", EXAMPLE_STACKS.p2, "--previous", file]);
    expect(run.code).to.equal(EXIT.usage);
    expect(run.stderr)
      .to.contain(`--previous ${file}`)
      .and.not.match(/\n\s+at /);
  });
});
