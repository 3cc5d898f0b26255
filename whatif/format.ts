import { type CoverageReport, SECURITY_DEFAULTS_PARITY } from "./coverage";
import { SIGN_IN_CLIENT_APP_TYPES, type SignInClientAppType } from "../policies/graphTypes";
import { controlName } from "../policies/facts";
import { type Exclusion, exclusionLines } from "./exclusions";
import type { Evaluation, Outcome } from "./signIn";
import { PRIVILEGED_ROLES } from "../policies/wellKnownIds";
import { colours, SUMMARY_THRESHOLD, summaryLine, table, wrap } from "../text/terminal";

const SHORT: Readonly<Record<SignInClientAppType, string>> = {
  browser: "browser",
  mobileAppsAndDesktopClients: "apps",
  exchangeActiveSync: "EAS",
  other: "legacy",
};

/** What the table's short column names stand for. */
export const CLIENT_LEGEND =
  "browser: web browsers · apps: mobile apps and desktop clients · EAS: Exchange ActiveSync · legacy: other clients (legacy authentication)";

/**
 * The one line before a long gap list: how many gaps, whom they leave without MFA (all admin roles,
 * how many other personas) and on which clients, then the protections of Security Defaults lost, e.g.
 * "96 gaps: all 14 admin roles and 9 other personas, on every client; 4 protections of Security Defaults lost".
 */
export function gapSummary(report: CoverageReport): string {
  const simulated = report.gaps.filter((g) => g.persona !== SECURITY_DEFAULTS_PARITY);
  const lost = report.gaps.length - simulated.length;
  const personas = [...new Set(simulated.map((g) => g.persona))];
  const roles = new Set(Object.values(PRIVILEGED_ROLES));
  const admins = personas.filter((p) => roles.has(p)).length;
  const others = personas.length - admins;
  const who = [
    admins === 0 ? "" : admins === roles.size ? `all ${admins} admin roles` : `${admins} of ${roles.size} admin roles`,
    others === 0 ? "" : `${others} other persona${others === 1 ? "" : "s"}`,
  ].filter(Boolean);
  const clients = new Set(simulated.map((g) => g.clientAppType));
  const where =
    clients.size === SIGN_IN_CLIENT_APP_TYPES.length ? "on every client" : `on ${[...clients].map((c) => SHORT[c as SignInClientAppType] ?? c).join(", ")}`;
  const parity = lost === 0 ? "" : `${simulated.length === 0 ? "" : "; "}${lost} protection${lost === 1 ? "" : "s"} of Security Defaults lost`;
  return `${report.gaps.length} gaps: ${simulated.length === 0 ? "" : `${who.join(" and ")}, ${where}`}${parity}`;
}

/**
 * The coverage report for people, within 120 columns: one row a persona, one column a client type
 * (with a legend for the short names), then gaps, lockouts, deliberate choices, each list longer than
 * ten with a one-line summary first.
 */
export function formatCoverage(report: CoverageReport, options: { readonly color?: boolean } = {}): string {
  const c = colours(options.color ?? false);
  const header = ["persona", ...SIGN_IN_CLIENT_APP_TYPES.map((t) => SHORT[t])];
  const rows = report.personas.map((p) => [p.label, ...SIGN_IN_CLIENT_APP_TYPES.map((t) => report.table[p.id][t])]);
  const item = (i: { message: string; deliberate?: string }) => [
    ...wrap(i.message, "  - ", "    "),
    ...(i.deliberate ? wrap(i.deliberate, "      why: ", "           ") : []),
  ];
  const list = (title: string, items: readonly { message: string; deliberate?: string }[], summary: () => string, paint = (s: string) => s) =>
    items.length === 0
      ? [`${title}: none`]
      : [paint(`${title} (${items.length}):`), ...(items.length > SUMMARY_THRESHOLD ? [`  ${summary()}`] : []), ...items.flatMap(item)];
  return [
    ...wrap(`what-if for stack ${report.stack}: ${report.evaluations} sign-ins evaluated${report.securityDefaults ? " (Security Defaults on)" : ""}`, "", "  "),
    "verdicts across apps (any app, Office 365, Azure management, admin portals) and every sign-in/user risk:",
    ...table([header, ...rows]),
    ...wrap(CLIENT_LEGEND, "  ", "  "),
    "",
    ...list("gaps", report.gaps, () => gapSummary(report), c.red),
    ...list(
      "lockouts",
      report.lockouts,
      () =>
        summaryLine(
          "lockouts",
          report.lockouts.map((l) => l.persona),
        ),
      c.red,
    ),
    ...list("deliberate", report.deliberate, () =>
      summaryLine(
        "deliberate choices",
        report.deliberate.map((d) => d.persona),
      ),
    ),
    ...(report.simplifications.length > 0
      ? ["", `simplifications these verdicts depend on (${report.simplifications.length}):`, ...report.simplifications.flatMap((n) => wrap(n, "  - ", "    "))]
      : []),
  ].join("\n");
}

/** An outcome in words. */
function outcomeText(o: Outcome): string {
  return o.kind === "blocked"
    ? `blocked by ${o.by.join(", ")}${o.because ? ` (${o.because})` : ""}`
    : o.kind === "allowed"
      ? "allowed, nothing required"
      : `allowed after: ${o.requirements.map((r) => `(${r.controls.map(controlName).join(` ${r.operator} `)}) for "${r.policy}"`).join(" AND ")}`;
}

/**
 * One sign-in's answer: what happens (can this sign-in meet it), what the policies ask when that differs, each way
 * when it evaluated more than one, and the policies that would apply but exclude the user (`exclusions`), by name.
 */
export function formatEvaluation(evaluation: Evaluation, exclusions: readonly Exclusion[] = []): string {
  const levels = (e: Pick<Evaluation, "asks" | "outcome">, indent = "") => [
    `${indent}outcome: ${outcomeText(e.outcome)}`,
    ...(e.asks === e.outcome || JSON.stringify(e.asks) === JSON.stringify(e.outcome) ? [] : [`${indent}what the policies ask: ${outcomeText(e.asks)}`]),
  ];
  return [
    ...levels(evaluation),
    `applied: ${evaluation.applied.join(", ") || "none"}`,
    `report-only, would apply: ${evaluation.reportOnly.join(", ") || "none"}`,
    ...exclusionLines(exclusions).flatMap((line) => wrap(line, "", "  ")),
    ...(evaluation.ways
      ? [
          `evaluated ${evaluation.ways.length} ways (the outcome above is the strictest):`,
          ...evaluation.ways.flatMap((way) => [`  ${way.assumption}:`, ...levels(way, "    "), `    applied: ${way.applied.join(", ") || "none"}`]),
        ]
      : []),
    ...(evaluation.simplifications ?? []).map((n) => `simplification: ${n}`),
  ].join("\n");
}
