import { showControls } from "../text/terminal";

/**
 * Escaping for every string that comes from a tenant or a config (display names, ids, messages that quote them):
 * a name such as `<script>`, `| x |`, a backtick, `@team` or `https://evil.example` shows as the text it is,
 * never as markup, a table cell break, a mention or a link.
 */

const HTML: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]);
}

/** A zero-width space: it breaks a mention (`@team`), a reference (`#12`) or an autolink without showing. */
const ZERO_WIDTH_SPACE = "\u200b";
/** The same as an entity, visible in the markdown source (where GitHub renders HTML). */
const ZERO_WIDTH_SPACE_ENTITY = "&#8203;";

/** Where the escaped markdown is rendered. */
export interface MarkdownEscapeOptions {
  /**
   * Whether the renderer decodes HTML entities (GitHub does). Teams' Adaptive Cards do not: there the
   * zero-width space goes in as the character itself.
   * @default true
   */
  readonly entities?: boolean;
}

/** What opens inline markup anywhere in a line: code, emphasis, links and images, HTML, table cells, strikethrough, entities, math. */
const INLINE = /[\\`*_[\]<>|~&$]/;
/** What opens a block at the start of a line (a list item's text is one): a heading, a list, a quote, a setext underline. */
const BLOCK_START = /^(\s*)([#>+=-]|\d+[.)])/;

/**
 * Inline markdown text (GitHub-flavoured: job summaries, pull-request comments), one line, safe in a table cell or a
 * list item: what opens markup backslash-escaped; a zero-width space after `@` and `#` (no mention, no issue
 * reference), in `://` and before the dot of `www.` (no autolinked URL); line breaks and tabs become spaces, the
 * ends are trimmed (leading spaces would make a list item's text a code block), and any other control character
 * shows as its `\u001b` text. Ordinary text
 * (`entra-baseline: Require MFA for admins`) stays as it reads.
 */
export function escapeMarkdown(text: string, options: MarkdownEscapeOptions = {}): string {
  const BREAK = options.entities === false ? ZERO_WIDTH_SPACE : ZERO_WIDTH_SPACE_ENTITY;
  const line = showControls(text.replace(/[\r\n\t]+/g, " ").trim());
  const block = BLOCK_START.exec(line);
  // The mark's last character: `#`, `-` …, or the `.` of `1.`; ASCII, so its index is the same in code points.
  const blockMark = block ? block[1].length + block[2].length - 1 : -1;
  const chars = [...line];
  return chars
    .map((c, i) => {
      if (INLINE.test(c) || i === blockMark) return `\\${c}${c === "#" ? BREAK : ""}`;
      if (c === "@" || c === "#") return `${c}${BREAK}`;
      if (c === ":" && chars[i + 1] === "/" && chars[i + 2] === "/") return `:${BREAK}`;
      if (
        c === "." &&
        chars
          .slice(Math.max(0, i - 3), i)
          .join("")
          .toLowerCase() === "www"
      )
        return `${BREAK}.`;
      return c;
    })
    .join("");
}

/** Text in a monospace font, as markdown's inline HTML (a code span cannot hold every backtick run safely in a table): escaped as text. */
export const markdownCode = (text: string): string => `<code>${escapeMarkdown(text)}</code>`;
