// The diff report for people (markdown for a pull request), for tools (JSON) and for the shell (the exit code).
import { escapeMarkdown, markdownCode } from "../format/escape";
import { EXIT } from "../documents/errors";
import type { PolicyChange } from "./changeKinds";
import { count } from "./names";
import type { DiffReport, HeadFinding } from "./report";

/** Markdown options. */
export interface MarkdownOptions {
  /**
   * Rows shown in the table before the rest is summed up, so the comment fits one screen.
   * @default 15
   */
  readonly maxRows?: number;
  /**
   * A heading line before the summary, e.g. the stack name.
   * @default - "Sign-in security diff"
   */
  readonly title?: string;
}

const WARNING = "⚠️";
const SEVERITY_MARK = { error: "❌", warning: "⚠️", info: "ℹ️" } as const;

/** A policy's name or a sentence quoting names from the tenant or the config: text, never markup, a mention or a link. */
const cell = escapeMarkdown;

/** The headline: how many changes, how many weaken protection. */
export function headline(report: DiffReport, heading = "Sign-in security diff"): string {
  const title = escapeMarkdown(heading);
  const { changes, weakening } = report.summary;
  if (changes === 0) return `### ✅ ${title}: no change to sign-in security`;
  if (weakening > 0) return `### ${WARNING} ${title}: ${count(changes, "change")}, ${weakening} weaken${weakening === 1 ? "s" : ""} protection`;
  return `### ${title}: ${count(changes, "change")}, none weakens protection`;
}

/** What a change is about: its policy, else a named location, the break-glass accounts or Security Defaults. */
function subject(change: PolicyChange): string {
  if (change.policy !== undefined) return change.policy;
  if (change.location !== undefined) return `named location "${change.location}"`;
  return change.kind.startsWith("break-glass") ? "break-glass accounts" : "Security Defaults";
}

function row(change: PolicyChange): string {
  return `| ${change.weakens ? WARNING : ""} | ${change.risk} | ${cell(subject(change))} | ${cell(change.sentence)} |`;
}

function findingLine(finding: HeadFinding): string {
  const policy = finding.policy ? ` (${escapeMarkdown(finding.policy)})` : "";
  return `- ${SEVERITY_MARK[finding.severity]} \`${finding.rule}\`${finding.isNew ? " **new**" : ""}${policy}: ${escapeMarkdown(finding.message)}`;
}

/** A pull-request comment: headline, the changes ranked by risk (weakening first, marked), then the head's guard findings. */
export function formatMarkdown(report: DiffReport, options: MarkdownOptions = {}): string {
  const maxRows = options.maxRows ?? 15;
  const s = report.summary;
  const counts = [
    ...(s.policiesAdded > 0 ? [`${count(s.policiesAdded, "policy", "policies")} added`] : []),
    ...(s.policiesRemoved > 0 ? [`${count(s.policiesRemoved, "policy", "policies")} removed`] : []),
    ...(s.policiesChanged > 0 ? [`${count(s.policiesChanged, "policy", "policies")} changed`] : []),
  ];
  const lines = [
    headline(report, options.title),
    "",
    `${markdownCode(report.base)} → ${markdownCode(report.head)}${counts.length > 0 ? ` · ${counts.join(" · ")}` : ""}`,
  ];
  if (report.changes.length > 0) {
    lines.push("", "| | risk | policy | what changes for sign-ins |", "|---|---|---|---|", ...report.changes.slice(0, maxRows).map(row));
    const rest = report.changes.slice(maxRows);
    if (rest.length > 0) {
      const weakening = rest.filter((c) => c.weakens).length;
      lines.push("", `… and ${count(rest.length, "more change")}${weakening > 0 ? ` (${weakening} weakening)` : ""}: see \`--format json\`.`);
    }
  }
  const findings = report.headFindings.filter((f) => f.severity !== "info" || f.isNew);
  if (findings.length > 0) lines.push("", "**Guard findings on the head**", "", ...findings.map(findingLine));
  if (report.notes.length > 0) lines.push("", ...report.notes.map((n) => `> ${escapeMarkdown(n)}`));
  return `${lines.join("\n")}\n`;
}

/** 0 when nothing changed, 4 when a change weakens protection, 5 for any other change (the codes of every command: `documents/errors.ts`). */
export function exitCodeOf(report: DiffReport): number {
  if (report.changes.length === 0) return EXIT.ok;
  return report.changes.some((c) => c.weakens) ? EXIT.weakens : EXIT.changed;
}

/** The report for tools: the `DiffReport` plus the exit code the CLI returns, pretty-printed. */
export function formatJson(report: DiffReport): string {
  return `${JSON.stringify({ ...report, exitCode: exitCodeOf(report) }, null, 2)}\n`;
}
