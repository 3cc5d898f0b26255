import type { YAMLError } from "yaml";

/** A YAML text that does not parse: the line and column of the mistake, and the lines around it. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    readonly frame: string,
  ) {
    super(`not valid YAML at line ${line}, column ${column}: ${reason}\n${frame}`);
    this.name = "YamlSyntaxError";
  }
}

/**
 * The lines around `line` (1-based), numbered, the line itself marked with `>` and the column with
 * a caret, as compilers show a mistake. Tabs are shown as one space, so the caret stays under its character.
 */
export function codeFrame(text: string, line: number, column: number, around = 2): string {
  const lines = text.split("\n");
  const first = Math.max(1, line - around);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const rows: string[] = [];
  for (let n = first; n <= last; n++) {
    const content = (lines[n - 1] ?? "").replace(/\t/g, " ");
    rows.push(`${n === line ? ">" : " "} ${String(n).padStart(width)} | ${content}`.trimEnd());
    if (n === line) rows.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}^`);
  }
  return rows.join("\n");
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split("\n").length;
const columnOf = (text: string, offset: number) => offset - text.lastIndexOf("\n", offset - 1);

/**
 * The offset of a quoted scalar or a `[…]` / `{…}` list that never closes: where the mistake is, not
 * the end of the file or the next key, where the parser noticed it.
 */
function unclosed(text: string): { offset: number; what: string } | undefined {
  const { Parser } = require("yaml") as typeof import("yaml");
  let found: { offset: number; what: string } | undefined;
  const visit = (token: unknown): void => {
    if (found !== undefined || token === null || typeof token !== "object") return;
    const t = token as { type?: string; source?: string; offset: number; start?: { source: string }; end?: { source: string }[] };
    if ((t.type === "double-quoted-scalar" || t.type === "single-quoted-scalar") && typeof t.source === "string") {
      const quote = t.source[0];
      if (t.source.length < 2 || !t.source.endsWith(quote) || t.source.endsWith(`\\${quote}`)) found = { offset: t.offset, what: "this quote is never closed" };
      return;
    }
    if (t.type === "flow-collection" && t.start && !(t.end ?? []).some((e) => e.source === "]" || e.source === "}")) {
      found = { offset: t.offset, what: `this ${t.start.source === "[" ? "[ list" : "{ mapping"} is never closed` };
      return;
    }
    for (const value of Object.values(token)) {
      if (Array.isArray(value)) value.forEach(visit);
      else visit(value);
    }
  };
  for (const token of new Parser().parse(text)) visit(token);
  return found;
}

/**
 * Where a YAML mistake is. The parser reports an unclosed quote at the end of the file, and a line
 * indented too far as a "compact mapping" on the line above: both are moved to the line to fix.
 */
function whereToFix(text: string, errors: readonly YAMLError[]): { offset: number; reason: string } {
  const [first] = errors;
  const said = first.message.split(" at line ")[0];
  const reason = said[0].toLowerCase() + said.slice(1);
  if (first.code === "MISSING_CHAR" || first.code === "BAD_INDENT" || first.code === "UNEXPECTED_TOKEN") {
    const opened = unclosed(text);
    if (opened !== undefined) return { offset: opened.offset, reason: opened.what };
  }
  const multiline = errors.find((e) => e.code === "MULTILINE_IMPLICIT_KEY");
  if (first.code === "BLOCK_AS_IMPLICIT_KEY" && multiline) {
    const end = multiline.pos[1];
    const lineStart = text.lastIndexOf("\n", end - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0].length;
    return { offset: lineStart + indent, reason: "a key indented differently from the keys above it, or a value that runs on to this line" };
  }
  return { offset: first.pos[0], reason };
}

/** A YAML document's value; a syntax error throws a `YamlSyntaxError` at the line to fix, with a code frame. */
export function parseYaml(text: string): unknown {
  const { parseDocument } = require("yaml") as typeof import("yaml");
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    const { offset, reason } = whereToFix(text, document.errors);
    const line = lineOf(text, offset);
    const column = columnOf(text, offset);
    throw new YamlSyntaxError(line, column, reason, codeFrame(text, line, column));
  }
  return document.toJS({ maxAliasCount: 100 });
}
