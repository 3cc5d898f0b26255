import { grantName, stateName } from "../diff/names";
import type { Finding } from "../guard/finding";
import type { DriftReport } from "../live/drift";
import type { Step1Counts, Step1Report } from "../step1/step1Report";
import { conditionsText } from "../format/formatPlan";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { DISPLAY_NAME_PREFIX } from "../policies/wellKnownIds";
import { escapeHtml as h } from "../format/escape";
import { cellOf, CLIENT_LABELS, countsOf, HEAT_APP_LABELS, SEVERITY_WORDS, VERDICT_WORDS } from "./words";
import { exclusionsOf } from "./exclusions";
import type { HeatCell, HeatMap } from "./heatMap";
import { bar, callout, el, type Html, join, list, named, page, raw, section, table, text } from "./html";
import type { DirectoryNames } from "./names";
import { RULE_DESCRIPTIONS, type StackReport } from "./stackReport";

/** A policy's display name without the project's prefix (a tenant policy's, as it is). */
const policyName = (displayName: string) => displayName.replace(`${DISPLAY_NAME_PREFIX} `, "");

function heatCell(cell: HeatCell, persona: HeatMap["rows"][number]["persona"]): string {
  const { words, tone } = cellOf(cell, persona);
  return `<td class="v-${tone}">${words.map((w) => `<span>${h(w)}</span>`).join("")}</td>`;
}

function heatMapTable(report: StackReport): Html {
  const { heatMap } = report;
  const clients = heatMap.clientAppTypes;
  const groupRow = `<tr><td></td>${clients.map((c) => `<th scope="colgroup" colspan="${heatMap.apps.length}">${h(CLIENT_LABELS[c])}</th>`).join("")}</tr>`;
  const appHeads = heatMap.apps.map((a) => `<th scope="col">${h(HEAT_APP_LABELS[a] ?? a)}</th>`).join("");
  const appRow = `<tr><th scope="col">persona</th>${clients.map(() => appHeads).join("")}</tr>`;
  const rows = heatMap.rows.map(
    (row) => `<tr><th scope="row">${h(row.persona.label)}</th>${row.cells.flatMap((byApp) => byApp.map((cell) => heatCell(cell, row.persona))).join("")}</tr>`,
  );
  const caption = "Verdicts by persona, client type and app, across every sign-in and user risk";
  return raw(
    `<div class="scroll" role="region" tabindex="0" aria-label="${caption}"><table class="heat"><caption>${caption}</caption>` +
      `<colgroup span="1"></colgroup>${clients.map(() => `<colgroup span="${heatMap.apps.length}"></colgroup>`).join("")}` +
      `<thead>${groupRow}${appRow}</thead><tbody>${rows.join("")}</tbody></table></div>`,
  );
}

const legend = el(
  "ul",
  { class: "legend", "aria-label": "legend" },
  el("li", {}, el("span", { class: "v-ok" }, VERDICT_WORDS.MFA), " MFA (or a stronger method) is required"),
  el("li", {}, el("span", { class: "v-open" }, VERDICT_WORDS.allowed), " signs in without MFA: a gap, unless break-glass or a documented exclusion"),
  el("li", {}, el("span", { class: "v-block" }, VERDICT_WORDS.blocked), " the sign-in is blocked"),
  el("li", {}, el("span", { class: "v-ok" }, "✓ nothing asked"), " break-glass signs in with nothing required, as emergency access must"),
  el(
    "li",
    {},
    el("span", { class: "v-warn" }, "▲"),
    " break-glass asked for something (a lockout risk), or an excluded account without MFA (deliberate, see below)",
  ),
);

function coverageSection(report: StackReport): Html {
  const c = report.coverage;
  const findings = (title: string, items: readonly { message: string; deliberate?: string }[]) =>
    join([
      el("h3", {}, `${title} (${items.length})`),
      list(items.map((i) => (i.deliberate ? join([text(i.message), el("br", {}), text(`why: ${i.deliberate}`)]) : i.message))),
    ]);
  return section(
    "whatif",
    "What-if: who signs in how",
    el("p", { class: "lede" }, `${c.evaluations} simulated sign-ins against the planned policies${c.securityDefaults ? " and Security Defaults" : ""}.`),
    c.gaps.length + c.lockouts.length === 0
      ? callout("good", el("strong", {}, "No gap, no lockout: "), "every persona needs MFA or is blocked, and every admin can sign in.")
      : callout("bad", el("strong", {}, `${c.gaps.length} gap(s), ${c.lockouts.length} lockout(s): `), "see the lists below the table."),
    legend,
    heatMapTable(report),
    findings("Gaps", c.gaps),
    findings("Lockouts", c.lockouts),
    findings("Deliberate", c.deliberate),
    ...(c.simplifications.length > 0 ? [el("h3", {}, "What the verdicts assume"), list(c.simplifications)] : []),
  );
}

function lockoutSection(report: StackReport): Html {
  const bg = report.plan.breakGlass.users.length + report.plan.breakGlass.groups.length;
  return section(
    "lockout",
    "Lockout proof",
    report.lockoutProblems.length === 0
      ? callout(
          "good",
          el("strong", {}, "Proven: "),
          `${bg} break-glass principal(s) sign in with nothing required from every client to every key app at every risk, ` +
            "and every privileged role keeps a sign-in that MFA can satisfy (simulated against the enabled policies).",
        )
      : callout("bad", el("strong", {}, `Not proven, ${report.lockoutProblems.length} problem(s):`), list(report.lockoutProblems)),
  );
}

function who(p: ConditionalAccessPolicy, names: DirectoryNames, side: "include" | "exclude"): Html {
  const u = p.conditions.users;
  const items: Html[] = [
    ...(side === "include" ? u.includeUsers : u.excludeUsers).map((id) => named("users", id, names)),
    ...(side === "include" ? u.includeGroups : u.excludeGroups).map((id) => join([text("group "), named("groups", id, names)])),
    ...(side === "include" ? u.includeRoles : u.excludeRoles).map((id) => named("roles", id, names)),
  ];
  const guests = side === "include" ? u.includeGuestsOrExternalUsers : u.excludeGuestsOrExternalUsers;
  if (guests) items.push(text(`guests: ${guests.guestOrExternalUserTypes}`));
  return list(items, side === "include" ? "no one" : "none");
}

function policiesSection(report: StackReport): Html {
  const { plan, names } = report;
  if (plan.conditionalAccessPolicies.length === 0)
    return section(
      "policies",
      "Policies",
      el("p", {}, `No Conditional Access policy: Security Defaults are ${plan.securityDefaults.isEnabled ? "on" : "off"}.`),
    );
  const rows = plan.conditionalAccessPolicies.map((p) => [
    policyName(p.displayName),
    stateName(p.state),
    who(p, names, "include"),
    who(p, names, "exclude"),
    list(p.conditions.applications.includeApplications.map((id) => named("apps", id, names))),
    conditionsText(p),
    `${grantName(p.grantControls)}${p.sessionControls?.signInFrequency?.frequencyInterval === "everyTime" ? ", every time" : ""}`,
  ]);
  return section(
    "policies",
    "Policies",
    ...(report.nameNotes.length > 0 ? [callout("warn", el("strong", {}, "Names: "), list(report.nameNotes))] : []),
    table("Conditional Access policies", ["policy", "state", "applies to", "excluded", "apps", "conditions", "grant"], rows, { wide: true }),
  );
}

function exclusionsSection(report: StackReport): Html {
  const { plan, names } = report;
  const rows = exclusionsOf(plan.conditionalAccessPolicies, plan.breakGlass).map((e) => [
    e.kind === "guests" ? text(`guests: ${e.id}`) : named(e.kind, e.id, names),
    e.breakGlass ? `break-glass ${e.kind === "groups" ? "group" : "account"}` : e.kind === "guests" ? "guest types" : e.kind.replace(/s$/, ""),
    e.from.length === plan.conditionalAccessPolicies.length ? text("every policy") : list(e.from.map(policyName)),
    e.breakGlass && e.notFrom.length > 0
      ? el("span", { class: "status-bad" }, `Not excluded from ${e.notFrom.map(policyName).join(", ")}: emergency access must be excluded everywhere`)
      : e.breakGlass
        ? el("span", { class: "status-good" }, "Excluded everywhere, as emergency access must be")
        : text(""),
  ]);
  return section(
    "excluded",
    "Who is excluded from what",
    rows.length === 0 ? el("p", {}, "Nobody is excluded.") : table("Exclusions", ["who", "kind", "excluded from", "note"], rows),
  );
}

function step1Rows(label: string, c: Step1Counts): Html[][] {
  const required = c.requiredBySecurityDefaults + c.requiredByConditionalAccess;
  return [
    [text(`${label}: 1. required to use MFA`), bar(required, c.users)],
    [text(`${label}: 2. registered MFA`), bar(c.mfaRegistered, c.users)],
    [text(`${label}: 2. MFA-capable`), bar(c.mfaCapable, c.users)],
    [text(`${label}: 3. SSPR capable`), bar(c.ssprCapable, c.users)],
  ];
}

function step1Section(step1: Step1Report | undefined): Html {
  if (!step1) return section("step1", "Step 1 results", el("p", {}, "Not read: the report was made offline (run it with --against live)."));
  const gaps = list(step1.gaps.map((g) => `${g.result} (${g.who}${g.count ? `, ${g.count}` : ""}): ${g.nextStep}`));
  if (!step1.available) {
    return section(
      "step1",
      "Step 1 results",
      callout("warn", el("strong", {}, `Registration details unavailable (${step1.reason}): `), step1.message),
      list(step1.cannotShow.map((w) => `cannot show: ${w}`)),
      el("h3", {}, "Gaps"),
      gaps,
    );
  }
  return section(
    "step1",
    "Step 1 results",
    table(
      "MFA for remote workers: the three results, admins apart",
      ["result", "users"],
      [...step1Rows("users without an admin role", step1.members), ...step1Rows("admins", step1.admins)],
    ),
    ...(step1.perUserMfa
      ? [el("p", {}, `Still on per-user MFA: ${step1.perUserMfa.enabled + step1.perUserMfa.enforced} of ${step1.perUserMfa.audited}.`)]
      : []),
    el("h3", {}, "Gaps"),
    gaps,
  );
}

const show = (value: unknown, absent: string) => (value === undefined ? absent : Array.isArray(value) ? `[${value.join(", ")}]` : JSON.stringify(value));

function driftSection(drift: DriftReport | undefined): Html {
  if (!drift) return section("drift", "Drift", el("p", {}, "Not read: the report was made offline (run it with --against live)."));
  const rows = drift.policies.map((p) => [
    p.displayName,
    p.status,
    "changes" in p && p.changes.length > 0
      ? list(p.changes.map((c) => `${c.field}: ${show(c.tenant, "(not set)")} → ${show(c.declared, "(not declared)")}`))
      : p.status === "duplicate"
        ? text(`${p.sameName ? "has the display name of" : "enforces the same as"} ${p.of}: delete it`)
        : text(""),
  ]);
  const sd = drift.securityDefaults;
  return section(
    "drift",
    "Drift",
    drift.drifted
      ? callout("warn", el("strong", {}, "Differs: "), "applying the stack would change the tenant.")
      : callout("good", el("strong", {}, "Matches: "), "the tenant is as the stack declares."),
    el("p", {}, `Security Defaults: ${sd.status === "unchanged" ? "unchanged" : `change ${sd.tenant ? "on" : "off"} → ${sd.declared ? "on" : "off"}`}.`),
    rows.length > 0 ? table("Policies against the tenant", ["policy", "status", "what changes"], rows, { wide: true }) : text(""),
  );
}

function findingsSection(findings: readonly Finding[]): Html {
  const rows = findings.map((f) => [
    el("code", { class: "rule" }, f.rule),
    el("span", { class: `sev sev-${f.severity}` }, SEVERITY_WORDS[f.severity]),
    f.policy ?? "",
    f.message,
    RULE_DESCRIPTIONS.get(f.rule) ?? "",
  ]);
  return section(
    "guard",
    "Guard findings",
    rows.length === 0
      ? el("p", {}, "None.")
      : table("Findings and their fixes", ["rule", "severity", "policy", "finding and fix", "compliant when"], rows, { wide: true }),
  );
}

function summary(report: StackReport): Html {
  const { plan, coverage } = report;
  const errors = plan.findings.filter((f) => f.severity === "error").length;
  const warnings = plan.findings.filter((f) => f.severity === "warning").length;
  const fact = (term: string, value: string) => el("div", {}, el("dt", {}, term), el("dd", {}, value));
  const states = countsOf(plan.conditionalAccessPolicies.map((p) => stateName(p.state)));
  return el(
    "dl",
    { class: "facts" },
    fact("licence plan", plan.plan),
    fact("protection", plan.protection),
    fact("Security Defaults", plan.securityDefaults.isEnabled ? "on" : "off"),
    fact("policies", `${plan.conditionalAccessPolicies.length}${states ? ` (${states})` : ""}`),
    fact("gaps", coverage.gaps.length === 0 ? "none" : `${coverage.gaps.length} ✖`),
    fact("lockouts", coverage.lockouts.length === 0 ? "none" : `${coverage.lockouts.length} ✖`),
    fact("lockout proof", report.lockoutProblems.length === 0 ? "proven ✓" : `${report.lockoutProblems.length} problem(s) ✖`),
    fact("guard", `${errors} error(s), ${warnings} warning(s)`),
    fact("drift", plan.drift ? (plan.drift.drifted ? "differs" : "matches") : "not read (offline)"),
  );
}

const CONTENTS: readonly [string, string][] = [
  ["policies", "Policies"],
  ["excluded", "Who is excluded"],
  ["whatif", "What-if"],
  ["lockout", "Lockout proof"],
  ["step1", "Step 1"],
  ["drift", "Drift"],
  ["guard", "Guard findings"],
];

/** The single-stack report: a self-contained HTML page (no script, no request, strict CSP, print stylesheet). */
export function renderStackHtml(report: StackReport): string {
  const { plan } = report;
  const header = el(
    "header",
    {},
    el("h1", {}, `Sign-in security: ${plan.stack}`),
    el("p", { class: "lede" }, `Made ${report.generatedAt} from the ${report.live ? "stack and the tenant as it is" : "stack, offline"} by entra-baseline.`),
    el("nav", { "aria-label": "contents" }, el("ul", {}, ...CONTENTS.map(([id, label]) => el("li", {}, el("a", { href: `#${id}` }, label))))),
  );
  const main = el(
    "main",
    { id: "main" },
    section("summary", "At a glance", summary(report)),
    policiesSection(report),
    exclusionsSection(report),
    coverageSection(report),
    lockoutSection(report),
    step1Section(plan.step1),
    driftSection(plan.drift),
    findingsSection(plan.findings),
  );
  const footer = el("footer", {}, "Names: from the tenant where it allowed reading them, well-known Microsoft names otherwise, else the object id.");
  return page(`Sign-in security: ${plan.stack}`, join([header, main, footer]));
}
