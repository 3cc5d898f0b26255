import { expect } from "chai";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { PlanResult } from "../documents/planResult";
import { renderStackHtml } from "../report/stackHtml";
import { buildStackReport } from "../report/stackReport";
import { cellOf } from "../report/words";
import { ALL_HOSTILE, HOSTILE_GROUP, HOSTILE_NAMES, hostileReport } from "./fixtures/hostileReport";
import { attr, byTag, elements, parseHtml, textOf } from "./support/htmlTree";

const P2_ENFORCED: PlanResult = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "diff", "p2-enforced.json"), "utf8"));

describe("the stack report (HTML)", () => {
  const html = renderStackHtml(hostileReport(P2_ENFORCED));
  const document = parseHtml(html);
  const all = elements(document);

  it("is self-contained: no script, no external resource, no inline style attribute, no event handler", () => {
    expect(byTag(document, "script")).to.deep.equal([]);
    for (const tag of ["img", "iframe", "object", "embed", "link", "form", "base"]) expect(byTag(document, tag), tag).to.deep.equal([]);
    const attributes = all.flatMap((e) => (e.attrs ?? []).map((a) => a.name));
    expect(attributes.filter((a) => a === "style" || a.startsWith("on") || a === "src")).to.deep.equal([]);
    expect(byTag(document, "a").map((a) => attr(a, "href")!)).to.satisfy((hrefs: string[]) => hrefs.every((h) => h.startsWith("#")));
  });

  it("carries a strict Content-Security-Policy that allows its one stylesheet by hash, and a print stylesheet", () => {
    const meta = byTag(document, "meta").find((m) => attr(m, "http-equiv") === "Content-Security-Policy")!;
    const csp = attr(meta, "content")!;
    const styles = byTag(document, "style");
    expect(styles).to.have.length(1);
    const hash = createHash("sha256").update(textOf(styles[0]), "utf8").digest("base64");
    expect(csp).to.equal(`default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(textOf(styles[0])).to.contain("@media print");
  });

  it("shows every hostile name as text, never as markup", () => {
    const text = textOf(document);
    expect(text).to.contain(ALL_HOSTILE.replace(/\n/g, "\n"));
    for (const name of [HOSTILE_NAMES.script, HOSTILE_NAMES.image, HOSTILE_NAMES.mention, HOSTILE_NAMES.link]) expect(text).to.contain(name);
    expect(html).to.not.contain("<script>alert").and.not.contain("<img src=x");
  });

  it("names groups, users and roles as the tenant does, with their ids, and falls back to well-known names and ids", () => {
    const policies = byTag(document, "table").find((t) => textOf(byTag(t, "caption")[0]) === "Conditional Access policies")!;
    const text = textOf(policies);
    expect(text).to.contain(`${HOSTILE_NAMES.script}${HOSTILE_GROUP}`);
    expect(text).to.contain(HOSTILE_NAMES.link).and.contain("Security Administrator").and.contain("Windows Azure Service Management API");
    expect(text).to.contain(P2_ENFORCED.breakGlass.users[0]);
  });

  it("is accessible by structure: one h1, a heading per section, tables with captions and scoped headers", () => {
    expect(byTag(document, "h1")).to.have.length(1);
    expect(byTag(document, "h2").map(textOf)).to.deep.equal([
      "At a glance",
      "Policies",
      "Who is excluded from what",
      "What-if: who signs in how",
      "Lockout proof",
      "Step 1 results",
      "Drift",
      "Guard findings",
    ]);
    for (const table of byTag(document, "table")) {
      expect(byTag(table, "caption"), "caption").to.have.length(1);
      for (const th of byTag(table, "th")) expect(attr(th, "scope"), textOf(th)).to.be.oneOf(["col", "row", "colgroup"]);
    }
    const html = byTag(document, "html")[0];
    expect(attr(html, "lang")).to.equal("en");
  });

  it("says each heat-map verdict in words and symbols, not by colour alone, and as it matters for whom", () => {
    const heat = byTag(document, "table").find((t) => attr(t, "class") === "heat")!;
    const rows = byTag(byTag(heat, "tbody")[0], "tr");
    const tones = new Map<string, Set<string>>();
    for (const td of rows.flatMap((tr) => byTag(tr, "td"))) tones.set(attr(td, "class")!, (tones.get(attr(td, "class")!) ?? new Set()).add(textOf(td)));
    expect([...tones.get("v-block")!]).to.deep.equal(["⊘ blocked"]);
    expect([...tones.get("v-ok")!].sort()).to.deep.equal(["✓ MFA", "✓ nothing asked"]);
    expect([...tones.get("v-warn")!].every((t) => t.startsWith("▲ no MFA (excluded)"))).to.equal(true);
    // Each persona × client type × key app: 16 cells a row; break-glass signs in with nothing asked, everywhere.
    expect(rows.every((tr) => byTag(tr, "td").length === 16)).to.equal(true);
    const breakGlass = rows.filter((tr) => textOf(byTag(tr, "th")[0]).startsWith("break-glass"));
    expect(breakGlass.flatMap((tr) => byTag(tr, "td").map(textOf)))
      .to.have.length(32)
      .and.satisfy((t: string[]) => t.every((c) => c === "✓ nothing asked"));
  });

  it("warns when break-glass is asked for anything, and calls a gap a gap", () => {
    expect(cellOf(["MFA"], { kind: "breakGlass", deliberate: false })).to.deep.equal({ words: ["▲ MFA"], tone: "warn" });
    expect(cellOf(["allowed", "blocked"], { kind: "breakGlass", deliberate: false })).to.deep.equal({ words: ["▲ no MFA", "▲ blocked"], tone: "warn" });
    expect(cellOf(["allowed", "MFA"], { kind: "member", deliberate: false })).to.deep.equal({ words: ["⚠ no MFA", "✓ MFA"], tone: "open" });
    expect(cellOf(["MFA", "blocked"], { kind: "admin", deliberate: false }).tone).to.equal("ok");
  });

  it("shows who is excluded from what, break-glass first, and the lockout proof", () => {
    const exclusions = byTag(document, "table").find((t) => textOf(byTag(t, "caption")[0]) === "Exclusions")!;
    const rows = byTag(byTag(exclusions, "tbody")[0], "tr").map(textOf);
    expect(rows[0]).to.contain("break-glass account").and.contain("every policy").and.contain("Excluded everywhere");
    expect(rows.find((r) => r.startsWith(`${HOSTILE_NAMES.script}${HOSTILE_GROUP}`)))
      .to.contain("group")
      .and.contain(ALL_HOSTILE.slice(0, 20));
    expect(textOf(byTag(document, "section").find((s) => attr(s, "id") === "lockout")!)).to.contain("Proven");
  });

  it("shows Step 1 as bars with their numbers, the drift, and each guard finding with its fix and rule", () => {
    const step1 = textOf(byTag(document, "section").find((s) => attr(s, "id") === "step1")!);
    expect(step1).to.contain("1 of 2 (50 %)");
    expect(byTag(document, "svg").every((svg) => attr(svg, "aria-hidden") === "true")).to.equal(true);
    const drift = textOf(byTag(document, "section").find((s) => attr(s, "id") === "drift")!);
    expect(drift).to.contain("change on → off").and.contain(HOSTILE_NAMES.image).and.contain(HOSTILE_NAMES.backticks);
    const guard = textOf(byTag(document, "section").find((s) => attr(s, "id") === "guard")!);
    expect(guard).to.contain("EB-DUPLICATE-NAME").and.contain(HOSTILE_NAMES.pipe).and.contain("display names are unique");
  });

  it("says what it could not show offline, and when names could not be read", () => {
    const offline = renderStackHtml(buildStackReport(P2_ENFORCED, { now: new Date("2026-12-06T00:00:00Z") }));
    expect(offline).to.contain("Not read: the report was made offline").and.contain("from the stack, offline");
    expect(html).to.contain(`names of apps not read: ${HOSTILE_NAMES.heading.replace(/>/g, "&gt;")}`);
  });
});

describe("the stack report's heat-map and its coverage", () => {
  /** The p2 plan with all-users MFA skipping a trusted office, which the plan declares. */
  const officeSkipped = (): PlanResult => {
    const plan = structuredClone(P2_ENFORCED);
    const allUsers = plan.conditionalAccessPolicies.find((p) => p.displayName.endsWith("for all users"))!;
    (allUsers.conditions as { locations?: unknown }).locations = { includeLocations: ["All"], excludeLocations: ["office"] };
    const locations: unknown = [
      {
        "@odata.type": "#microsoft.graph.ipNamedLocation",
        id: "office",
        displayName: "Office",
        isTrusted: true,
        ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: "203.0.113.0/24" }],
      },
    ];
    return { ...plan, namedLocations: locations as PlanResult["namedLocations"] };
  };

  it("shows in each persona's client row exactly the verdicts the coverage table gives it, named locations declared or not", () => {
    for (const plan of [P2_ENFORCED, officeSkipped()]) {
      const report = buildStackReport(plan, { now: new Date("2026-12-06T00:00:00Z") });
      for (const row of report.heatMap.rows) {
        report.heatMap.clientAppTypes.forEach((client, i) => {
          const shown = [...new Set(row.cells[i].flat())].sort().join("/");
          expect(shown, `${row.persona.id} on ${client}`).to.equal(report.coverage.table[row.persona.id][client]);
        });
      }
    }
  });

  it("proves no lockout with the stack's MFA trusted IPs, as the guard does: declared, a sign-in from outside them is not blocked", () => {
    const plan = structuredClone(P2_ENFORCED);
    const admins = plan.conditionalAccessPolicies.find((p) => p.displayName.endsWith("for admins"))!;
    (admins.conditions as { locations?: unknown }).locations = { includeLocations: ["00000000-0000-0000-0000-000000000000"], excludeLocations: [] };
    (admins as { grantControls: unknown }).grantControls = { operator: "OR", builtInControls: ["block"] };
    expect(buildStackReport(plan).lockoutProblems).to.not.deep.equal([]);
    expect(buildStackReport({ ...plan, mfaTrustedIps: { ipRanges: ["203.0.113.0/24"] } }).lockoutProblems).to.deep.equal([]);
  });
});
