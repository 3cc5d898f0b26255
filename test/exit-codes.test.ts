import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { COMMANDS, EXIT, EXIT_MEANINGS } from "../documents/errors";

const ROOT = path.join(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The rows of the README's "Exit codes (every command)" table: code, commands, meaning. */
function readmeRows(): string[][] {
  const section = README.split(/^### /m).find((s) => s.startsWith("Exit codes (every command)"));
  if (!section) throw new Error('README.md has no "### Exit codes (every command)" section');
  return section
    .split(/^##/m)[0]
    .split("\n")
    .filter((line) => /^\| \d+ \|/.test(line))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe("exit codes: one vocabulary for every command", () => {
  it("gives each code one meaning, every command a success, a rejection and a usage error", () => {
    expect(EXIT_MEANINGS.map((m) => m.code)).to.deep.equal(Object.values(EXIT).sort());
    for (const command of COMMANDS) {
      const codes = EXIT_MEANINGS.filter((m) => m.commands.includes(command)).map((m) => m.code);
      expect(codes, command).to.include.members([EXIT.ok, EXIT.rejected, EXIT.usage]);
    }
  });

  it("is the README's table, row for row", () => {
    expect(readmeRows()).to.deep.equal(EXIT_MEANINGS.map((m) => [String(m.code), m.commands.join(", "), m.meaning]));
  });

  it("is the only exit-code table in the documentation (docs link to it)", () => {
    const docs = fs.readdirSync(path.join(ROOT, "docs")).map((f) => path.join("docs", f));
    const tables = ["README.md", ...docs].filter((file) => /^\| exit code \|/m.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
    expect(tables).to.deep.equal(["README.md"]);
  });
});
