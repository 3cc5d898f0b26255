import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures", "diff");

/** Runs the diff CLI as `npm run diff` does (each spawn costs about a second). */
function diffCli(...args: string[]) {
  const run = spawnSync(process.execPath, ["-r", "sucrase/register/ts", "cli/diff.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("diff CLI (cli/diff.ts)", () => {
  let dir: string;
  let base: string;
  let weakened: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-diff-"));
    base = path.join(FIXTURES, "p2-enforced.json");
    const head = JSON.parse(fs.readFileSync(base, "utf8"));
    head.conditionalAccessPolicies[1].conditions.users.excludeUsers = [];
    weakened = path.join(dir, "head.json");
    fs.writeFileSync(weakened, JSON.stringify(head));
  });

  it("exits 4 with a markdown comment when a change weakens protection", () => {
    const run = diffCli("--base", base, "--head", weakened);
    expect(run.code).to.equal(4);
    expect(run.stdout).to.match(/^### ⚠️ Sign-in security diff: 1 change, 1 weakens protection/);
    expect(run.stdout).to.include("the break-glass exclusion is removed");
  });

  it("exits 0 when nothing changed, and 5 for other changes of a preview, as JSON", () => {
    expect(diffCli("--base", base, "--head", base).code).to.equal(0);
    const run = diffCli("--preview", path.join(FIXTURES, "preview-first-deploy.json"), "--format", "json");
    expect(run.code).to.equal(5);
    expect(JSON.parse(run.stdout).summary.policiesAdded).to.equal(4);
  });

  it("rejects a missing file with exit 2 and one line naming the flag and the fix", () => {
    const run = diffCli("--base", path.join(dir, "absent.json"), "--head", base);
    expect(run.code).to.equal(2);
    expect(run.stderr.trim().split("\n")).to.deep.equal([`diff: --base ${path.join(dir, "absent.json")}: no such file; pass a file written by npm run plan -- --stack <name> --json`]);
  });

  it("rejects unreadable JSON and a bad format with exit 2 and no stack trace", () => {
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "{ not json");
    const run = diffCli("--preview", broken);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/^diff: --preview .*broken\.json: not valid JSON \(.*\); pass a file written by pulumi preview --json\n$/);
    const format = diffCli("--base", base, "--head", base, "--format", "xml");
    expect(format.code).to.equal(2);
    expect(format.stderr).to.include("Allowed choices are markdown, json").and.not.include("    at ");
  });

  it("rejects --preview together with --base, and --base without --head", () => {
    const both = diffCli("--preview", base, "--base", base);
    expect([both.code, both.stderr]).to.deep.equal([2, "diff: --preview cannot be combined with --base/--head; compare either two plans or one preview\n"]);
    const half = diffCli("--base", base);
    expect([half.code, half.stderr]).to.deep.equal([2, "diff: missing --head: pass --base <plan.json> --head <plan.json> (each a file written by npm run plan -- --stack <name> --json), or --preview <file>\n"]);
  });
});
