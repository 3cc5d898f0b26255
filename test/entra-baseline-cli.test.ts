import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, SUBCOMMANDS } from "../cli/entra-baseline";
import { COMMANDS } from "../documents/errors";
import { runCli } from "./support/cli";

const ROOT = path.join(__dirname, "..");
const PLAN = path.join(__dirname, "fixtures", "diff", "p2-enforced.json");

describe("the entra-baseline command (cli/entra-baseline.ts, bin cli/bin.js)", () => {
  it("is the package's one bin, named entra-baseline", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.bin).to.deep.equal({ "entra-baseline": "cli/bin.js" });
    expect(pkg.files).to.include("cli/bin.js");
    expect(fs.readFileSync(path.join(ROOT, "cli", "bin.js"), "utf8")).to.match(/^#!\/usr\/bin\/env node\n/);
  });

  it("has a subcommand for every command of the exit-code table, each the command's own main", () => {
    expect(Object.keys(SUBCOMMANDS)).to.include.members([...COMMANDS]);
    for (const name of Object.keys(SUBCOMMANDS)) expect(SUBCOMMANDS[name].load(), name).to.be.a("function");
  });

  it("runs the subcommand with the remaining arguments: diff of a plan with itself, no change", async () => {
    const run = await runCli(main, ["diff", "--base", PLAN, "--head", PLAN, "--format", "json"]);
    expect([run.code, run.stderr]).to.deep.equal([0, ""]);
    expect(JSON.parse(run.stdout).changes).to.deep.equal([]);
  });

  it("lists the commands on --help (exit 0, stdout) and without a command (exit 2, stderr)", async () => {
    const help = await runCli(main, ["--help"]);
    expect(help.code).to.equal(0);
    for (const name of Object.keys(SUBCOMMANDS)) expect(help.stdout).to.match(new RegExp(`^  ${name} `, "m"));
    const bare = await runCli(main, []);
    expect([bare.code, bare.stdout]).to.deep.equal([2, ""]);
    expect(bare.stderr).to.contain("Usage: entra-baseline <command>");
  });

  it("rejects an unknown command with a did-you-mean, exit 2, nothing on stdout", async () => {
    const typo = await runCli(main, ["plna", "--stack", "contoso"]);
    expect([typo.code, typo.stdout]).to.deep.equal([2, ""]);
    expect(typo.stderr).to.equal('entra-baseline: unknown command "plna"; did you mean "plan"? (entra-baseline --help lists them)\n');
    const unknown = await runCli(main, ["constructor"]);
    expect(unknown.stderr).to.contain("use one of plan, whatif, diff");
  });

  it("plan and whatif take the one stack file of --stacks-dir without --stack (a template project), and refuse to guess among several", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-one-stack-"));
    fs.copyFileSync(path.join(ROOT, "stacks", "Pulumi.northwind.yaml"), path.join(dir, "Pulumi.tenant.yaml"));
    const planned = await runCli(main, ["plan", "--stacks-dir", dir, "--json"]);
    expect([planned.code, JSON.parse(planned.stdout).stack]).to.deep.equal([0, "tenant"]);
    expect((await runCli(main, ["whatif", "--stacks-dir", dir])).code).to.be.oneOf([0, 6]);
    const several = await runCli(main, ["plan"]);
    expect([several.code, several.stdout]).to.deep.equal([2, ""]);
    expect(several.stderr).to.match(/--stack is missing and \d+ stacks in .*; pass --stack <name>, one of .*contoso/);
    const none = await runCli(main, ["whatif", "--stacks-dir", path.join(dir, "none")]);
    expect(none.stderr).to.contain("no stack file (Pulumi.<stack>.yaml) in");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("as a process, prints a plan whose stdout is the JSON alone, and the diff reads that file (npx entra-baseline …)", async function () {
    this.timeout(60_000);
    const run = spawnSync(process.execPath, [path.join(ROOT, "cli", "bin.js"), "plan", "--stack", "contoso", "--json"], { cwd: ROOT, encoding: "utf8" });
    expect([run.status, run.stderr]).to.deep.equal([0, ""]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-bin-"));
    const file = path.join(dir, "plan.json");
    fs.writeFileSync(file, run.stdout);
    expect(JSON.parse(run.stdout).stack).to.equal("contoso");
    const diff = await runCli(main, ["diff", "--base", file, "--head", file]);
    expect(diff.code).to.equal(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
