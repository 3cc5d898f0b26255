import { expect } from "chai";
import * as fs from "fs";
import MarkdownIt from "markdown-it";
import * as path from "path";
import { parseFragment } from "parse5";
import { elements, type HtmlNode, textOf } from "./support/htmlTree";
import { main as plan } from "../cli/plan";
import { main as whatif } from "../cli/whatif";
import { step1Unavailable } from "../step1/step1Report";
import type { PlanResult } from "../documents/planResult";
import { coverageMarkdown, formatPlanMarkdown, formatStackMarkdown, step1Markdown } from "../report/markdown";
import { coverageReport } from "../whatif/coverage";
import { formatMarkdown as formatDiffMarkdown } from "../diff/format";
import { policySetOfPlan } from "../diff/report";
import { diffPolicySets } from "../diff/semanticDiff";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";
import { ALL_HOSTILE, HOSTILE_NAMES, hostilePlan, hostileReport } from "./fixtures/hostileReport";
import { runCli } from "./support/cli";

const P2_ENFORCED: PlanResult = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "diff", "p2-enforced.json"), "utf8"));
const markdown = new MarkdownIt({ html: true, linkify: true });

/** Markdown as GitHub-like HTML, parsed. */
const rendered = (text: string) => parseFragment(markdown.render(text)) as HtmlNode;

/** What the markdown renders to that a display name must never make: a script, an image, a link, a raw HTML block. */
function expectOnlyText(root: HtmlNode): void {
  const tags = new Set(elements(root).map((e) => e.tagName));
  for (const tag of ["script", "img", "a", "iframe", "style", "h1", "h2", "blockquote", "del"]) expect(tags.has(tag), tag).to.equal(false);
}

describe("markdown for job summaries and pull requests", () => {
  it("plan: every hostile policy name, finding and drift value stays in its cell, as text", () => {
    const doc = rendered(formatPlanMarkdown(hostilePlan(P2_ENFORCED)));
    expectOnlyText(doc);
    const tables = elements(doc).filter((e) => e.tagName === "table");
    for (const table of tables) {
      const widths = elements(table)
        .filter((e) => e.tagName === "tr")
        .map((tr) => elements(tr).filter((e) => e.tagName === "td" || e.tagName === "th").length);
      expect(new Set(widths).size, "every row as wide as the header").to.equal(1);
    }
    const text = textOf(doc).replace(/\u200b/g, "");
    expect(text).to.contain(ALL_HOSTILE.replace(/\n/g, " ")).and.contain(HOSTILE_NAMES.pipe).and.contain(HOSTILE_NAMES.backticks);
    expect(text).to.contain("Drift: the tenant differs from the stack").and.contain("Step 1 results");
  });

  it("what-if: the verdict table per persona and client type, with gaps and lockouts counted in the heading", () => {
    const text = coverageMarkdown(coverageReport(P2_ENFORCED)).join("\n");
    expect(text).to.match(/^### (✅|❌) What-if for /);
    expect(text).to.contain("| Global Administrator | ✓ MFA | ✓ MFA | ⊘ blocked | ⊘ blocked |");
  });

  it("Step 1: the three results admins apart, or what a tenant without the details cannot show", () => {
    const unavailable = step1Markdown(step1Unavailable("permission", `refused for ${HOSTILE_NAMES.mention}`, false)).join("\n");
    expect(unavailable).to.contain("Registration details unavailable (permission)").and.contain("@&#8203;everyone");
    const doc = rendered(step1Markdown(hostilePlan(P2_ENFORCED).step1!).join("\n"));
    expect(textOf(doc)).to.contain("2. registered MFA").and.contain("1 (50 %)");
  });

  it("the whole stack report: plan, what-if, the lockout proof, Step 1 and drift", () => {
    const text = formatStackMarkdown(hostileReport(P2_ENFORCED));
    expectOnlyText(rendered(text));
    expect(text).to.contain("**Lockout proof:** ✅ proven");
  });

  it("plan and whatif take --format md; json and text stay as they were", async () => {
    const md = await runCli(plan, ["--stack", EXAMPLE_STACKS.p2, "--format", "md"]);
    expect(md.code).to.equal(0);
    expect(md.stdout).to.match(/^### Sign-in security plan: contoso\n/);
    const json = await runCli(plan, ["--stack", EXAMPLE_STACKS.p2, "--format", "json"]);
    expect(JSON.parse(json.stdout).stack).to.equal("contoso");
    const coverage = await runCli(whatif, ["--stack", EXAMPLE_STACKS.p2, "--format", "markdown"]);
    expect(coverage.code).to.equal(0);
    expect(coverage.stdout).to.match(/^### ✅ What-if for contoso: 0 gap\(s\), 0 lockout\(s\)/);
    const scenario = await runCli(whatif, ["--stack", EXAMPLE_STACKS.p2, "--format", "json", "--user-role", "Global Administrator"]);
    expect(JSON.parse(scenario.stdout).outcome.kind).to.be.a("string");
  });

  it("the pull-request diff: hostile policy names and findings stay text in its table and list", () => {
    const head = hostilePlan(P2_ENFORCED);
    const diff = diffPolicySets(policySetOfPlan(P2_ENFORCED, "main.json"), policySetOfPlan(head, `${HOSTILE_NAMES.backticks}.json`));
    const text = formatDiffMarkdown(diff, { title: HOSTILE_NAMES.mention });
    const doc = rendered(text);
    expectOnlyText(doc);
    const shown = textOf(doc).replace(/\u200b/g, "");
    expect(shown).to.contain(ALL_HOSTILE.replace(/\n/g, " ")).and.contain(`${HOSTILE_NAMES.backticks}.json`).and.contain(HOSTILE_NAMES.mention);
    expect(text).to.not.match(/@everyone|@org/);
  });

  it("rejects an unknown --format with the choices", async () => {
    const run = await runCli(plan, ["--stack", EXAMPLE_STACKS.p2, "--format", "html"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain("text, md, markdown, json");
  });
});
