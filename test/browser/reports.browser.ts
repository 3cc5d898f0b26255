import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { BrowserContext, Page } from "playwright-core";
import type { PlanResult } from "../../documents/planResult";
import { runPlan } from "../../plan/runPlan";
import { renderFleetHtml } from "../../report/fleetHtml";
import { renderStackHtml } from "../../report/stackHtml";
import { buildStackReport } from "../../report/stackReport";
import { hostileFleet } from "../fixtures/hostileFleet";
import { hostileReport } from "../fixtures/hostileReport";

/**
 * The reports in a real browser: Debian's Chromium, headless, driven by playwright-core (which downloads nothing).
 * `.ci/run` installs Chromium when it is missing and runs these specs as their own step (`npm run test:browser`).
 */
const CHROMIUM = process.env.ENTRA_BASELINE_CHROMIUM ?? "/usr/bin/chromium";
const ROOT = path.join(__dirname, "..", "..");
/** Git-ignored: one screenshot per report and width, to look at. */
const SCREENSHOTS = path.join(ROOT, "screenshots");
const WIDTHS = [1280, 390] as const;
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface Visit {
  readonly consoleErrors: string[];
  readonly requests: string[];
}

/** Opens `file` at `width`, recording console errors (a CSP refusal is one), page errors and every request. */
async function open(context: BrowserContext, file: string, width: number): Promise<{ page: Page; visit: Visit }> {
  const page = await context.newPage();
  const visit: Visit = { consoleErrors: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") visit.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => visit.consoleErrors.push(e.message));
  page.on("request", (r) => visit.requests.push(r.url()));
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`file://${file}`, { waitUntil: "load" });
  return { page, visit };
}

/** axe-core's serious and critical violations, each as "rule: target". */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no script at all) does not govern.
  await page.evaluate(AXE);
  const violations = await page.evaluate<{ id: string; impact: string; targets: string[] }[]>(
    `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ` +
      `({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => String(n.target)) })))`,
  );
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.targets.slice(0, 3).join(", ")}`);
}

/** The page's width against the window's, and the font its stylesheet set (the default one when the CSP refused it). */
const layoutOf = (page: Page) =>
  page.evaluate<{ scrollWidth: number; clientWidth: number; font: string }>(
    "({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, " +
      "font: getComputedStyle(document.body).fontFamily })",
  );

describe("the reports in a real browser (Chromium, headless)", function () {
  this.timeout(120_000);
  let context: BrowserContext;
  let userDataDir: string;
  const pages: { name: string; file: string }[] = [];

  before(async () => {
    expect(fs.existsSync(CHROMIUM), `${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), or set ENTRA_BASELINE_CHROMIUM`).to.equal(true);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "eb-reports-"));
    const write = (name: string, html: string) => {
      const file = path.join(folder, `${name}.html`);
      fs.writeFileSync(file, html);
      pages.push({ name, file });
    };
    const contoso = await runPlan({ stack: "contoso" });
    write("stack-contoso", renderStackHtml(buildStackReport(contoso)));
    const enforced: PlanResult = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "fixtures", "diff", "p2-enforced.json"), "utf8"));
    write("stack-hostile-live", renderStackHtml(hostileReport(enforced)));
    write("fleet", renderFleetHtml(hostileFleet()));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-chromium-"));
    const { chromium } = await import("playwright-core");
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  describe("its checks fail on a page that breaks what they look for", () => {
    it("sees a request, sideways overflow, and low contrast", async () => {
      const file = path.join(os.tmpdir(), `eb-broken-${process.pid}.html`);
      fs.writeFileSync(
        file,
        '<!doctype html><html lang="en"><head><title>broken</title></head><body><main><h1>broken</h1>' +
          '<p style="color:#bbb;background:#fff">faint</p><div style="width:3000px">wide</div><img alt="" src="http://127.0.0.1:9/x.png"></main></body></html>',
      );
      const { page, visit } = await open(context, file, 390);
      expect(visit.requests.length).to.be.greaterThan(1);
      const layout = await layoutOf(page);
      expect(layout.scrollWidth).to.be.greaterThan(layout.clientWidth);
      expect((await seriousViolations(page)).join("\n")).to.contain("color-contrast");
      await page.close();
    });

    it("sees a stylesheet the CSP refuses: a console error, and the browser's default font", async () => {
      const file = path.join(os.tmpdir(), `eb-refused-${process.pid}.html`);
      const html = fs.readFileSync(pages[0].file, "utf8").replace("<style>", "<style>/* changed */");
      fs.writeFileSync(file, html);
      const { page, visit } = await open(context, file, 1280);
      expect(visit.consoleErrors.join("\n")).to.contain("Content Security Policy");
      expect((await layoutOf(page)).font).to.not.contain("system-ui");
      await page.close();
    });
  });

  for (const name of ["stack-contoso", "stack-hostile-live", "fleet"]) {
    for (const width of WIDTHS) {
      describe(`${name} at ${width} px`, () => {
        let page: Page;
        let visit: Visit;
        before(async () => {
          ({ page, visit } = await open(context, pages.find((p) => p.name === name)!.file, width));
        });
        after(() => page?.close());

        it("loads with no console error (a CSP refusal is one) and makes no request but the page itself", () => {
          expect(visit.consoleErrors).to.deep.equal([]);
          expect(visit.requests).to.have.length(1);
          expect(visit.requests[0]).to.match(/^file:\/\/.*\.html$/);
        });

        it("applies its stylesheet (allowed by the CSP's hash) and does not overflow sideways", async () => {
          const layout = await layoutOf(page);
          expect(layout.font).to.contain("system-ui");
          expect(layout.scrollWidth, "horizontal overflow").to.be.at.most(layout.clientWidth);
        });

        it("has no serious or critical axe-core violation", async () => {
          expect(await seriousViolations(page)).to.deep.equal([]);
        });

        it("holds no script element, whatever the names held", async () => {
          expect(await page.evaluate<number>("document.scripts.length")).to.equal(0);
        });

        it("saves a screenshot of the whole page", async () => {
          const file = path.join(SCREENSHOTS, `${name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          expect(fs.statSync(file).size).to.be.greaterThan(10_000);
        });
      });
    }
  }
});
