import { grantName, stateName } from "../diff/names";
import type { Finding } from "../guard/finding";
import type { DriftReport } from "../live/drift";
import type { Step1Counts, Step1Report } from "../step1/step1Report";
import { conditionsText } from "../format/formatPlan";
import type { PlanResult } from "../documents/planResult";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { SIGN_IN_CLIENT_APP_TYPES } from "../policies/graphTypes";
import { DISPLAY_NAME_PREFIX } from "../policies/wellKnownIds";
import type { CoverageReport, Verdict } from "../whatif/coverage";
import { escapeMarkdown as md, markdownCode } from "../format/escape";
import { type DirectoryNames, nameOf, NO_NAMES } from "./names";
import type { StackReport } from "./stackReport";
import { CLIENT_LABELS, VERDICT_WORDS } from "./words";

/**
 * Markdown for job summaries and pull-request comments (GitHub-flavoured). Every string from a tenant or a config
 * goes through `md` (or `markdownCode`): a display name cannot open a tag, end a table cell, mention anyone or link.
 */

const SEVERITY = { error: "❌ error", warning: "⚠️ warning", info: "ℹ️ info" } as const;

const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const tableOf = (headers: readonly string[], rows: readonly (readonly string[])[]) => [row(headers), row(headers.map(() => "---")), ...rows.map(row)];
const policyName = (displayName: string) => md(displayName.replace(`${DISPLAY_NAME_PREFIX} `, ""));

function whoMd(p: ConditionalAccessPolicy, names: DirectoryNames, side: "include" | "exclude"): string {
  const u = p.conditions.users;
  const pick = <T>(include: T, exclude: T) => (side === "include" ? include : exclude);
  const shown = [
    ...pick(u.includeUsers, u.excludeUsers).map((id) => nameOf("users", id, names)),
    ...pick(u.includeGroups, u.excludeGroups).map((id) => nameOf("groups", id, names)),
    ...pick(u.includeRoles, u.excludeRoles).map((id) => nameOf("roles", id, names)),
  ].map((n) => (n.source === "id" ? markdownCode(n.text) : md(n.text)));
  const guests = pick(u.includeGuestsOrExternalUsers, u.excludeGuestsOrExternalUsers);
  if (guests) shown.push(md(`guests: ${guests.guestOrExternalUserTypes}`));
  return shown.join(", ") || (side === "include" ? "no one" : "none");
}

/** The plan: Security Defaults, each policy with the names of whom it covers, and the guard's findings. */
export function planMarkdown(plan: PlanResult, names: DirectoryNames = NO_NAMES): string[] {
  const lines = [
    `### Sign-in security plan: ${md(plan.stack)}`,
    "",
    `Plan **${md(plan.plan)}**, protection **${md(plan.protection)}**, Security Defaults **${plan.securityDefaults.isEnabled ? "on" : "off"}**.`,
    "",
  ];
  if (plan.conditionalAccessPolicies.length === 0) lines.push("No Conditional Access policy.");
  else
    lines.push(
      ...tableOf(
        ["policy", "state", "applies to", "excluded", "apps", "conditions", "grant"],
        plan.conditionalAccessPolicies.map((p) => [
          policyName(p.displayName),
          stateName(p.state),
          whoMd(p, names, "include"),
          whoMd(p, names, "exclude"),
          p.conditions.applications.includeApplications.map((id) => md(nameOf("apps", id, names).text)).join(", "),
          md(conditionsText(p)),
          md(grantName(p.grantControls)),
        ]),
      ),
    );
  return [...lines, "", ...findingsMarkdown(plan.findings)];
}

/** The guard's findings, each with its fix (in its message). */
export function findingsMarkdown(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ["**Guard findings:** none."];
  return [
    "**Guard findings**",
    "",
    ...tableOf(
      ["severity", "rule", "policy", "finding and fix"],
      findings.map((f) => [SEVERITY[f.severity], markdownCode(f.rule), f.policy ? md(f.policy) : "", md(f.message)]),
    ),
  ];
}

const verdicts = (cell: string) =>
  cell
    .split("/")
    .map((v) => VERDICT_WORDS[v as Verdict] ?? md(v))
    .join(" / ");

/** The what-if: verdicts per persona and client type, then gaps, lockouts and deliberate choices. */
export function coverageMarkdown(report: CoverageReport): string[] {
  const list = (title: string, items: readonly { message: string; deliberate?: string }[]) =>
    items.length === 0
      ? [`**${title}:** none.`]
      : [`**${title} (${items.length})**`, "", ...items.map((i) => `- ${md(i.message)}${i.deliberate ? ` (why: ${md(i.deliberate)})` : ""}`)];
  const gaps = report.gaps.length + report.lockouts.length;
  return [
    `### ${gaps === 0 ? "✅" : "❌"} What-if for ${md(report.stack)}: ${report.gaps.length} gap(s), ${report.lockouts.length} lockout(s)`,
    "",
    `${report.evaluations} simulated sign-ins${report.securityDefaults ? " (Security Defaults on)" : ""}; ` +
      "verdicts across the key apps and every sign-in and user risk.",
    "",
    ...tableOf(
      ["persona", ...SIGN_IN_CLIENT_APP_TYPES.map((c) => CLIENT_LABELS[c])],
      report.personas.map((p) => [md(p.label), ...SIGN_IN_CLIENT_APP_TYPES.map((c) => verdicts(report.table[p.id]?.[c] ?? ""))]),
    ),
    "",
    ...list("Gaps", report.gaps),
    "",
    ...list("Lockouts", report.lockouts),
    "",
    ...list("Deliberate", report.deliberate),
  ];
}

const pct = (n: number, of: number) => (of === 0 ? "-" : `${Math.round((100 * n) / of)} %`);
const counts = (c: Step1Counts): string[] => {
  const required = c.requiredBySecurityDefaults + c.requiredByConditionalAccess;
  return [
    `${required} (${pct(required, c.users)})`,
    `${c.mfaRegistered} (${pct(c.mfaRegistered, c.users)})`,
    `${c.mfaCapable} (${pct(c.mfaCapable, c.users)})`,
    `${c.ssprCapable} (${pct(c.ssprCapable, c.users)})`,
  ];
};

/** Step 1's three results, admins apart, and each gap with its next step. */
export function step1Markdown(step1: Step1Report): string[] {
  const lines = ["### Step 1 results (MFA for remote workers)", ""];
  if (step1.available) {
    const m = counts(step1.members);
    const a = counts(step1.admins);
    lines.push(
      ...tableOf(
        ["result", `users without an admin role (${step1.members.users})`, `admins (${step1.admins.users})`],
        [
          ["1. required to use MFA", m[0], a[0]],
          ["2. registered MFA", m[1], a[1]],
          ["2. MFA-capable", m[2], a[2]],
          ["3. SSPR capable", m[3], a[3]],
        ],
      ),
    );
  } else {
    lines.push(`Registration details unavailable (${md(step1.reason)}): ${md(step1.message)}`, "", ...step1.cannotShow.map((w) => `- cannot show: ${md(w)}`));
  }
  lines.push("", step1.gaps.length === 0 ? "**Gaps:** none." : "**Gaps**", ...(step1.gaps.length ? [""] : []));
  for (const g of step1.gaps) lines.push(`- ${md(`${g.result} (${g.who}${g.count ? `, ${g.count}` : ""}): ${g.nextStep}`)}`);
  return lines;
}

/** The drift: what applying the stack changes in the tenant, per policy. */
export function driftMarkdown(drift: DriftReport): string[] {
  const sd = drift.securityDefaults;
  const shown = (v: unknown, absent: string) => (v === undefined ? absent : Array.isArray(v) ? `[${v.join(", ")}]` : JSON.stringify(v));
  return [
    `### Drift: ${drift.drifted ? "the tenant differs from the stack" : "the tenant matches the stack"}`,
    "",
    `Security Defaults: ${sd.status === "unchanged" ? "unchanged" : `change ${sd.tenant ? "on" : "off"} → ${sd.declared ? "on" : "off"}`}.`,
    "",
    ...(drift.policies.length === 0
      ? []
      : tableOf(
          ["policy", "status", "what changes"],
          drift.policies.map((p) => [
            md(p.displayName),
            p.status,
            "changes" in p ? p.changes.map((c) => md(`${c.field}: ${shown(c.tenant, "(not set)")} → ${shown(c.declared, "(not declared)")}`)).join("<br>") : "",
          ]),
        )),
  ];
}

/** `plan --format md`: the plan, and with `--against live` the drift and Step 1. */
export function formatPlanMarkdown(plan: PlanResult): string {
  const lines = [...planMarkdown(plan), ...(plan.drift ? ["", ...driftMarkdown(plan.drift)] : []), ...(plan.step1 ? ["", ...step1Markdown(plan.step1)] : [])];
  return `${lines.join("\n")}\n`;
}

/** `whatif --format md`. */
export const formatCoverageMarkdown = (report: CoverageReport): string => `${coverageMarkdown(report).join("\n")}\n`;

/** The whole stack report as markdown. */
export function formatStackMarkdown(report: StackReport): string {
  const { plan } = report;
  const proof =
    report.lockoutProblems.length === 0
      ? "**Lockout proof:** ✅ proven: break-glass needs nothing, every admin role keeps a sign-in MFA satisfies."
      : `**Lockout proof:** ❌ not proven\n\n${report.lockoutProblems.map((p) => `- ${md(p)}`).join("\n")}`;
  return `${[
    ...planMarkdown(plan, report.names),
    ...(report.nameNotes.length > 0 ? ["", "**Names**", "", ...report.nameNotes.map((n) => `- ${md(n)}`)] : []),
    "",
    ...coverageMarkdown(report.coverage),
    "",
    proof,
    ...(plan.step1 ? ["", ...step1Markdown(plan.step1)] : []),
    ...(plan.drift ? ["", ...driftMarkdown(plan.drift)] : []),
  ].join("\n")}\n`;
}
