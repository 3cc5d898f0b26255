import { expect } from "chai";
import fc from "fast-check";
import { main as plan } from "../cli/plan";
import { main as whatif } from "../cli/whatif";
import { closestValue } from "../config/didYouMean";
import { validateConfig } from "../config/validate";
import { readPackConfig } from "../policy-pack/config";
import { formatFindings } from "../format/formatPlan";
import { runPlan } from "../plan/runPlan";
import { ACCEPTING_GAPS } from "./fixtures/acceptedGaps";
import { colours, colourWanted, cut, displayWidth, summaryLine, table, TERMINAL_WIDTH, wrap } from "../text/terminal";
import { coverageReport } from "../whatif/coverage";
import { formatCoverage, gapSummary } from "../whatif/format";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { runCli } from "./support/cli";

const widest = (text: string) => Math.max(...text.split("\n").map(displayWidth));
/** A p2 stack that turns Security Defaults off while every policy is report-only: gaps everywhere, accepted by name. */
const GAPPY = {
  "entra-baseline:plan": "p2",
  "entra-baseline:protection": "conditionalAccess",
  "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]),
  ...ACCEPTING_GAPS,
};
const ESC = "\u001b[";

describe("output for people (text/terminal.ts)", () => {
  describe("fits 120 columns", () => {
    it("plan and whatif of every shipped stack print no line wider than 120 columns", async () => {
      for (const stack of ["contoso", "fabrikam", "northwind"]) {
        for (const main of [plan, whatif]) {
          const run = await runCli(main, ["--stack", stack]);
          expect(widest(run.stdout), `${stack}`).to.be.at.most(TERMINAL_WIDTH);
        }
      }
    });

    it("wraps any paragraph within the width, under its lead, losing no word (property)", () => {
      fc.assert(
        fc.property(fc.array(fc.stringMatching(/^[a-zA-Z0-9:,.()-]{1,30}$/), { maxLength: 60 }), fc.integer({ min: 30, max: 120 }), (words, width) => {
          const lines = wrap(words.join(" "), "  warning [EB-X] ", "                 ", width);
          for (const line of lines) expect(displayWidth(line)).to.be.at.most(width);
          expect(lines.join(" ").replace(/\s+/g, "")).to.equal(`warning[EB-X]${words.join("")}`);
        }),
        { numRuns: 200 },
      );
    });

    it("lays out any table within the width, cutting cells with an ellipsis (property)", () => {
      const cell = fc.string({ unit: "grapheme", maxLength: 70 }).map((s) => s.replace(/[\n\r\t\u001b]/g, " "));
      fc.assert(
        fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), (rows) => {
          const lines = table([["persona", "browser", "apps"], ...rows]);
          for (const line of lines) expect(displayWidth(line)).to.be.at.most(TERMINAL_WIDTH);
        }),
        { numRuns: 200 },
      );
      expect(cut("Require multifactor authentication for admins", 20)).to.equal("Require multifactor…");
      expect(displayWidth(cut("漢字漢字漢字", 5))).to.be.at.most(5);
    });

    it("gives the what-if table's short client names and the plan's abbreviations a legend", async () => {
      expect((await runCli(whatif, ["--stack", "fabrikam"])).stdout)
        .to.contain("EAS: Exchange ActiveSync")
        .and.contain("legacy: other clients");
      expect((await runCli(plan, ["--stack", "contoso"])).stdout).to.contain("MFA: multifactor authentication");
    });
  });

  describe("a one-line summary before a list of more than ten", () => {
    it("sums up the gaps: whom, on which clients, and the protections of Security Defaults lost", async () => {
      const report = coverageReport(await runPlan({ stack: "gappy", config: GAPPY }));
      expect(report.gaps.length).to.be.greaterThan(10);
      expect(gapSummary(report)).to.match(/^\d+ gaps: all 14 admin roles and \d+ other personas, on every client; 4 protections of Security Defaults lost$/);
      const lines = formatCoverage(report).split("\n");
      const heading = lines.findIndex((l) => l.startsWith("gaps ("));
      expect(lines[heading + 1]).to.equal(`  ${gapSummary(report)}`);
    });

    it("names the admin roles in part, and the clients, when the gaps are not everywhere", async () => {
      const report = coverageReport(await runPlan({ stack: "gappy", config: GAPPY }));
      const some = { ...report, gaps: report.gaps.filter((g) => g.persona === "Global Administrator" && g.clientAppType === "browser") };
      expect(gapSummary(some)).to.equal("1 gaps: 1 of 14 admin roles, on browser");
    });

    it("sums up more than ten findings by severity and rule, and no list of ten or fewer", () => {
      const finding = (rule: string) => ({ rule, severity: "warning" as const, message: "m" });
      const many = [...Array(8).fill(finding("EB-A")), ...Array(3).fill(finding("EB-B"))];
      expect(formatFindings(many)[0]).to.equal("  11 findings: 8 × warning EB-A, 3 × warning EB-B");
      expect(formatFindings(many.slice(0, 10))[0]).to.match(/^  warning \[EB-A\]/);
      expect(summaryLine("items", ["a", "b", "c", "d", "d"], 2)).to.equal("5 items: 2 × d, a and 2 more");
    });
  });

  describe("colours", () => {
    it("colour only a terminal, and never under NO_COLOR or TERM=dumb", () => {
      expect(colourWanted({ isTTY: true }, {})).to.equal(true);
      expect(colourWanted({ isTTY: false }, {})).to.equal(false);
      expect(colourWanted({}, { FORCE_COLOR: "1" })).to.equal(false);
      expect(colourWanted({ isTTY: true }, { NO_COLOR: "1" })).to.equal(false);
      expect(colourWanted({ isTTY: true }, { NO_COLOR: "" })).to.equal(true);
      expect(colourWanted({ isTTY: true }, { TERM: "dumb" })).to.equal(false);
    });

    it("colour the severities when asked, and print plain text otherwise", async () => {
      const coloured = await runCli(plan, ["--stack", "contoso"], {});
      expect(coloured.stdout).not.to.contain(ESC);
      const io = { stdout: (t: string) => void (out += t), stderr: () => undefined, env: {}, color: true };
      let out = "";
      await plan(["--stack", "contoso"], io);
      expect(out).to.contain(`${ESC}33mwarning${ESC}39m`);
      expect(colours(false).red("x")).to.equal("x");
    });
  });

  describe("did you mean, for values too", () => {
    it("names the value meant for a wrong case or spelling (P1, reportonly, report-only, enable)", () => {
      const result = validateConfig({
        plan: "P1",
        policyState: "reportonly",
        breakGlassUsers: [BREAK_GLASS_USER],
        policies: { adminMfa: { state: "enable" } },
      });
      expect(result.ok).to.equal(false);
      if (result.ok) return;
      const messages = Object.fromEntries(result.issues.map((i) => [i.key, i.message]));
      expect(messages["entra-baseline:plan"]).to.contain('"P1" is not allowed; did you mean "p1"?');
      expect(messages["entra-baseline:policyState"]).to.contain('did you mean "reportOnly"?');
      expect(messages["entra-baseline:policies.adminMfa.state"]).to.contain('did you mean "enabled"?');
      expect(closestValue("report-only", ["reportOnly", "enabled"])).to.equal("reportOnly");
    });

    it("guesses nothing for a short value that is no typo (e5 is a licence, not p1), nor for a far one", () => {
      expect(closestValue("e5", ["free", "p1", "p2"])).to.equal(undefined);
      expect(closestValue("sometimes", ["reportOnly", "enabled", "disabled"])).to.equal(undefined);
      const result = validateConfig({ plan: "e5", breakGlassUsers: [BREAK_GLASS_USER] });
      if (!result.ok) expect(result.issues[0].message).not.to.contain("did you mean");
    });

    it("in the policy pack's config too", () => {
      const reading = readPackConfig("entra-baseline-guard", { plan: "P2" });
      expect(reading.ok).to.equal(false);
      if (!reading.ok) expect(reading.problems[0]).to.contain('did you mean "p2"?');
    });
  });
});
