import type { CoverageReport } from "./coverage";
import { SIGN_IN_CLIENT_APP_TYPES, type SignInClientAppType } from "../policies/graphTypes";
import { controlName } from "../policies/facts";
import type { Evaluation } from "./signIn";

const SHORT: Readonly<Record<SignInClientAppType, string>> = {
  browser: "browser",
  mobileAppsAndDesktopClients: "apps",
  exchangeActiveSync: "EAS",
  other: "legacy",
};

/** The coverage report for people: one row a persona, one column a client type, then gaps, lockouts, deliberate choices. */
export function formatCoverage(report: CoverageReport): string {
  const header = ["persona", ...SIGN_IN_CLIENT_APP_TYPES.map((c) => SHORT[c])];
  const rows = report.personas.map((p) => [p.label, ...SIGN_IN_CLIENT_APP_TYPES.map((c) => report.table[p.id][c])]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const line = (r: string[]) =>
    `  ${r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd()}`;
  const list = (title: string, items: readonly { message: string; deliberate?: string }[]) =>
    items.length === 0
      ? [`${title}: none`]
      : [`${title} (${items.length}):`, ...items.map((i) => `  - ${i.message}${i.deliberate ? `\n      why: ${i.deliberate}` : ""}`)];
  return [
    `what-if for stack ${report.stack}: ${report.evaluations} sign-ins evaluated${report.securityDefaults ? " (Security Defaults on)" : ""}`,
    "verdicts across apps (any app, Office 365, Azure management, admin portals) and every sign-in/user risk:",
    line(header),
    ...rows.map(line),
    "",
    ...list("gaps", report.gaps),
    ...list("lockouts", report.lockouts),
    ...list("deliberate", report.deliberate),
    ...(report.simplifications.length > 0
      ? ["", `simplifications these verdicts depend on (${report.simplifications.length}):`, ...report.simplifications.map((n) => `  - ${n}`)]
      : []),
  ].join("\n");
}

/** One sign-in's answer. */
export function formatEvaluation(evaluation: Evaluation): string {
  const o = evaluation.outcome;
  const outcome =
    o.kind === "blocked"
      ? `blocked by ${o.by.join(", ")}${o.because ? ` (${o.because})` : ""}`
      : o.kind === "allowed"
        ? "allowed, nothing required"
        : `allowed after: ${o.requirements.map((r) => `(${r.controls.map(controlName).join(` ${r.operator} `)}) for "${r.policy}"`).join(" AND ")}`;
  return [
    `outcome: ${outcome}`,
    `applied: ${evaluation.applied.join(", ") || "none"}`,
    `report-only, would apply: ${evaluation.reportOnly.join(", ") || "none"}`,
    ...(evaluation.simplifications ?? []).map((n) => `simplification: ${n}`),
  ].join("\n");
}
