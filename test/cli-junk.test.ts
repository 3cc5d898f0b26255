import { expect } from "chai";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as diff } from "../cli/diff";
import { main as plan } from "../cli/plan";
import { main as whatif } from "../cli/whatif";
import type { CommandMain } from "../cli/runCommand";
import { EXIT, EXIT_MEANINGS, type CommandName } from "../documents/errors";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";
import { CliRun, runCli } from "./support/cli";

const FIXTURES = path.join(__dirname, "fixtures", "diff");
const PLAN = JSON.parse(fs.readFileSync(path.join(FIXTURES, "p2-enforced.json"), "utf8"));
const PREVIEW = JSON.parse(fs.readFileSync(path.join(FIXTURES, "preview-cutover.json"), "utf8"));
const documented = (command: CommandName) => EXIT_MEANINGS.filter((m) => m.commands.includes(command)).map((m) => m.code as number);

/** What every run must keep to, whatever it was given: a documented code, and no JS internals on the screen. */
function expectClean(command: CommandName, run: CliRun): void {
  expect(documented(command), `${command} exit code ${run.code}: ${run.stderr}`).to.include(run.code);
  expect(run.stderr + run.stdout).to.not.match(/\n\s+at .+:\d+:\d+|Cannot read properties|is not a function|is not iterable|Unexpected token .* in JSON at/);
  expect(run.stderr, "an internal error").to.not.contain("internal error");
}

/** Sets `value` at a random place of a copy of `document`: the junk stays close to a real document, where the reader is most tempted to trust it. */
function mutate(document: unknown, steps: readonly number[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(document));
  let node: any = copy;
  for (const [i, step] of steps.entries()) {
    const keys = node && typeof node === "object" ? Object.keys(node) : [];
    if (keys.length === 0) break;
    const key = keys[step % keys.length];
    if (i === steps.length - 1 || node[key] === null || typeof node[key] !== "object") {
      if (value === undefined) delete node[key];
      else node[key] = value;
      return copy;
    }
    node = node[key];
  }
  return copy;
}

const junkValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);
const mutatedPlan = fc.tuple(fc.array(fc.nat(40), { minLength: 1, maxLength: 8 }), junkValue).map(([steps, value]) => mutate(PLAN, steps, value));
const mutatedPreview = fc.tuple(fc.array(fc.nat(40), { minLength: 1, maxLength: 9 }), junkValue).map(([steps, value]) => mutate(PREVIEW, steps, value));
/** Text that is no document at all: random characters, JSON scalars, YAML-ish lines. */
const junkText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.array(fc.string(), { maxLength: 5 }).map((l) => l.join(":\n  ")),
);

describe("every command, given junk (property-based)", () => {
  let dir: string;
  let n = 0;
  const write = (content: unknown) => {
    const file = path.join(dir, `junk-${n++}.json`);
    fs.writeFileSync(file, typeof content === "string" ? content : (JSON.stringify(content) ?? ""));
    return file;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-junk-"));
  });

  it("diff: a plan with junk anywhere ends with a documented code, never an internal error; junk that breaks the plan's shape is exit 2", async function () {
    this.timeout(120000);
    await fc.assert(
      fc.asyncProperty(mutatedPlan, async (head) => {
        const run = await runCli(diff, ["--base", write(PLAN), "--head", write(head), "--format", "json"]);
        expectClean("diff", run);
        if (run.code !== EXIT.usage) expect(() => JSON.parse(run.stdout)).to.not.throw();
      }),
      { numRuns: 150 },
    );
  });

  it("diff: a preview with junk anywhere ends with a documented code, never an internal error", async function () {
    this.timeout(120000);
    await fc.assert(
      fc.asyncProperty(mutatedPreview, async (preview) => {
        const run = await runCli(diff, ["--preview", write(preview)]);
        expectClean("diff", run);
      }),
      { numRuns: 150 },
    );
  });

  it("diff: a file that is no plan or preview at all is exit 2 as any side", async function () {
    this.timeout(120000);
    await fc.assert(
      fc.asyncProperty(junkText, fc.constantFrom("--base", "--head", "--preview"), async (text, flag) => {
        const args =
          flag === "--preview"
            ? ["--preview", write(text)]
            : flag === "--base"
              ? ["--base", write(text), "--head", write(PLAN)]
              : ["--base", write(PLAN), "--head", write(text)];
        const run = await runCli(diff, args);
        expectClean("diff", run);
        expect(run.code, run.stderr).to.equal(EXIT.usage);
      }),
      { numRuns: 150 },
    );
  });

  it("plan: --previous with junk is exit 2 before the stack is planned, or a documented code", async function () {
    this.timeout(120000);
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedPlan, junkText), async (previous) => {
        const run = await runCli(plan, ["--stack", EXAMPLE_STACKS.free, "--previous", write(previous)]);
        expectClean("plan", run);
        expect(run.code).to.not.equal(EXIT.drifted);
      }),
      { numRuns: 40 },
    );
  });

  it("plan: a stack file of junk is refused (1 or 2), never planned", async function () {
    this.timeout(120000);
    const stacks = fs.mkdtempSync(path.join(os.tmpdir(), "eb-junk-stacks-"));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          junkText,
          mutatedPlan.map((p) => JSON.stringify(p)),
        ),
        async (text) => {
          fs.writeFileSync(path.join(stacks, "Pulumi.junk.yaml"), text);
          const run = await runCli(plan, ["--stack", "junk", "--stacks-dir", stacks]);
          expectClean("plan", run);
          expect([EXIT.rejected, EXIT.usage], run.stderr).to.include(run.code);
        },
      ),
      { numRuns: 60 },
    );
  });

  const FLAGS = [
    "--stack",
    "--json",
    "--stacks-dir",
    "--base",
    "--head",
    "--preview",
    "--format",
    "--title",
    "--previous",
    "--against",
    "--user",
    "--user-role",
    "--group",
    "--app",
    "--client-app",
    "--sign-in-risk",
    "--user-risk",
    "--guest",
    "--help",
    "-h",
    "--",
  ];
  const junkArgv = fc.array(
    fc.oneof(
      fc.constantFrom(...FLAGS),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(EXAMPLE_STACKS.p1, EXAMPLE_STACKS.free, "p1", "md", "json", os.tmpdir(), "/dev/null", "live", ""),
    ),
    { maxLength: 6 },
  );
  const commands: [CommandName, CommandMain][] = [
    ["diff", diff],
    ["plan", plan],
    ["whatif", whatif],
  ];
  for (const [name, main] of commands) {
    it(`${name}: any command line ends with a documented code and no stack trace`, async function () {
      this.timeout(180000);
      await fc.assert(
        fc.asyncProperty(junkArgv, async (argv) => {
          const run = await runCli(main, argv, { PATH: process.env.PATH });
          expectClean(name, run);
          if (argv.includes("--against") && run.code === EXIT.drifted) expect.fail("drift reported without a tenant");
        }),
        { numRuns: name === "diff" ? 150 : 40 },
      );
    });
  }
});
