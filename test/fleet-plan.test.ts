import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { main } from "../cli/fleet";
import { FLEET_KIND, FLEET_VERSION, type FleetResult } from "../fleet/result";
import fc from "fast-check";
import { EXIT, EXIT_MEANINGS } from "../documents/errors";
import { runCli } from "./support/cli";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { freeStack, stackYaml, stacksFolder, stagingP2 } from "./fleet/stacks";
import { memoizedWhatIf } from "../fleet/whatIf";
import { runPlan } from "../plan/runPlan";

const WHATIF_STACKS = path.join(__dirname, "fixtures", "whatif", "stacks");

const json = (stdout: string) => JSON.parse(stdout) as FleetResult;
const row = (result: FleetResult, stack: string) => result.tenants.find((t) => t.stack === stack)!;

describe("fleet plan: every stack's offline plan, a row per tenant", () => {
  let folder: ReturnType<typeof stacksFolder>;
  before(() => {
    folder = stacksFolder({
      alpha: stagingP2({ tags: ["tier1", "eu"] }),
      beta: freeStack({ tags: ["tier2"] }),
      gamma: freeStack(),
    });
  });
  after(() => folder.cleanup());

  it("plans every stack in the folder, by name, with the fleet's JSON", async () => {
    const run = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--format", "json"]);
    expect(run.code, run.stderr).to.equal(EXIT.ok);
    const result = json(run.stdout);
    expect(result).to.include({ kind: FLEET_KIND, version: FLEET_VERSION, command: "plan", exitCode: 0 });
    expect(result.selected).to.deep.equal(["alpha", "beta", "gamma"]);
    expect(result.tenants.map((t) => [t.stack, t.status, t.plan, t.protection])).to.deep.equal([
      ["alpha", "ok", "p2", "securityDefaults"],
      ["beta", "ok", "free", "securityDefaults"],
      ["gamma", "ok", "free", "securityDefaults"],
    ]);
    expect(row(result, "alpha").policies).to.deep.equal({ enabled: 0, reportOnly: 6, disabled: 0 });
    expect(row(result, "alpha").tags).to.deep.equal(["tier1", "eu"]);
    expect(result.summary).to.deep.equal({ tenants: 3, ok: 3, failed: 0, drifted: 0, withGaps: 0, withLockouts: 0, guardErrors: 0 });
    for (const t of result.tenants) {
      expect(Date.parse(t.startedAt), t.stack).to.be.a("number").and.not.NaN;
      expect(t.durationMs).to.be.at.least(0);
      expect(t, "plan reads no tenant").not.to.have.any.keys("drift", "step1", "whatif", "reportOnly");
    }
  });

  it("runs only the stacks carrying one of the --tag tags", async () => {
    const run = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--format", "json", "--tag", "tier2", "eu"]);
    expect(run.code, run.stderr).to.equal(EXIT.ok);
    expect(json(run.stdout).tenants.map((t) => t.stack)).to.deep.equal(["alpha", "beta"]);
    expect(json(run.stdout).tags).to.deep.equal(["tier2", "eu"]);
  });

  it("rejects a tag no stack carries, naming the tags there are (exit 2)", async () => {
    const run = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--tag", "tier9"]);
    expect(run.code).to.equal(EXIT.usage);
    expect(run.stderr).to.equal(
      `fleet: no stack carries the tag "tier9"; tags in ${folder.dir}: eu, tier1, tier2; set entra-baseline:tags in the stack files, or drop --tag\n`,
    );
  });

  it("rejects bad flags with one line and exit 2: --concurrency, --shard, --tenant-timeout, --out, an unknown command", async () => {
    for (const [argv, message] of [
      [["plan", "--concurrency", "0"], 'fleet: --concurrency "0": give a whole number from 1 to 64\n'],
      [["plan", "--concurrency", "4x"], 'fleet: --concurrency "4x": give a whole number from 1 to 64\n'],
      [["plan", "--shard", "3/2"], 'fleet: --shard "3/2": give i/n with 1 ≤ i ≤ n ≤ 256, e.g. --shard 2/4 (the second of four machines)\n'],
      [["plan", "--tenant-timeout", "-1"], 'fleet: --tenant-timeout "-1": give a whole number from 1 to 3600\n'],
      [["plan", "--out", "fleet.pdf"], "fleet: --out fleet.pdf: name it .json, .md, .html or .txt, which says its format\n"],
    ] as const) {
      const run = await runCli(main, [...argv, "--stacks-dir", folder.dir]);
      expect(run.code, argv.join(" ")).to.equal(EXIT.usage);
      expect(run.stderr, argv.join(" ")).to.equal(message);
      expect(run.stdout).to.equal("");
    }
    const unknown = await runCli(main, ["deploy"]);
    expect(unknown.code).to.equal(EXIT.usage);
    expect(unknown.stderr).to.match(/^fleet: unknown command 'deploy'/);
    expect((await runCli(main, [])).code).to.equal(EXIT.usage);
    expect((await runCli(main, ["--help"])).code).to.equal(EXIT.ok);
  });

  it("rejects an empty stacks folder (exit 2)", async () => {
    const empty = stacksFolder({});
    try {
      const run = await runCli(main, ["plan", "--stacks-dir", empty.dir]);
      expect(run.code).to.equal(EXIT.usage);
      expect(run.stderr).to.equal(`fleet: no stack files (Pulumi.<stack>.yaml) in ${empty.dir}; pass --stacks-dir <dir>\n`);
    } finally {
      empty.cleanup();
    }
  });

  it("writes every --out file in the format of its extension, and the table to stdout", async () => {
    const out = (ext: string) => path.join(folder.dir, `out.${ext}`);
    const run = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--out", out("json"), out("md"), out("html"), out("txt")]);
    expect(run.code, run.stderr).to.equal(EXIT.ok);
    expect(run.stdout).to.match(/^fleet plan: 3 tenants; 3 ok, 0 failed/);
    expect(json(fs.readFileSync(out("json"), "utf8")).tenants).to.have.length(3);
    expect(fs.readFileSync(out("md"), "utf8"))
      .to.match(/^## fleet plan: 3 tenants/)
      .and.include("| alpha | tier1, eu | p2 | Security Defaults |");
    expect(fs.readFileSync(out("html"), "utf8"))
      .to.match(/^<!doctype html>/)
      .and.include('<th scope="row">alpha</th>');
    expect(fs.readFileSync(out("txt"), "utf8")).to.equal(run.stdout);
    const unwritable = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--out", path.join(folder.dir, "no", "such", "x.json")]);
    expect(unwritable.code).to.equal(EXIT.usage);
    expect(unwritable.stderr).to.include("cannot write it (ENOENT); check the folder exists");
  });
});

describe("fleet plan: a faulty stack stays on its row, the others finish", () => {
  let folder: ReturnType<typeof stacksFolder>;
  before(() => {
    folder = stacksFolder({
      good: freeStack({ tags: ["tier1"] }),
      // The guard refuses: Security Defaults on beside enabled policies.
      conflict: stackYaml({ plan: "p1", protection: "securityDefaults", policyState: "enabled", breakGlassUsers: [BREAK_GLASS_USER], tags: ["tier1"] }),
      // The configuration refuses a misspelt key.
      typo: stackYaml({ plan: "free", polcyState: "enabled" }),
      // Not a stack file at all.
      broken: "config: [1, 2\n",
      badtags: freeStack({ tags: ["<b>"] }),
    });
  });
  after(() => folder.cleanup());

  it("fails each faulty tenant on its row with the reason and the fix, and exits 7", async () => {
    const run = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--format", "json"]);
    expect(run.code, run.stderr).to.equal(EXIT.tenantsFailed);
    const result = json(run.stdout);
    expect(result.exitCode).to.equal(EXIT.tenantsFailed);
    expect(result.tenants.map((t) => [t.stack, t.status, t.failure?.kind])).to.deep.equal([
      ["badtags", "failed", "config"],
      ["broken", "failed", "config"],
      ["conflict", "failed", "rejected"],
      ["good", "ok", undefined],
      ["typo", "failed", "config"],
    ]);
    expect(row(result, "typo").failure!.message).to.include("entra-baseline:polcyState").and.include('did you mean "policyState"');
    expect(row(result, "badtags").failure!.message).to.include("entra-baseline:tags");
    expect(row(result, "broken").failure!.message).to.include(path.join(folder.dir, "Pulumi.broken.yaml"));
    const rejected = row(result, "conflict");
    expect(rejected.guard!.errors).to.be.greaterThan(0);
    expect(rejected.guard!.findings.map((f) => f.rule)).to.include("EB-SD-CA-CONFLICT");
    for (const t of result.tenants) expect(t.failure?.message ?? "", t.stack).not.to.match(/\n|\bat \w+ \(/);
    expect(result.summary).to.include({ tenants: 5, ok: 1, failed: 4 });
  });

  it("keeps a stack whose file cannot be read in a tagged run: a broken stack never drops out silently", async () => {
    const run = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--format", "json", "--tag", "tier1"]);
    expect(json(run.stdout).tenants.map((t) => t.stack)).to.deep.equal(["broken", "conflict", "good"]);
  });
});

describe("fleet: any command line ends with a documented exit code and no stack trace", () => {
  let folder: ReturnType<typeof stacksFolder>;
  before(() => {
    folder = stacksFolder({ one: freeStack({ tags: ["t1"] }), two: stagingP2() });
  });
  after(() => folder.cleanup());

  it("accepts only documented codes for junk arguments (property)", async function () {
    this.timeout(60000);
    const documented = EXIT_MEANINGS.filter((m) => m.commands.includes("fleet")).map((m) => m.code as number);
    const word = fc.oneof(
      fc.constantFrom("plan", "whatif", "drift", "step1", "report", "merge", "--tag", "t1", "--shard", "1/2", "2/2", "0/1", "--concurrency", "3", "-1"),
      fc.constantFrom("--format", "json", "md", "html", "--tenant-timeout", "--stacks-dir", "--help", "--out", "--", "/dev/null", "x.json"),
      fc.string({ maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (argv) => {
        const safe = argv.map((a) =>
          a === "x.json" || a.endsWith(".json") || a.endsWith(".md") || a.endsWith(".html") || a.endsWith(".txt") ? path.join(folder.dir, "junk.json") : a,
        );
        const run = await runCli(main, [...safe, "--stacks-dir", folder.dir], { PATH: process.env.PATH });
        expect(documented, `${safe.join(" ")} → ${run.code}: ${run.stderr}`).to.include(run.code);
        expect(run.stderr + run.stdout).not.to.match(/\n\s+at .+:\d+:\d+|internal error/);
      }),
      { numRuns: 40 },
    );
  });
});

describe("fleet what-if memo: tenants share a result only when the what-if reads the same", () => {
  it("tells apart two plans with the same policies that declare MFA trusted IPs or not", async () => {
    const declared = await runPlan({ stack: "trustedips", stacksDir: WHATIF_STACKS });
    const undeclared = { ...declared, mfaTrustedIps: undefined };
    const memo = memoizedWhatIf();
    memo(declared);
    const alone = memoizedWhatIf()(undeclared);
    expect(alone).to.not.deep.equal(memoizedWhatIf()(declared), "the fixture's what-if depends on the declaration");
    expect(memo(undeclared)).to.deep.equal(alone);
  });
});
