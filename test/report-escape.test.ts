import { expect } from "chai";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { parseFragment } from "parse5";
import { elements, type HtmlNode, textOf } from "./support/htmlTree";
import { escapeHtml, escapeMarkdown, markdownCode } from "../format/escape";
import { HOSTILE_NAMES } from "./fixtures/hostileReport";

/** GitHub-like markdown: inline HTML allowed, bare URLs linked (GitHub's autolinks). */
const markdown = new MarkdownIt({ html: true, linkify: true });
const ZWSP = /\u200b/g;

/** Text a tenant could hold: printable characters, weighted to the ones markup gives meaning. */
const tenantText = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."<>&\"'`|*_[]()#@!:/.-+~=\\{}$^ aZ9w\n"), maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(...Object.values(HOSTILE_NAMES)),
);
const printable = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");

/** The single cell of a one-row markdown table whose cell holds `cellMarkdown`, as markdown-it renders it. */
function renderedCell(cellMarkdown: string): HtmlNode {
  const html = markdown.render(`| head |\n| --- |\n| ${cellMarkdown} |\n`);
  const cells = elements(parseFragment(html) as HtmlNode).filter((e) => e.nodeName === "td");
  expect(cells, html).to.have.length(1);
  return cells[0];
}

describe("escaping: every tenant or config string shows as the text it is", () => {
  it("escapeHtml: any text parses back to itself as one text node, in content and in a quoted attribute", () => {
    fc.assert(
      fc.property(tenantText.map(printable), (text) => {
        const fragment = parseFragment(`<td title="${escapeHtml(text)}">${escapeHtml(text)}</td>`) as HtmlNode;
        const all = elements(fragment);
        expect(all.map((e) => e.nodeName)).to.deep.equal(["td"]);
        expect(textOf(all[0])).to.equal(text.replace(/\r\n?/g, "\n"));
        expect(all[0].attrs).to.deep.equal([{ name: "title", value: text.replace(/\r\n?/g, "\n") }]);
      }),
      { numRuns: 200 },
    );
  });

  it("escapeMarkdown: any text stays in its table cell as plain text: no element, no link, no mention or reference", () => {
    fc.assert(
      fc.property(tenantText.map(printable), (text) => {
        const cell = renderedCell(escapeMarkdown(text));
        expect(elements(cell).map((e) => e.nodeName)).to.deep.equal([]);
        const shown = textOf(cell).replace(ZWSP, "");
        expect(shown).to.equal(text.replace(/[\r\n\t]+/g, " ").trim());
        expect(textOf(cell)).to.not.match(/@[A-Za-z0-9]|#[0-9]|:\/\/|www\./);
      }),
      { numRuns: 200 },
    );
  });

  it("escapeMarkdown: any text stays one list item of plain text (where a heading, list or quote could start)", () => {
    fc.assert(
      fc.property(tenantText.map(printable), (text) => {
        const html = markdown.render(`- ${escapeMarkdown(text)}\n`);
        const items = elements(parseFragment(html) as HtmlNode);
        expect(
          items.map((e) => e.nodeName),
          html,
        ).to.deep.equal(["ul", "li"]);
        expect(textOf(items[1]).replace(ZWSP, "").trim()).to.equal(text.replace(/[\r\n\t]+/g, " ").trim());
      }),
      { numRuns: 200 },
    );
  });

  it("escapeMarkdown: leaves ordinary text as it reads", () => {
    expect(escapeMarkdown("entra-baseline: Require multifactor authentication for admins (report-only)")).to.equal(
      "entra-baseline: Require multifactor authentication for admins (report-only)",
    );
    expect(escapeMarkdown("1. first")).to.equal("1\\. first");
  });

  it("markdownCode: monospace text that is still only text", () => {
    fc.assert(
      fc.property(tenantText.map(printable), (text) => {
        const cell = renderedCell(markdownCode(text));
        expect(elements(cell).map((e) => e.nodeName)).to.deep.equal(["code"]);
        expect(textOf(cell).replace(ZWSP, "")).to.equal(text.replace(/[\r\n\t]+/g, " ").trim());
      }),
      { numRuns: 200 },
    );
  });

  it("escapes the hostile names the specs use everywhere: script, pipes, backticks, mentions, links", () => {
    expect(escapeHtml(HOSTILE_NAMES.script)).to.equal("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(escapeMarkdown(HOSTILE_NAMES.pipe)).to.equal("Finance \\| Admins \\|\\| x");
    expect(escapeMarkdown("@everyone")).to.equal("@&#8203;everyone");
    expect(escapeMarkdown("a\nb")).to.equal("a b");
    expect(markdown.render(escapeMarkdown(HOSTILE_NAMES.link))).to.not.contain("<a");
  });
});
