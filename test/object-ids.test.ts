import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readPreview } from "../diff/previewReader";
import { readPlanFile } from "../documents/documents";
import { semanticDiff } from "../diff/semanticDiff";
import { main as whatifMain } from "../cli/whatif";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER } from "./fixtures/ids";
import { runCli } from "./support/cli";
import { stacksFolder, stackYaml } from "./fleet/stacks";

const FIXTURES = path.join(__dirname, "fixtures", "diff");
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A document with every object id spelled in upper case, as a hand edit or another tool might. */
const shouting = (text: string) => text.replace(GUID, (id) => id.toUpperCase());
const hasUpperCaseId = (value: unknown) => (JSON.stringify(value).match(GUID) ?? []).some((id) => id !== id.toLowerCase());

describe("object ids from plan, preview and command line are lower-cased at the edge", () => {
  const planText = fs.readFileSync(path.join(FIXTURES, "p2-enforced.json"), "utf8");

  it("reads a plan (--base, --head, --previous) whose ids are in upper case as the same plan: the diff finds no change", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eb-ids-")), "head.json");
    fs.writeFileSync(file, shouting(planText));
    const base = readPlanFile(path.join(FIXTURES, "p2-enforced.json"), "--base");
    const head = readPlanFile(file, "--head");
    expect(hasUpperCaseId(JSON.parse(shouting(planText)).conditionalAccessPolicies)).to.equal(true);
    expect(hasUpperCaseId(head.conditionalAccessPolicies)).to.equal(false);
    expect(hasUpperCaseId(head.breakGlass)).to.equal(false);
    expect(semanticDiff(base, head).changes).to.deep.equal([]);
  });

  it("reads a pulumi preview's ids in lower case", () => {
    const previews = fs.readdirSync(FIXTURES).filter((f) => f.startsWith("preview-"));
    expect(previews).to.not.be.empty;
    for (const file of previews) {
      const sides = readPreview(JSON.parse(shouting(fs.readFileSync(path.join(FIXTURES, file), "utf8"))));
      expect(hasUpperCaseId([sides.base.policies, sides.head.policies, sides.base.breakGlass]), file).to.equal(false);
    }
  });

  it("answers what-if the same for an object id in any letter case", async () => {
    const { dir } = stacksFolder({
      cutover: stackYaml({
        plan: "p2",
        protection: "conditionalAccess",
        policyState: "enabled",
        breakGlassUsers: [BREAK_GLASS_USER],
        breakGlassGroups: [BREAK_GLASS_GROUP],
      }),
    });
    const whatif = (...args: string[]) => runCli(whatifMain, ["--stacks-dir", dir, "--stack", "cutover", "--json", ...args]);
    const lower = await whatif("--user", BREAK_GLASS_USER, "--group", BREAK_GLASS_GROUP);
    const upper = await whatif("--user", BREAK_GLASS_USER.toUpperCase(), "--group", BREAK_GLASS_GROUP.toUpperCase());
    expect(lower.code, lower.stderr).to.equal(0);
    expect(upper.code, upper.stderr).to.equal(0);
    expect(JSON.parse(lower.stdout).outcome).to.deep.equal({ kind: "allowed" });
    expect(JSON.parse(upper.stdout).outcome).to.deep.equal({ kind: "allowed" }, "the break-glass account spelled in upper case is still excluded");
  });
});
