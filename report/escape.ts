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

/** A zero-width space, as an entity: it breaks a mention (`@team`), a reference (`#12`) or an autolink without showing. */
const BREAK = "&#8203;";

/** CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones GitHub's markdown gives meaning. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>#+\-.!|~&:@=^$"']/;

/**
 * Inline markdown text (GitHub-flavoured: job summaries, pull-request comments), one line, safe in a table cell:
 * markup characters backslash-escaped; a zero-width space after `@` and `#` (no mention, no issue reference), in `://`
 * and before the dot of `www.` (no autolinked URL); line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  const chars = [...text.replace(/[\r\n\t]+/g, " ")];
  return chars
    .map((c, i) => {
      if (!MARKDOWN_PUNCTUATION.test(c)) return c;
      if (
        c === "." &&
        chars
          .slice(Math.max(0, i - 3), i)
          .join("")
          .toLowerCase() === "www"
      )
        return `${BREAK}\\.`;
      return `\\${c}${c === "@" || c === "#" || (c === ":" && chars[i + 1] === "/") ? BREAK : ""}`;
    })
    .join("");
}

/** Text in a monospace font, as markdown's inline HTML (a code span cannot hold every backtick run safely in a table): escaped as text. */
export const markdownCode = (text: string): string => `<code>${escapeMarkdown(text)}</code>`;
