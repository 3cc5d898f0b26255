import stringWidth from "string-width";

/**
 * Text for people at a terminal: 120 columns, long sentences wrapped under their first word, table
 * cells cut with an ellipsis, a one-line summary before a long list, colours only on a terminal.
 * Widths are display columns (`string-width`: wide characters count two, colour codes none).
 */

/** The widest line the commands print for people. */
export const TERMINAL_WIDTH = 120;

/** Lists longer than this get a one-line summary before them. */
export const SUMMARY_THRESHOLD = 10;

export const displayWidth = (text: string): number => stringWidth(text);

/**
 * Control characters (a newline in a stack name, an escape sequence from a tenant) as the visible text `\u001b`:
 * shown, never obeyed by a terminal or a markdown renderer.
 */
export const showControls = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** `text` cut to `width` display columns, the cut marked with "…". */
export function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let kept = "";
  for (const character of text) {
    if (displayWidth(`${kept}${character}…`) > width) break;
    kept += character;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * A paragraph wrapped to `width` columns: the first line starts with `first`, the others are
 * indented to `rest` (a finding's message under its first word). A word longer than a line is broken;
 * control characters in the text are shown as text ({@link printable}).
 */
export function wrap(text: string, first: string, rest: string, width = TERMINAL_WIDTH): string[] {
  const wrapAnsi = require("wrap-ansi") as (text: string, columns: number, options?: { hard?: boolean; trim?: boolean }) => string;
  const room = Math.max(10, width - Math.max(displayWidth(first), displayWidth(rest)));
  // The text is data (a finding quoting a display name): made printable; the leads are this project's own.
  return wrapAnsi(printable(text), room, { hard: true })
    .split("\n")
    .map((line, i) => `${i === 0 ? first : rest}${line}`.trimEnd());
}

/**
 * Text from outside (display names, ids, messages quoting them) made safe to print at a terminal: control characters
 * (an escape sequence could recolour, move the cursor or rewrite the line; a newline or carriage return could forge a
 * line of its own) and bidirectional overrides are shown as `\x1b`, `\n`, `\u202e`; a tab becomes a space.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (character) => {
    if (character === "\t") return " ";
    if (character === "\n") return "\\n";
    if (character === "\r") return "\\r";
    const code = character.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * Lines for people, each made {@link printable} and wrapped to `width` columns. A line that is too wide continues
 * under its text: a `- ` item under the item's first word, a line laid out in columns (`  rename     <name>`)
 * under its last column, any other line two columns in from its indent.
 */
export function fitLines(lines: readonly string[], width = TERMINAL_WIDTH): string[] {
  return lines.flatMap((line) => {
    const safe = printable(line);
    if (displayWidth(safe) <= width) return [safe];
    const indent = /^ */.exec(safe)![0];
    const column = /^ *- /.exec(safe)?.[0] ?? /^ *\S+ {2,}/.exec(safe)?.[0];
    // A lead wider than a third of the line (a long first word) is no column: the line wraps under its indent.
    const lead = column !== undefined && displayWidth(column) <= width / 3 ? column : indent.slice(0, Math.floor(width / 3));
    const hang = lead.trim() === "" ? lead.length + 2 : displayWidth(lead);
    return wrap(safe.slice(lead.length), lead, " ".repeat(hang), width);
  });
}

/**
 * Rows laid out in columns two spaces apart, within `width` columns after `indent`. When the
 * natural widths do not fit, the widest column gives up a column at a time (never below its
 * header's width), and cells that no longer fit are cut with "…". The first row is the header.
 */
export function table(rows: readonly (readonly string[])[], indent = "  ", width = TERMINAL_WIDTH): string[] {
  if (rows.length === 0) return [];
  const columns = rows[0].length;
  const natural = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((row) => displayWidth(printable(row[c] ?? "")))));
  const floor = rows[0].map((header) => Math.max(displayWidth(header), 4));
  const widths = [...natural];
  const room = width - displayWidth(indent) - 2 * (columns - 1);
  while (widths.reduce((a, b) => a + b, 0) > room) {
    const widest = widths.reduce((best, w, c) => (w > floor[c] && (widths[best] <= floor[best] || w > widths[best]) ? c : best), 0);
    if (widths[widest] <= floor[widest]) break;
    widths[widest]--;
  }
  return rows.map((row) =>
    `${indent}${row
      .map((cell, c) => {
        const shown = cut(printable(cell ?? ""), widths[c]);
        return c === columns - 1 ? shown : `${shown}${" ".repeat(widths[c] - displayWidth(shown))}`;
      })
      .join("  ")}`.trimEnd(),
  );
}

/**
 * "N title: 5 × a, 3 × b, 2 × c and 4 more": the count of a list by the key of each item, the most
 * frequent first, for the line before a long list.
 */
export function summaryLine(title: string, keys: readonly string[], shown = 3): string {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const parts = ranked.slice(0, shown).map(([key, n]) => (n > 1 ? `${n} × ${key}` : key));
  const more = ranked.length - shown;
  return `${keys.length} ${title}: ${parts.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/** Colour functions that colour only when asked: at a terminal, and not under NO_COLOR. */
export interface Colours {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

export function colours(enabled: boolean): Colours {
  const { createColors } = require("picocolors") as typeof import("picocolors");
  const c = createColors(enabled);
  return { red: c.red, yellow: c.yellow, green: c.green, dim: c.dim, bold: c.bold };
}

/**
 * Whether a stream is a terminal that takes colour: `NO_COLOR` (any value, https://no-color.org)
 * and `TERM=dumb` turn colour off; a pipe or a file never gets it, so saved output is plain text.
 */
export function colourWanted(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}
