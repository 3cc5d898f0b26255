import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as diff } from "../cli/diff";
import { policyOf } from "./fixtures/guardInputs";
import { runCli, spawnCli } from "./support/cli";
import { writeIn } from "./support/files";

const FIXTURES = path.join(__dirname, "fixtures", "diff");
const PLAN_FIX = "pass a file written by npm run plan -- --stack <name> --json";

describe("diff CLI (cli/diff.ts)", () => {
  let dir: string;
  let base: string;
  let weakened: string;
  const write = (name: string, content: unknown) => writeIn(dir, name, content);
  const basePlan = () => JSON.parse(fs.readFileSync(base, "utf8"));

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-diff-"));
    base = path.join(FIXTURES, "p2-enforced.json");
    const head = basePlan();
    policyOf<any>(head.conditionalAccessPolicies, "allUsersMfa").conditions.users.excludeUsers = [];
    weakened = write("head.json", head);
  });

  it("exits 4 with a markdown comment when a change weakens protection", async () => {
    const run = await runCli(diff, ["--base", base, "--head", weakened]);
    expect(run.code).to.equal(4);
    expect(run.stdout).to.match(/^### ⚠️ Sign-in security diff: 1 change, 1 weakens protection/);
    expect(run.stdout).to.include("the break-glass exclusion is removed");
  });

  it("exits 0 when nothing changed, and 5 for other changes of a preview, as JSON", async () => {
    expect((await runCli(diff, ["--base", base, "--head", base])).code).to.equal(0);
    const run = await runCli(diff, ["--preview", path.join(FIXTURES, "preview-first-deploy.json"), "--format", "json"]);
    expect(run.code).to.equal(5);
    expect(JSON.parse(run.stdout).summary.policiesAdded).to.equal(4);
  });

  it("accepts --format md, as the README spells it, for markdown", async () => {
    const md = await runCli(diff, ["--base", base, "--head", weakened, "--format", "md"]);
    const markdown = await runCli(diff, ["--base", base, "--head", weakened, "--format", "markdown"]);
    expect([md.code, md.stdout]).to.deep.equal([markdown.code, markdown.stdout]);
  });

  it("rejects a missing file with exit 2 and one line naming the flag and the fix", async () => {
    const run = await runCli(diff, ["--base", path.join(dir, "absent.json"), "--head", base]);
    expect(run.code).to.equal(2);
    expect(run.stderr.trim().split("\n")).to.deep.equal([`diff: --base ${path.join(dir, "absent.json")}: no such file; ${PLAN_FIX}`]);
  });

  it("rejects a folder given as a file with exit 2, not EISDIR", async () => {
    const run = await runCli(diff, ["--base", dir, "--head", base]);
    expect([run.code, run.stderr]).to.deep.equal([2, `diff: --base ${dir}: is a folder, not a file; ${PLAN_FIX}\n`]);
  });

  it("rejects unreadable JSON and a bad format with exit 2 and no stack trace", async () => {
    const run = await runCli(diff, ["--preview", write("broken.json", "{ not json")]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/^diff: --preview .*broken\.json: not valid JSON \(.*\); pass a file written by pulumi preview --json\n$/);
    const format = await runCli(diff, ["--base", base, "--head", base, "--format", "xml"]);
    expect(format.code).to.equal(2);
    expect(format.stderr).to.include("Allowed choices are markdown, md, json").and.not.include("    at ");
  });

  it("rejects a plan given as --preview with exit 2: a pipeline fed the wrong file must not pass as 'no change'", async () => {
    const run = await runCli(diff, ["--preview", base]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(
      `diff: --preview ${base}: this is a plan, not a pulumi preview --json document; pass a file written by pulumi preview --json\n`,
    );
  });

  it("rejects a preview given as --base with exit 2", async () => {
    const preview = path.join(FIXTURES, "preview-cutover.json");
    const run = await runCli(diff, ["--base", preview, "--head", base]);
    expect([run.code, run.stderr]).to.deep.equal([2, `diff: --base ${preview}: this is a pulumi preview --json document, not a plan; ${PLAN_FIX}\n`]);
  });

  it("rejects a plan whose policy has no applications with exit 2 naming the field, not an internal error", async () => {
    const plan = basePlan();
    delete plan.conditionalAccessPolicies[0].conditions.applications;
    const run = await runCli(diff, ["--base", base, "--head", write("no-apps.json", plan)]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain("not a plan: conditionalAccessPolicies[0].conditions must have required property 'applications'");
  });

  it("rejects a plan whose locations, platforms or terms of use are not lists, with exit 2 naming each field", async () => {
    for (const [field, set] of [
      ["conditions.locations.excludeLocations", (p: any) => (p.conditions.locations = { includeLocations: ["All"], excludeLocations: "AllTrusted" })],
      ["conditions.platforms.includePlatforms", (p: any) => (p.conditions.platforms = { includePlatforms: "all", excludePlatforms: [] })],
      ["grantControls.termsOfUse", (p: any) => (p.grantControls.termsOfUse = { id: "x" })],
    ] as const) {
      const plan = basePlan();
      set(plan.conditionalAccessPolicies[0]);
      const run = await runCli(diff, ["--base", base, "--head", write("bad-list.json", plan)]);
      expect(run.code, field).to.equal(2);
      expect(run.stderr, field).to.contain(`not a plan: conditionalAccessPolicies[0].${field} must be array`);
    }
  });

  it("rejects a preview whose policy inputs are not a policy, naming the step's resource", async () => {
    const preview = JSON.parse(fs.readFileSync(path.join(FIXTURES, "preview-first-deploy.json"), "utf8"));
    const step = preview.steps.find(
      (s: { newState?: { type: string } }) => s.newState?.type === "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
    );
    step.newState.inputs.conditions.clientAppTypes = "all";
    const run = await runCli(diff, ["--preview", write("bad-preview.json", preview)]);
    expect(run.code).to.equal(2);
    expect(run.stderr)
      .to.contain(step.newState.urn ?? "")
      .and.contain("policy.conditions.clientAppTypes must be array");
  });

  it("rejects --preview together with --base, and --base without --head", async () => {
    const both = await runCli(diff, ["--preview", base, "--base", base]);
    expect([both.code, both.stderr]).to.deep.equal([2, "diff: --preview cannot be combined with --base/--head; compare either two plans or one preview\n"]);
    const half = await runCli(diff, ["--base", base]);
    expect([half.code, half.stderr]).to.deep.equal([
      2,
      `diff: missing --head: pass --base <plan.json> --head <plan.json> (each a file written by npm run plan -- --stack <name> --json), or --preview <file>\n`,
    ]);
  });

  it("runs as npm run diff does, without loading Pulumi (smoke test: one process)", () => {
    const run = spawnCli("diff", ["--base", base, "--head", weakened, "--format", "json"], { ...process.env, NODE_DEBUG: "module" });
    expect(run.code, run.stderr).to.equal(4);
    expect(JSON.parse(run.stdout).summary.weakening).to.equal(1);
    const loaded = run.stderr.split("\n").filter((line) => /@pulumi[\\/]/.test(line));
    expect(loaded, "the diff CLI loads @pulumi").to.deep.equal([]);
  });
});
