import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { runPlan } from "../plan/runPlan";
import { PlanRejectedError } from "../documents/errors";
import { readStackConfig } from "../documents/stackFile";
import { StackFileError, UsageError } from "../documents/errors";
import { formatPlan } from "../format/formatPlan";
import { main as plan } from "../cli/plan";
import { runCli, spawnCli } from "./support/cli";
import { rejection } from "./support/rejection";
import { EXAMPLE_PLANS, EXAMPLE_STACKS } from "./fixtures/exampleStacks";

const ROOT = path.join(__dirname, "..");
const STACKS = path.join(ROOT, "stacks");

function tempStacks(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-stacks-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("shipped stack files", () => {
  for (const plan of EXAMPLE_PLANS) {
    const stack = EXAMPLE_STACKS[plan];
    it(`Pulumi.${stack}.yaml (named after its tenant) parses and sets plan ${plan}`, () => {
      const doc = parse(fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8"));
      expect(doc.config["entra-baseline:plan"]).to.equal(plan);
    });
  }

  it("are named after tenants, not after licence plans", () => {
    const names = fs
      .readdirSync(STACKS)
      .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
      .filter(Boolean);
    expect(names.sort()).to.deep.equal(Object.values(EXAMPLE_STACKS).sort());
    for (const name of names) expect(["free", "p1", "p2"], `stack ${name}`).not.to.include(name);
  });
});

describe("offline plan (runPlan)", () => {
  it("plans the free stack: Security Defaults on, no policy", async () => {
    const result = await runPlan({ stack: EXAMPLE_STACKS.free });
    expect(result).to.deep.include({ stack: EXAMPLE_STACKS.free, plan: "free", protection: "securityDefaults", securityDefaults: { isEnabled: true } });
    expect(result.conditionalAccessPolicies).to.deep.equal([]);
    expect(result.resources.map((r) => r.type)).to.deep.equal(["entra-baseline:index:EntraBaseline", "pulumi-nodejs:dynamic/entra-baseline:SecurityDefaults"]);
  });

  it("plans the p1 stack: staging with four report-only policies", async () => {
    const result = await runPlan({ stack: EXAMPLE_STACKS.p1 });
    expect(result.securityDefaults.isEnabled).to.equal(true);
    expect(result.conditionalAccessPolicies.map((p) => p.state)).to.deep.equal(Array(4).fill("enabledForReportingButNotEnforced"));
    expect(result.findings.map((f) => f.rule)).to.include.members(["EB-SD-STAGING", "EB-EXAMPLE-ID"]);
  });

  it("plans the p2 stack: six policies, each excluding the break-glass accounts", async () => {
    const result = await runPlan({ stack: EXAMPLE_STACKS.p2 });
    expect(result.conditionalAccessPolicies).to.have.length(6);
    for (const p of result.conditionalAccessPolicies) expect(p.conditions.users.excludeUsers).to.include.members(result.breakGlass.users as string[]);
  });

  it("keeps the serialized provider code out of the plan", async () => {
    const result = await runPlan({ stack: EXAMPLE_STACKS.free });
    expect(result.resources[1].inputs).to.not.have.property("__provider");
    expect(result.resources[1].inputs).to.deep.equal({ isEnabled: true, cloud: "global" });
  });

  it("runs one plan after another in one process", async () => {
    const [free, p2] = await Promise.all([runPlan({ stack: EXAMPLE_STACKS.free }), runPlan({ stack: EXAMPLE_STACKS.p2 })]);
    expect(free.resources).to.have.length(2);
    expect(p2.resources).to.have.length(9); // the component, Security Defaults, the ownership marker, six policies
  });

  it("rejects an unknown stack as a usage error listing the known ones", async () => {
    const err = await rejection(runPlan({ stack: "p3" }));
    expect(err).to.be.instanceOf(UsageError);
    expect(err.message).to.contain('unknown stack "p3"').and.contain(Object.values(EXAMPLE_STACKS).sort().join(", "));
  });

  it("rejects a stack file that is not YAML, naming the line", () => {
    const dir = tempStacks({ "Pulumi.broken.yaml": "config:\n  entra-baseline:plan: p1\n   bad: [\n" });
    expect(() => readStackConfig("broken", dir)).to.throw(StackFileError, /line \d+/);
  });

  it("rejects a bad stack file with every configuration error and declares nothing", async () => {
    const dir = tempStacks({
      "Pulumi.bad.yaml": "config:\n  entra-baseline:plan: p1\n  entra-baseline:policyState: on\n  entra-baseline:breakGlassUser: []\n",
    });
    const err = await rejection(runPlan({ stack: "bad", stacksDir: dir }));
    expect(err).to.be.instanceOf(PlanRejectedError);
    expect((err as PlanRejectedError).configIssues.map((i) => i.key)).to.have.members(["entra-baseline:policyState", "entra-baseline:breakGlassUser"]);
  });

  it("rejects a stack the guard refuses, with the findings", async () => {
    const err = await rejection(
      runPlan({
        stack: "conflict",
        config: {
          "entra-baseline:plan": "p1",
          "entra-baseline:protection": "securityDefaults",
          "entra-baseline:policyState": "enabled",
          "entra-baseline:breakGlassUsers": '["5b1d2c3e-0000-4a6b-8c9d-0000000000a1"]',
        },
      }),
    );
    expect((err as PlanRejectedError).findings.map((f) => f.rule)).to.include("EB-SD-CA-CONFLICT");
  });

  it("formats a readable table with every policy and the findings", async () => {
    const text = formatPlan(await runPlan({ stack: EXAMPLE_STACKS.p2 }));
    expect(text).to.contain("Security Defaults: on");
    expect(text).to.contain("Require MFA for risky sign-ins").and.contain("sign-in risk: high, medium");
    expect(text.replace(/\s+/g, " ")).to.contain("mfa AND passwordChange, every time");
    expect(text).to.contain("[EB-SD-STAGING]");
  });
});

describe("npm run plan (the CLI)", () => {
  const env = { ...process.env, AZURE_CLIENT_SECRET: "never-printed-secret" };

  it("prints the p2 example plan as one JSON object and exits 0 (smoke test: one process, as npm run plan)", function () {
    this.timeout(60000);
    const run = spawnCli("plan", ["--stack", EXAMPLE_STACKS.p2, "--json"], env);
    expect(run.code, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).to.include.members(["stack", "plan", "protection", "securityDefaults", "conditionalAccessPolicies", "resources", "findings"]);
    expect(run.stdout + run.stderr).to.not.contain("never-printed-secret");
  });

  it("prints the table of the p1 example stack and exits 0", async () => {
    const run = await runCli(plan, ["--stack", EXAMPLE_STACKS.p1], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout)
      .to.match(new RegExp(`^stack ${EXAMPLE_STACKS.p1}: plan p1`))
      .and.contain("Conditional Access policies (4):");
  });

  it("exits 1 with the findings on stderr when the stack is rejected", async () => {
    const dir = tempStacks({ "Pulumi.bad.yaml": "config:\n  entra-baseline:plan: free\n  entra-baseline:protection: conditionalAccess\n" });
    const rejected = await runCli(plan, ["--stack", "bad", "--stacks-dir", dir]);
    expect(rejected.code).to.equal(1);
    expect(rejected.stderr).to.contain("[EB-LICENCE-FREE-CA]").and.contain("nothing would be deployed");
    expect(rejected.stderr).to.not.match(/\n\s+at /, "no stack trace");
  });

  it("exits 2 on usage errors: an unknown stack, an unknown flag, --help is 0", async () => {
    expect((await runCli(plan, ["--stack", "nope"])).code).to.equal(2);
    expect((await runCli(plan, ["--stack", EXAMPLE_STACKS.p1, "--colour"])).code).to.equal(2);
    const help = await runCli(plan, ["--help"]);
    expect([help.code, help.stdout]).to.satisfy(([code, out]: [number, string]) => code === 0 && out.includes("--stack <name>"));
  });

  it("rejects a stack file that is a folder with exit 2, not EISDIR", async () => {
    const dir = tempStacks({});
    fs.mkdirSync(path.join(dir, "Pulumi.folder.yaml"));
    const run = await runCli(plan, ["--stack", "folder", "--stacks-dir", dir]);
    expect([run.code, run.stderr]).to.deep.equal([
      2,
      `plan: --stack ${path.join(dir, "Pulumi.folder.yaml")}: is a folder, not a file; pass a stack file (stacks/Pulumi.<stack>.yaml)\n`,
    ]);
  });

  it("rejects a plan saved as a stack file with exit 2", async () => {
    const dir = tempStacks({ "Pulumi.saved.yaml": JSON.stringify({ securityDefaults: { isEnabled: true }, conditionalAccessPolicies: [] }) });
    const run = await runCli(plan, ["--stack", "saved", "--stacks-dir", dir]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain("this is a plan, not a stack file");
  });

  it("rejects a stack file that is not YAML with exit 1: the configuration is refused, with its line", async () => {
    const dir = tempStacks({ "Pulumi.broken.yaml": "config:\n  entra-baseline:plan: p1\n   bad: [\n" });
    const run = await runCli(plan, ["--stack", "broken", "--stacks-dir", dir]);
    expect(run.code).to.equal(1);
    expect(run.stderr)
      .to.match(/not valid YAML at line \d+/)
      .and.contain("nothing would be deployed");
  });
});

describe("Pulumi.yaml", () => {
  const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));

  it("names the project, runtime, main program and stack folder", () => {
    expect(project).to.deep.include({ name: "entra-baseline", main: "index.ts", stackConfigDir: "stacks" });
    expect(project.runtime.name).to.equal("nodejs");
  });

  it("declares only keys the configuration knows, each with a description, and defaults it accepts", () => {
    const { validateConfig } = require("../config/validate") as typeof import("../config/validate");
    for (const [key, declaration] of Object.entries<any>(project.config)) {
      expect(declaration.description, key).to.be.a("string").and.not.be.empty;
      const raw: Record<string, unknown> = { plan: "free" };
      if (declaration.default !== undefined) raw[key] = declaration.default;
      const result = validateConfig(raw);
      expect(result.ok, `${key}: ${JSON.stringify(result)}`).to.equal(true);
    }
  });
});
