import { expect } from "chai";
import { renderFleetHtml } from "../report/fleetHtml";
import { contentSecurityPolicy } from "../report/html";
import { REPORT_CSS } from "../report/css";
import { ALL_HOSTILE, HOSTILE_NAMES } from "./fixtures/hostileReport";
import { hostileFleet } from "./fixtures/hostileFleet";
import { attr, byTag, elements, parseHtml, textOf } from "./support/htmlTree";

describe("the fleet report (HTML)", () => {
  const fleet = hostileFleet();
  const html = renderFleetHtml(fleet);
  const document = parseHtml(html);
  const section = (id: string) => byTag(document, "section").find((s) => attr(s, "id") === id)!;

  it("is self-contained like the stack report: the same strict CSP, no script, no request, no inline style", () => {
    const meta = byTag(document, "meta").find((m) => attr(m, "http-equiv") === "Content-Security-Policy")!;
    expect(attr(meta, "content")).to.equal(contentSecurityPolicy(REPORT_CSS));
    expect(byTag(document, "script")).to.deep.equal([]);
    expect(
      elements(document)
        .flatMap((e) => (e.attrs ?? []).map((a) => a.name))
        .filter((a) => a === "style" || a === "src" || a.startsWith("on")),
    ).to.deep.equal([]);
  });

  it("shows a row per tenant with the fleet's columns, the tenant as the row header, a failure in words", () => {
    const table = byTag(section("summary"), "table")[0];
    expect(byTag(byTag(table, "thead")[0], "th").map(textOf)).to.deep.equal([
      "tenant",
      "tags",
      "plan",
      "protection",
      "drift",
      "guard errors",
      "gaps",
      "lockouts",
      "Step 1 required",
      "registered",
      "run",
      "result",
    ]);
    const rows = byTag(byTag(table, "tbody")[0], "tr");
    expect(rows.map((r) => textOf(byTag(r, "th")[0]))).to.deep.equal(["contoso", "fabrikam", "woodgrove", "northwind"]);
    const failed = byTag(rows[2], "a")[0];
    expect([textOf(failed), attr(failed, "href")]).to.deep.equal(["✖ FAILED (forbidden): why and the fix", "#tenant-2"]);
    expect(textOf(section("summary")))
      .to.contain("failed1 ✖")
      .and.contain("exit code7");
  });

  it("shows Step 1 per tenant as bars with their figures, only where the details were read", () => {
    const rows = byTag(byTag(section("step1"), "tbody")[0], "tr").map(textOf);
    expect(rows).to.deep.equal(["contoso98.5 %87.2 %1", "fabrikam35.0 %12.5 %3"]);
    expect(
      byTag(section("step1"), "rect")
        .filter((r) => attr(r, "class") === "fill")
        .map((r) => attr(r, "width")),
    ).to.deep.equal(["98.5", "87.2", "35", "12.5"]);
  });

  it("details each tenant: the failure and its fix, guard findings, drift, gaps, policies left report-only; hostile names as text", () => {
    const articles = byTag(section("tenants"), "article");
    expect(articles.map((a) => attr(a, "aria-label"))).to.deep.equal(["contoso", "fabrikam", "woodgrove", "northwind"]);
    expect(textOf(articles[0])).to.contain("Nothing to act on.");
    const fabrikam = textOf(articles[1]);
    for (const text of [HOSTILE_NAMES.script, ALL_HOSTILE, HOSTILE_NAMES.link, HOSTILE_NAMES.image, HOSTILE_NAMES.mention]) expect(fabrikam).to.contain(text);
    expect(fabrikam).to.contain("update: ").and.contain("(state, conditions.users.excludeUsers)").and.contain("since 2026-10-01T00:00:00Z");
    expect(textOf(articles[2])).to.contain("Failed (forbidden, HTTP 403): ").and.contain("grant it (GDAP: Security Reader)");
    expect(html).to.not.contain("<script>alert").and.not.contain("<img src");
  });
});
