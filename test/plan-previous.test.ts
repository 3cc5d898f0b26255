import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readPreviousPlan } from "../cli/previousPlan";
import { POLICY_KEYS } from "../config/types";
import type { TenantSnapshot } from "../guard/transitions/transition";
import { PlanRejectedError, UsageError } from "../plan/errors";
import type { PlanResult } from "../plan/planResult";
import { runPlan } from "../plan/runPlan";
import { readStackConfig } from "../plan/stackFile";
import { EXAMPLE_STACKS, ExamplePlan } from "./fixtures/exampleStacks";
import { displayNameOf } from "./fixtures/guardInputs";
import { rejection } from "./support/rejection";

const CUT_OVER = { "entra-baseline:protection": "conditionalAccess", "entra-baseline:policyState": "enabled" };
/** Rollback step 2 of docs/migration.md: every policy omitted, Security Defaults on. */
const ROLLED_BACK = { "entra-baseline:protection": "securityDefaults", "entra-baseline:policies": JSON.stringify(Object.fromEntries(POLICY_KEYS.map((k) => [k, false]))) };

/** The plan of a shipped example stack with config keys changed as a pull request would, checked from `previous`. */
function plan(licence: ExamplePlan, changes: Record<string, string> = {}, previous?: TenantSnapshot) {
  const stack = EXAMPLE_STACKS[licence];
  return runPlan({ stack, config: { ...readStackConfig(stack), ...changes }, previous });
}

/** The deployed state a plan leaves, as `--previous` reads it back from `plan --json`. */
const deployed = (result: PlanResult): TenantSnapshot => ({ securityDefaults: result.securityDefaults, policies: result.conditionalAccessPolicies });

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
      const result = await plan("p2", { ...CUT_OVER, "entra-baseline:policyState": "reportOnly" }, { securityDefaults: { isEnabled: true }, policies: [] });
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

describe("reading the deployed plan (--previous <plan.json>)", () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-previous-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it("reads back what plan --json wrote: Security Defaults and every policy", async () => {
    const result = await plan("p1");
    const snapshot = readPreviousPlan(write("p1.json", JSON.stringify(result)));
    expect(snapshot).to.deep.equal(JSON.parse(JSON.stringify(deployed(result))));
  });

  it("rejects a file that is not JSON, naming the flag, the file and what to pass", () => {
    const file = write("broken.json", "{ not json");
    expect(() => readPreviousPlan(file)).to.throw(UsageError, `--previous ${file}: cannot read it as JSON`);
    expect(() => readPreviousPlan(file)).to.throw(/pass a file written by npm run plan -- --json$/);
  });

  it("rejects JSON that is not a plan", () => {
    for (const text of ["[]", "null", '{"securityDefaults":{"isEnabled":"yes"},"conditionalAccessPolicies":[]}', '{"securityDefaults":{"isEnabled":true}}']) {
      const file = write("other.json", text);
      expect(() => readPreviousPlan(file), text).to.throw(UsageError, "not a plan (no securityDefaults.isEnabled or conditionalAccessPolicies)");
    }
  });

  it("rejects a missing file as a usage error, not a stack trace", () => {
    expect(() => readPreviousPlan(path.join(dir, "missing.json"))).to.throw(UsageError, "cannot read it as JSON (ENOENT");
  });
});
