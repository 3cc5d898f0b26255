import { spawnSync } from "child_process";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { main as whatif } from "../cli/whatif";
import type { PlanResult } from "../documents/planResult";
import { runPlan } from "../plan/runPlan";
import { ACCEPTING_GAPS } from "./fixtures/acceptedGaps";
import type { CoverageReport, Finding } from "../whatif/coverage";
import { addsGapOrLockout, coverageDelta, formatDeltaMarkdown, formatDeltaText } from "../whatif/delta";
import { runCli } from "./support/cli";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";
import { readStackConfig } from "../documents/stackFile";
import { writeIn } from "./support/files";

const ROOT = path.join(__dirname, "..");
const gap = (persona: string, clientAppType: string, apps: string[]): Finding => ({
  persona,
  clientAppType,
  apps,
  message: `${persona} on ${clientAppType}: allowed without MFA to ${apps.join(", ")} at any risk`,
});
const report = (stack: string, gaps: Finding[], lockouts: Finding[] = []): CoverageReport => ({
  stack,
  securityDefaults: false,
  evaluations: 0,
  personas: [],
  table: {},
  gaps,
  lockouts,
  deliberate: [],
  simplifications: [],
});

describe("what-if delta: gaps and lockouts a change adds (pure)", () => {
  it("counts a gap as new when it opens a persona, client or app the base kept closed", () => {
    const base = report("main", [gap("member", "browser", ["any app"])]);
    const head = report("pr", [gap("member", "browser", ["any app", "Office 365"]), gap("guest", "other", ["any app"])]);
    const delta = coverageDelta(base, head);
    expect(delta.gaps).to.deep.include({ before: 1, after: 2, resolved: [] });
    expect(delta.gaps.new.map((f) => f.persona)).to.deep.equal(["member", "guest"]);
    expect(addsGapOrLockout(delta)).to.equal(true);
  });

  it("does not count a gap the base had, however its wording changed, and names the ones gone", () => {
    const base = report("main", [gap("member", "browser", ["any app"]), gap("Global Administrator", "other", ["any app"])]);
    const head = report("pr", [{ ...gap("member", "browser", ["any app"]), message: "member on browser: allowed without MFA at high risk" }]);
    const delta = coverageDelta(base, head);
    expect(delta.gaps.new).to.deep.equal([]);
    expect(delta.gaps.resolved.map((f) => f.persona)).to.deep.equal(["Global Administrator"]);
    expect(addsGapOrLockout(delta)).to.equal(false);
  });

  it("reads a lockout over several client app types per client", () => {
    const lockout = (clients: string) => ({ persona: "break-glass", clientAppType: clients, apps: ["any app"], message: `break-glass: blocked on ${clients}` });
    const delta = coverageDelta(report("a", [], [lockout("browser")]), report("b", [], [lockout("browser, other")]));
    expect(delta.lockouts.new).to.have.length(1);
    expect(coverageDelta(report("a", [], [lockout("browser, other")]), report("b", [], [lockout("other")])).lockouts.new).to.deep.equal([]);
  });

  it("writes a pull-request comment: headline, before and after, each new and gone one", () => {
    const delta = coverageDelta(report("main", [gap("guest", "browser", ["any app"])]), report("pr", [gap("member", "browser", ["any app"])]));
    const markdown = formatDeltaMarkdown(delta, "What-if, stack fabrikam");
    expect(markdown.split("\n").slice(0, 9)).to.deep.equal([
      "### ⚠️ What-if, stack fabrikam: 1 new gap, 0 new lockouts",
      "",
      "`main` → `pr`",
      "",
      "| | before | after |",
      "|---|---|---|",
      "| gaps (someone signs in without MFA) | 1 | 1 |",
      "| lockouts (break-glass stopped, an admin without a way in) | 0 | 0 |",
      "",
    ]);
    expect(markdown).to.contain("- ⚠️ new gap: member on browser: allowed without MFA to any app at any risk");
    expect(markdown).to.contain("- ✅ gap gone: guest on browser");
    expect(formatDeltaMarkdown(coverageDelta(report("a", []), report("b", [])))).to.match(/^### ✅ What-if: no new gap or lockout\n/);
    expect(formatDeltaText(delta)).to.contain("gaps: 1 → 1 (1 new, 1 gone)");
  });

  it("keeps the comment short: 20 items, then how many more", () => {
    const many = Array.from({ length: 30 }, (_, i) => gap(`persona ${i}`, "browser", ["any app"]));
    const markdown = formatDeltaMarkdown(coverageDelta(report("a", []), report("b", many)));
    expect(markdown.match(/^- ⚠️ new gap/gm)).to.have.length(20);
    expect(markdown).to.contain("- … and 10 more: see `--format json`");
  });
});

describe("whatif --base --head (the pipelines' gate)", () => {
  let dir: string;
  let staging: string;
  let gapOpen: string;
  const write = (name: string, plan: PlanResult) => writeIn(dir, name, plan);
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-whatif-delta-"));
    // The p1 example stages on Security Defaults; the same stack with Security Defaults off and the policies report-only opens
    // gaps, which the guard refuses unless the stack accepts them by name.
    const config = readStackConfig(EXAMPLE_STACKS.p1);
    staging = write("staging.json", await runPlan({ stack: EXAMPLE_STACKS.p1 }));
    gapOpen = write(
      "gap.json",
      await runPlan({ stack: EXAMPLE_STACKS.p1, config: { ...config, "entra-baseline:protection": "conditionalAccess", ...ACCEPTING_GAPS } }),
    );
  });

  it("exits 6 when the head opens a gap the base did not have, 0 for the reverse and for no change", async () => {
    const opened = await runCli(whatif, ["--base", staging, "--head", gapOpen, "--format", "md", "--title", "What-if, stack fabrikam"]);
    expect(opened.code).to.equal(6);
    expect(opened.stdout).to.match(/^### ⚠️ What-if, stack fabrikam: \d+ new gaps, 0 new lockouts/);
    expect((await runCli(whatif, ["--base", gapOpen, "--head", staging])).code).to.equal(0);
    const same = await runCli(whatif, ["--base", gapOpen, "--head", gapOpen, "--json"]);
    expect(same.code).to.equal(0, "gaps already there are not new");
    expect(JSON.parse(same.stdout).gaps.new).to.deep.equal([]);
  });

  it("rejects half a delta, a delta with a stack or a scenario, and a file that is not a plan (exit 2, one line)", async () => {
    const preview = path.join(dir, "preview.json");
    fs.writeFileSync(preview, JSON.stringify({ steps: [] }));
    for (const [argv, says] of [
      [["--base", staging], "missing --head"],
      [["--head", staging], "missing --base"],
      [["--base", staging, "--head", staging, "--stack", "contoso"], "--stack"],
      [["--base", staging, "--head", staging, "--user-role", "Global Administrator"], "scenario"],
      [["--base", preview, "--head", staging], "--base"],
      [["--base", staging, "--head", path.join(dir, "missing.json")], "--head"],
      [["--title", "x"], "missing --base"],
    ] as const) {
      const run = await runCli(whatif, argv);
      expect(run.code, argv.join(" ")).to.equal(2);
      expect(run.stderr, argv.join(" "))
        .to.contain(says)
        .and.not.match(/\n\s+at /);
    }
  });

  /** A step's shell script from a pipeline, with `npx --no entra-baseline` run from this repository (as the installed bin does). */
  function runStep(script: string, env: Record<string, string>): { code: number; stdout: string; stderr: string } {
    const shims = fs.mkdtempSync(path.join(os.tmpdir(), "eb-npx-"));
    fs.writeFileSync(
      path.join(shims, "npx"),
      [
        "#!/bin/sh",
        '[ "$1" = "--no" ] && [ "$2" = "entra-baseline" ] || exit 127',
        "shift 2",
        `exec "${process.execPath}" -r "${ROOT}/cli/register.js" "${ROOT}/cli/entra-baseline.ts" "$@"`,
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const run = spawnSync("bash", ["-e", "-c", script], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: `${shims}:${process.env.PATH}`, HOME: os.tmpdir(), ...env },
    });
    return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  }
  const stepOf = (file: string, job: string, name: RegExp) =>
    (parseDocument(fs.readFileSync(path.join(ROOT, file), "utf8")).toJS().jobs[job].steps as { name?: string; run?: string }[])
      .find((s) => name.test(s.name ?? ""))!
      .run!.replace(/\$\{\{ matrix\.stack \}\}/g, "fabrikam");

  it("runs preview.yml's what-if step as a runner would: the delta in the summary, exit-code=6 for the last step to fail on", function () {
    this.timeout(60000);
    const script = stepOf(".github/workflows/preview.yml", "preview", /^What-if delta/);
    fs.copyFileSync(staging, path.join(dir, "base.json"));
    fs.copyFileSync(gapOpen, path.join(dir, "head.json"));
    const output = path.join(dir, "output");
    const summary = path.join(dir, "summary");
    fs.writeFileSync(output, "");
    fs.writeFileSync(summary, "");
    const run = runStep(script, { RUNNER_TEMP: dir, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary });
    expect(run.code, run.stderr).to.equal(0, "a result, not a failure: the last step fails the job");
    expect(fs.readFileSync(output, "utf8")).to.equal("exit-code=6\n");
    expect(fs.readFileSync(summary, "utf8")).to.match(/^### ⚠️ What-if, stack fabrikam: \d+ new gaps/);
  });

  it("runs deploy.yml's gate as a runner would: a new stack compared with a fresh tenant, stopped before pulumi up", function () {
    this.timeout(60000);
    const steps = parseDocument(fs.readFileSync(path.join(ROOT, ".github/workflows/deploy.yml"), "utf8")).toJS().jobs.deploy.steps as {
      name?: string;
      uses?: string;
    }[];
    const gateAt = steps.findIndex((s) => /^What-if gate/.test(s.name ?? ""));
    expect(gateAt, "the gate comes before pulumi up")
      .to.be.above(-1)
      .and.below(steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@")));
    const script = stepOf(".github/workflows/deploy.yml", "deploy", /^What-if gate/);
    fs.copyFileSync(gapOpen, path.join(dir, "head.json"));
    const summary = path.join(dir, "summary");
    fs.writeFileSync(summary, "");
    // Not a git repository here: no commit before, so the base is a tenant as Microsoft creates it (Security Defaults on).
    const run = runStep(script, { RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: summary, BEFORE: "" });
    expect(run.code).to.equal(6);
    expect(run.stdout).to.contain("::error::stack fabrikam: this deployment would let someone sign in without MFA");
    expect(fs.readFileSync(summary, "utf8")).to.match(/^### ⚠️ What-if, stack fabrikam: \d+ new gaps/);
  });
});
