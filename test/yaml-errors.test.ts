import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as plan } from "../cli/plan";
import { codeFrame, parseYaml, YamlSyntaxError } from "../config/yamlText";
import { main as policyConfig } from "../policy-pack/configFromStack";
import { runCli } from "./support/cli";

/** Stack files with one mistake each, and the line and column to fix it at. */
const MISTAKES: readonly { what: string; text: string; line: number; column: number; says: RegExp }[] = [
  {
    what: "a quote never closed (the parser notices it at the end of the file)",
    text: 'config:\n  entra-baseline:plan: "p1\n  entra-baseline:policyState: enabled\n  entra-baseline:pilotGroup: x\n',
    line: 2,
    column: 24,
    says: /this quote is never closed/,
  },
  {
    what: "a key indented one space too far (the parser blames the line above)",
    text: "config:\n  entra-baseline:plan: p1\n   entra-baseline:policyState: enabled\n  entra-baseline:breakGlassUsers: []\n",
    line: 3,
    column: 4,
    says: /indented differently/,
  },
  {
    what: "a [ list never closed",
    text: "config:\n  entra-baseline:plan: p1\n  entra-baseline:breakGlassUsers: [a, b\n  entra-baseline:policyState: enabled\n",
    line: 3,
    column: 35,
    says: /this \[ list is never closed/,
  },
  { what: "a tab as indentation", text: "config:\n\tentra-baseline:plan: p1\n", line: 2, column: 1, says: /tabs are not allowed/ },
  { what: "a key given twice", text: "config:\n  entra-baseline:plan: p1\n  entra-baseline:plan: p2\n", line: 3, column: 3, says: /unique/ },
];

describe("YAML mistakes in a stack file (config/yamlText.ts)", () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-yaml-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const mistake of MISTAKES) {
    it(`rejects ${mistake.what} at line ${mistake.line}, with a code frame`, () => {
      let error: YamlSyntaxError | undefined;
      try {
        parseYaml(mistake.text);
      } catch (err) {
        error = err as YamlSyntaxError;
      }
      expect(error).to.be.instanceOf(YamlSyntaxError);
      expect([error!.line, error!.column]).to.deep.equal([mistake.line, mistake.column]);
      expect(error!.reason).to.match(mistake.says);
      const marked = error!.frame.split("\n").find((row) => row.startsWith(">"));
      expect(marked).to.equal(`> ${mistake.line} | ${mistake.text.split("\n")[mistake.line - 1].replace(/\t/g, " ")}`);
    });
  }

  it("frames the lines around the mistake, numbered, with a caret under the column", () => {
    expect(codeFrame("a: 1\nb: 2\nc: [\nd: 4\ne: 5\n", 3, 4)).to.equal(["  1 | a: 1", "  2 | b: 2", "> 3 | c: [", "    |    ^", "  4 | d: 4"].join("\n"));
    expect(codeFrame("x", 1, 1)).to.equal("> 1 | x\n    | ^");
  });

  it("reads a valid stack file as before", () => {
    expect(parseYaml("config:\n  entra-baseline:plan: p1\n")).to.deep.equal({ config: { "entra-baseline:plan": "p1" } });
  });

  it("plan: exit 1 naming the file, the line and the fix, the code frame on stderr, nothing on stdout", async () => {
    fs.writeFileSync(path.join(dir, "Pulumi.quote.yaml"), MISTAKES[0].text);
    const run = await runCli(plan, ["--stack", "quote", "--stacks-dir", dir]);
    expect([run.code, run.stdout]).to.deep.equal([1, ""]);
    expect(run.stderr).to.contain(`Pulumi.quote.yaml: not valid YAML at line 2, column 24: this quote is never closed`);
    expect(run.stderr).to.contain('> 2 |   entra-baseline:plan: "p1').and.contain("nothing would be deployed");
  });

  it("policy-config: exit 1 with the same line and frame", async () => {
    const file = path.join(dir, "Pulumi.indent.yaml");
    fs.writeFileSync(file, MISTAKES[1].text);
    const run = await runCli(async (argv, io) => policyConfig(argv, io!), [file]);
    expect([run.code, run.stdout]).to.deep.equal([1, ""]);
    expect(run.stderr).to.contain("not valid YAML at line 3, column 4").and.contain(">");
    const usage = await runCli(async (argv, io) => policyConfig(argv, io!), []);
    expect(usage.code).to.equal(2);
    const missing = await runCli(async (argv, io) => policyConfig(argv, io!), [path.join(dir, "none.yaml")]);
    expect([missing.code, missing.stderr]).to.deep.equal([
      2,
      `policy-config: ${path.join(dir, "none.yaml")}: no such file; pass the stack file, stacks/Pulumi.<stack>.yaml\n`,
    ]);
  });
});
