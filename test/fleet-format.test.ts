import { expect } from "chai";
import fc from "fast-check";
import { main } from "../cli/fleet";
import MarkdownIt from "markdown-it";
import { parseFragment } from "parse5";
import { formatMarkdown, formatTable } from "../fleet/format";
import { escapeMarkdown } from "../format/escape";
import { renderFleetHtml } from "../report/fleetHtml";
import { progress, progressLine } from "../text/progress";
import type { FleetResult, FleetRow } from "../fleet/result";
import { fleetExitCode, summarize } from "../fleet/summary";
import { EXIT } from "../documents/errors";
import { runCli } from "./support/cli";
import { freeStack, stackYaml, stacksFolder } from "./fleet/stacks";
import { elements, type HtmlNode, textOf } from "./support/htmlTree";
import { oneShardResult } from "./fleet/results";

const HOSTILE = "<script>alert(1)</script> | `code` @everyone [link](https://evil.example) **bold** www.evil.example \u001b[31m\nline";

const row = (over: Partial<FleetRow> = {}): FleetRow => ({
  stack: "contoso",
  tags: ["tier1"],
  status: "ok",
  plan: "p2",
  protection: "conditionalAccess",
  guard: { errors: 0, warnings: 1, findings: [] },
  drift: { drifted: true, items: [{ displayName: "x", status: "update", fields: ["state"] }] },
  whatif: { gaps: [], lockouts: [] },
  step1: { available: true, users: 10, requiredPercent: 90, registeredPercent: 75.5, gaps: 1 },
  startedAt: "2026-12-06T01:02:03.000Z",
  durationMs: 1234,
  ...over,
});

const result = (tenants: FleetRow[]): FleetResult => oneShardResult("report", tenants, "2026-12-06T01:02:03.000Z", "2026-12-06T01:02:05.000Z");

describe("fleet summary formats: table, markdown, HTML", () => {
  const hostile = result([row({ stack: HOSTILE }), row({ stack: "broken", status: "failed", failure: { kind: "malformed", message: HOSTILE } })]);

  it("shows a row per tenant with plan, protection, drift, guard errors, gaps, lockouts, Step 1 and the time of the run", () => {
    const table = formatTable(result([row()]));
    expect(table.split("\n")[2]).to.match(
      /^tenant\s+tags\s+plan\s+protection\s+drift\s+guard errors\s+gaps\s+lockouts\s+Step 1 required\s+registered\s+run\s+result$/,
    );
    expect(table.split("\n")[3]).to.match(/^contoso\s+tier1\s+p2\s+Conditional Access\s+1 change\s+0\s+0\s+0\s+90\.0 %\s+75\.5 %\s+01:02:03Z, 1\.2 s\s+ok$/);
    expect(table).to.match(/exit code 3$/);
  });

  it("shows what a command did not compute as –, and an unavailable Step 1 as n/a or Security Defaults", () => {
    const bare = formatTable(
      result([row({ drift: undefined, whatif: undefined, step1: undefined, guard: undefined, plan: undefined, protection: undefined })]),
    );
    expect(bare.split("\n")[3]).to.match(/^contoso\s+tier1\s+–\s+–\s+–\s+–\s+–\s+–\s+–\s+–/);
    const sd = formatTable(
      result([row({ step1: { available: false, reason: "licence", requiredBySecurityDefaults: true }, drift: { drifted: false, items: [] } })]),
    );
    expect(sd).to.include("none").and.include("100.0 % (Security Defaults)").and.include("n/a");
  });

  it("escapes a hostile stack name and failure message in markdown: no tag, cell break, code span, mention or link", () => {
    const md = formatMarkdown(hostile);
    const body = md.split("\n").slice(4, 6).join("\n");
    expect(body).not.to.match(/(?<!\\)<|(?<!\\)`|@everyone|https:\/\/|www\.evil/);
    expect(body.split("\n").every((line) => line.split(/(?<!\\)\|/).length === 14)).to.equal(true);
    // The one markdown escaping (format/escape.ts): a line break in a cell becomes a space, other control characters show.
    expect(md).to.include("\\<script\\>").and.include("\\\\u001b\\[31m line");
  });

  it("renders each hostile cell, as GitHub would, as the plain text it is: no element, link or mention", () => {
    const html = new MarkdownIt({ html: true, linkify: true }).render(formatMarkdown(hostile));
    const cells = elements(parseFragment(html) as HtmlNode).filter((e) => e.nodeName === "td");
    expect(cells.flatMap((c) => elements(c))).to.deep.equal([]);
    const shown = HOSTILE.replace("\u001b", "\\u001b").replace("\n", " ");
    expect(cells.map((c) => textOf(c).replace(/\u200b/g, "")))
      .to.include(shown)
      .and.to.include(`FAILED (malformed): ${shown}`);
  });

  it("renders the fleet's HTML through the report renderer, every tenant string escaped, with a strict CSP and no script", () => {
    const html = renderFleetHtml(hostile);
    expect(html).not.to.include("<script");
    expect(html).to.include("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).to.match(/http-equiv="Content-Security-Policy" content="default-src (&#39;|')none/);
  });

  it("shows control characters in the terminal table instead of obeying them", () => {
    const table = formatTable(hostile);
    expect(table).not.to.include("\u001b");
    expect(table.split("\n")[3]).to.include("\\u001b[31m\\u000aline");
  });

  it("escapes any text into markdown that renders no markup (property)", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeMarkdown(text);
        expect(escaped).not.to.match(/(?<!\\)[`|<>[\]*_]/);
        expect(escaped).not.to.match(/[\u0000-\u001f]/);
        expect(escaped).not.to.match(/@(?!&#8203;)/);
        // Where no HTML entity is decoded (Teams' Adaptive Cards), the zero-width space goes in as itself.
        expect(escapeMarkdown(text, { entities: false })).not.to.match(/@(?!\u200b)|&#8203;/);
      }),
    );
  });

  it("escapes a hostile stack file name end to end, in every format", async () => {
    const name = "<img src=x onerror=alert(1)>|@here`x`";
    const folder = stacksFolder({ [name]: freeStack(), [`${name}-bad`]: stackYaml({ plan: "free", "<script>": 1 }) });
    try {
      const md = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--format", "md"]);
      expect(md.code).to.equal(EXIT.tenantsFailed);
      expect(md.stdout).not.to.match(/(?<!\\)<|(?<!\\)`|@here/);
      const html = await runCli(main, ["plan", "--stacks-dir", folder.dir, "--format", "html"]);
      expect(html.stdout).not.to.match(/<img|<script/);
      expect(html.stdout).to.include("&lt;img src=x onerror=alert(1)&gt;|@here`x`");
    } finally {
      folder.cleanup();
    }
  });
});

describe("fleet exit code: one number for the fleet", () => {
  const code = (rows: FleetRow[]) => fleetExitCode(summarize(rows));
  it("is 0 when every tenant is fine, 6 for gaps or lockouts, 3 for drift, 7 when a tenant failed: a failure wins", () => {
    const clean = row({ drift: { drifted: false, items: [] } });
    const gap = row({ drift: { drifted: false, items: [] }, whatif: { gaps: [{ persona: "p", clientAppType: "browser", message: "m" }], lockouts: [] } });
    const lockout = row({ drift: undefined, whatif: { gaps: [], lockouts: [{ persona: "p", clientAppType: "browser", message: "m" }] } });
    const drift = row();
    const failed = row({ status: "failed", failure: { kind: "forbidden", message: "403", status: 403 } });
    expect(code([clean])).to.equal(EXIT.ok);
    expect(code([clean, gap])).to.equal(EXIT.gapsOrLockouts);
    expect(code([lockout])).to.equal(EXIT.gapsOrLockouts);
    expect(code([gap, drift])).to.equal(EXIT.drifted);
    expect(code([gap, drift, failed])).to.equal(EXIT.tenantsFailed);
    expect(code([])).to.equal(EXIT.ok);
  });
});

describe("progress on long work: stderr, only at a terminal", () => {
  it("shows done/total, the rate and the time left", () => {
    expect(progressLine("fleet drift: tenants", 25, 100, 5000)).to.equal("fleet drift: tenants 25/100, 5.0/s, about 15 s left");
    expect(progressLine("pages", 10, 1000, 1000)).to.equal("pages 10/1000, 10/s, about 1 min 39 s left");
    expect(progressLine("users", 1, 100000, 1000)).to.equal("users 1/100000, 1.0/s, about 27 h 46 min left");
    expect(progressLine("x", 4, 4, 2000)).to.equal("x 4/4, 2.0/s, done");
    expect(progressLine("x", 0, 4, 0)).to.equal("x 0/4, 0.0/s, about ? left");
  });

  it("writes one line rewritten in place at a terminal, at most every interval, and clears it at the end", () => {
    let t = 0;
    const written: string[] = [];
    const p = progress({ label: "tenants", total: 3, write: (s) => written.push(s), isTTY: true, now: () => t, intervalMs: 100 });
    t = 50;
    p.update(1);
    t = 60;
    p.update(2); // within the interval: skipped
    t = 80;
    p.update(3); // the last one always shows
    p.end();
    expect(written).to.deep.equal(["\r\u001b[2Ktenants 1/3, 20/s, about 1 s left", "\r\u001b[2Ktenants 3/3, 38/s, done", "\r\u001b[2K"]);
  });

  it("writes nothing when stderr is not a terminal (CI logs, pipes)", () => {
    const written: string[] = [];
    const p = progress({ label: "tenants", total: 3, write: (s) => written.push(s), isTTY: false });
    p.update(1);
    p.end();
    expect(written).to.deep.equal([]);
  });

  it("shows the fleet's progress on a terminal's stderr and keeps the JSON on stdout clean", async () => {
    const folder = stacksFolder({ a: freeStack(), b: freeStack() });
    try {
      let stdout = "";
      let stderr = "";
      const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), env: {}, stderrIsTTY: true };
      expect(await main(["plan", "--stacks-dir", folder.dir, "--format", "json"], io)).to.equal(EXIT.ok);
      expect(stderr).to.include("fleet plan: tenants 2/2").and.include("done");
      expect(JSON.parse(stdout).tenants).to.have.length(2);
      let ciStderr = "";
      await main(["plan", "--stacks-dir", folder.dir, "--format", "json"], { stdout: () => undefined, stderr: (s) => void (ciStderr += s), env: {} });
      expect(ciStderr).to.equal("");
    } finally {
      folder.cleanup();
    }
  });
});
