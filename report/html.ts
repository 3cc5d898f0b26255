import { createHash } from "crypto";
import { REPORT_CSS } from "./css";
import { escapeHtml as h } from "../format/escape";
import { nameOf, type DirectoryNames, type NameKind } from "./names";

/** HTML that is already safe: built only by the helpers below, from escaped text. */
export interface Html {
  readonly html: string;
}

/** Marks built markup as safe; every string from a tenant or config goes through {@link text} (or `h`) first. */
export const raw = (html: string): Html => ({ html });
/** Text, escaped. */
export const text = (value: string | number): Html => raw(h(String(value)));
export const join = (parts: readonly Html[], separator = ""): Html => raw(parts.map((p) => p.html).join(separator));

type Content = Html | string | number;
const content = (c: Content): string => (typeof c === "object" ? c.html : h(String(c)));

/** An element: `tag` and `attributes` are the code's own; children are escaped unless already {@link Html}. */
export function el(tag: string, attributes: Readonly<Record<string, string | undefined>>, ...children: readonly Content[]): Html {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${h(v!)}"`)
    .join("");
  return raw(`<${tag}${attrs}>${children.map(content).join("")}</${tag}>`);
}

/** The hash the Content-Security-Policy allows the stylesheet by: no other style, script, font, frame or request. */
export const styleHash = (css: string): string => `'sha256-${createHash("sha256").update(css, "utf8").digest("base64")}'`;

/** The policy itself: nothing may load or run; only the inline stylesheet (by hash) and data: images. */
export const contentSecurityPolicy = (css: string): string =>
  `default-src 'none'; style-src ${styleHash(css)}; img-src data:; base-uri 'none'; form-action 'none'`;

/** A whole self-contained page: a strict CSP meta tag, the inline stylesheet, a skip link, then `body`. */
export function page(title: string, body: Html): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(contentSecurityPolicy(REPORT_CSS))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${h(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    "</head>",
    "<body>",
    '<a class="skip" href="#main">Skip to the report</a>',
    body.html,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** A table with a caption, column headers (`scope="col"`) and, when `rowHeader`, the first cell of each row a row header (`scope="row"`). */
export function table(
  caption: string,
  headers: readonly Content[],
  rows: readonly (readonly Content[])[],
  options: { rowHeader?: boolean; wide?: boolean } = {},
) {
  const head = el("thead", {}, el("tr", {}, ...headers.map((c) => el("th", { scope: "col" }, c))));
  const body = el(
    "tbody",
    {},
    ...rows.map((row) => el("tr", {}, ...row.map((c, i) => (i === 0 && options.rowHeader !== false ? el("th", { scope: "row" }, c) : el("td", {}, c))))),
  );
  return scroll(caption, el("table", { class: options.wide ? "wide" : undefined }, el("caption", {}, caption), head, body));
}

/** A region that scrolls sideways when its table is wider than the screen: focusable and named, so keyboard users can scroll it too. */
export const scroll = (label: string, inner: Html): Html => raw(`<div class="scroll" role="region" tabindex="0" aria-label="${h(label)}">${inner.html}</div>`);

/** A list, or a word when empty. */
export const list = (items: readonly Content[], empty = "none"): Html =>
  items.length === 0 ? text(empty) : el("ul", {}, ...items.map((i) => el("li", {}, i)));

/** A directory object by name: the tenant's, a well-known one, else its id; users and groups keep their id beside the name. */
export function named(kind: NameKind, id: string, names: DirectoryNames): Html {
  const shown = nameOf(kind, id, names);
  if (shown.source === "id") return el("code", {}, id);
  const withId = shown.id !== undefined && (kind === "users" || kind === "groups");
  return join([text(shown.text), ...(withId ? [el("span", { class: "id" }, shown.id!)] : [])]);
}

const barSvg = (pct: number): Html =>
  raw(
    `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">` +
      `<rect class="track" width="100" height="10"></rect><rect class="fill" width="${Math.max(0, Math.min(100, pct))}" height="10"></rect></svg>`,
  );

/** A count of a total as text and as a bar; the bar is decoration (`aria-hidden`), the text says it. */
export function bar(count: number, of: number): Html {
  const pct = of === 0 ? 0 : Math.round((100 * count) / of);
  return join([el("span", { class: "num" }, of === 0 ? `${count} of ${of}` : `${count} of ${of} (${pct} %)`), barSvg(pct)]);
}

/** A percentage as text and as a bar. */
export const percentBar = (pct: number): Html => join([el("span", { class: "num" }, `${pct.toFixed(1)} %`), barSvg(Number.isFinite(pct) ? pct : 0)]);

/** A boxed sentence: `good`, `bad` or `warn` says it with a word first ("Proven", "Gap" …), the colour only repeats it. */
export const callout = (kind: "good" | "bad" | "warn" | "info", ...children: readonly Content[]): Html =>
  el("div", { class: `callout ${kind === "info" ? "" : kind}`.trim() }, ...children);

/** A section with its heading, linked from the page's contents. */
export const section = (id: string, heading: string, ...children: readonly Content[]): Html =>
  el("section", { id, "aria-labelledby": `${id}-h` }, el("h2", { id: `${id}-h` }, heading), ...children);
