import type { Finding } from "../guard/finding";
import type { ConditionalAccessGuestsOrExternalUsers, ConditionalAccessPolicy } from "../policies/graphTypes";
import { AZURE_MANAGEMENT_APP_ID, DISPLAY_NAME_PREFIX, PHISHING_RESISTANT_STRENGTH_ID, PRIVILEGED_ROLES } from "../policies/wellKnownIds";

import type { PlanResult } from "../documents/planResult";
import { colours, displayWidth, SUMMARY_THRESHOLD, summaryLine, printable, table, wrap } from "../text/terminal";

const NAMES: Record<string, string> = { ...PRIVILEGED_ROLES, [AZURE_MANAGEMENT_APP_ID]: "Azure management" };

/** Words the plan's table shortens to fit 120 columns, and the legend printed under it. */
const SHORT_WORDS: readonly [RegExp, string][] = [
  [/multifactor authentication/gi, "MFA"],
  [/exchangeActiveSync/g, "EAS"],
];
const TABLE_LEGEND = "MFA: multifactor authentication · EAS: Exchange ActiveSync · −N excluded: users, groups and roles the policy excludes";
const shortened = (text: string) => SHORT_WORDS.reduce((t, [word, short]) => t.replace(word, short), text);

const STATE_WORDS: Record<string, string> = {
  enabled: "enabled",
  disabled: "disabled",
  enabledForReportingButNotEnforced: "report-only",
};

function list(ids: readonly string[], all = "all"): string {
  return ids.map((id) => (id === "All" ? all : (NAMES[id] ?? id))).join(", ");
}

const GUEST_WORDS: Readonly<Record<string, string>> = {
  internalGuest: "internal guests",
  b2bCollaborationGuest: "B2B guests",
  b2bCollaborationMember: "B2B members",
  b2bDirectConnectUser: "B2B direct connect",
  otherExternalUser: "other external users",
  serviceProvider: "service providers",
};

/** A guest scope in words: "guests (B2B guests, service providers) of 2 tenants". */
function guestsText(guests: ConditionalAccessGuestsOrExternalUsers | undefined): string {
  if (!guests) return "";
  const types = guests.guestOrExternalUserTypes.split(",").map((t) => GUEST_WORDS[t] ?? t);
  const tenants = guests.externalTenants;
  const from = tenants?.membershipKind === "enumerated" ? ` of ${tenants.members.length} tenant${tenants.members.length === 1 ? "" : "s"}` : "";
  return `guests (${types.join(", ")})${from}`;
}

function usersText(p: ConditionalAccessPolicy): string {
  const u = p.conditions.users;
  const included = [
    u.includeUsers.length
      ? u.includeUsers.includes("All")
        ? "all users"
        : u.includeUsers.includes("GuestsOrExternalUsers")
          ? [u.includeUsers.length > 1 ? `users ${list(u.includeUsers.filter((id) => id !== "GuestsOrExternalUsers"))}` : "", "guests and external users"]
              .filter(Boolean)
              .join(" + ")
          : `users ${list(u.includeUsers)}`
      : "",
    u.includeGroups.length ? `groups ${u.includeGroups.join(", ")}` : "",
    u.includeRoles.length ? `${u.includeRoles.length} admin roles` : "",
    guestsText(u.includeGuestsOrExternalUsers),
    (p.conditions.clientApplications?.includeServicePrincipals ?? []).length ? "workload identities" : "",
  ].filter(Boolean);
  const excludedGuests = guestsText(u.excludeGuestsOrExternalUsers);
  const excluded = u.excludeUsers.filter((id) => id !== "GuestsOrExternalUsers").length + u.excludeGroups.length + u.excludeRoles.length;
  const except = [
    excluded ? `−${excluded} excluded` : "",
    u.excludeUsers.includes("GuestsOrExternalUsers") ? "− guests and external users" : "",
    excludedGuests ? `− ${excludedGuests}` : "",
  ].filter(Boolean);
  return `${included.join(" + ")}${except.length ? ` (${except.join(", ")})` : ""}`;
}

/** A policy's conditions in words: client types and risk levels, or "any sign-in". */
export function conditionsText(p: ConditionalAccessPolicy): string {
  const c = p.conditions;
  const parts = [];
  if (!c.clientAppTypes.includes("all")) parts.push(`clients: ${c.clientAppTypes.join(", ")}`);
  if (c.signInRiskLevels.length) parts.push(`sign-in risk: ${c.signInRiskLevels.join(", ")}`);
  if (c.userRiskLevels.length) parts.push(`user risk: ${c.userRiskLevels.join(", ")}`);
  if (c.servicePrincipalRiskLevels?.length) parts.push(`service principal risk: ${c.servicePrincipalRiskLevels.join(", ")}`);
  if (c.insiderRiskLevels) parts.push(`insider risk: ${c.insiderRiskLevels.split(",").join(", ")}`);
  if (c.authenticationFlows?.transferMethods) parts.push(`flows: ${c.authenticationFlows.transferMethods.split(",").join(", ")}`);
  if (c.platforms)
    parts.push(
      `platforms: ${c.platforms.includePlatforms.join(", ")}${c.platforms.excludePlatforms.length ? ` except ${c.platforms.excludePlatforms.join(", ")}` : ""}`,
    );
  if (c.locations)
    parts.push(
      `locations: ${c.locations.includeLocations.join(", ")}${c.locations.excludeLocations.length ? ` except ${c.locations.excludeLocations.join(", ")}` : ""}`,
    );
  if (c.devices?.deviceFilter) parts.push(`device filter (${c.devices.deviceFilter.mode})`);
  if (c.applications.applicationFilter) parts.push(`app filter (${c.applications.applicationFilter.mode})`);
  return parts.join("; ") || "any sign-in";
}

function grantText(p: ConditionalAccessPolicy): string {
  const g = p.grantControls;
  const controls: string[] = [...g.builtInControls];
  if (g.authenticationStrength)
    controls.push(g.authenticationStrength.id === PHISHING_RESISTANT_STRENGTH_ID ? "phishing-resistant MFA" : `strength ${g.authenticationStrength.id}`);
  const frequency = p.sessionControls?.signInFrequency?.frequencyInterval === "everyTime" ? ", every time" : "";
  return `${controls.join(g.operator === "AND" ? " AND " : " OR ")}${frequency}`;
}

/** Options of the text for people. */
export interface TextOptions {
  /**
   * Colour the severities (only at a terminal without NO_COLOR: `text/terminal.ts`).
   * @default false
   */
  readonly color?: boolean;
}

/**
 * The guard's findings, each wrapped to 120 columns under its message; more than ten get a
 * one-line summary by rule first.
 */
export function formatFindings(findings: readonly Finding[], options: TextOptions = {}): string[] {
  const c = colours(options.color ?? false);
  const paint: Record<string, (text: string) => string> = { error: c.red, warning: c.yellow, info: c.dim };
  const summary =
    findings.length > SUMMARY_THRESHOLD
      ? [
          `  ${summaryLine(
            "findings",
            findings.map((f) => `${f.severity} ${f.rule}`),
          )}`,
        ]
      : [];
  return [
    ...summary,
    ...findings.flatMap((f) => {
      const lead = `  ${f.severity.padEnd(7)} [${f.rule}] `;
      const [first, ...rest] = wrap(printable(f.message), lead, " ".repeat(displayWidth(lead)));
      return [first.replace(f.severity, (paint[f.severity] ?? ((s: string) => s))(f.severity)), ...rest];
    }),
  ];
}

/** The human view of a plan: what `pulumi up` would declare, and the guard's findings, within 120 columns. */
export function formatPlan(result: PlanResult, options: TextOptions = {}): string {
  const lines = [
    `stack ${result.stack}: plan ${result.plan}, protection ${result.protection}`,
    `Security Defaults: ${result.securityDefaults.isEnabled ? "on" : "off"}`,
    ...wrap([...result.breakGlass.users, ...result.breakGlass.groups].join(", ") || "none", "break-glass: ", "  "),
    "",
  ];
  if (result.conditionalAccessPolicies.length === 0) {
    lines.push("Conditional Access policies: none");
  } else {
    lines.push(`Conditional Access policies (${result.conditionalAccessPolicies.length}):`);
    // One line a policy (its name and state, in a table), its targets and controls wrapped under it: six columns do not fit 120.
    const rows = [["policy", "state"]];
    const details: string[][] = [];
    for (const p of result.conditionalAccessPolicies) {
      rows.push([shortened(p.displayName.replace(`${DISPLAY_NAME_PREFIX} `, "")), STATE_WORDS[p.state] ?? p.state]);
      const what = [
        `users: ${usersText(p)}`,
        `apps: ${list(p.conditions.applications.includeApplications, "all apps")}`,
        `conditions: ${conditionsText(p)}`,
        `grant: ${grantText(p)}`,
      ];
      details.push(wrap(shortened(what.join(" · ")), "      ", "      "));
    }
    const [header, ...policyRows] = table(rows);
    lines.push(header, ...policyRows.flatMap((row, i) => [row, ...details[i]]), ...wrap(TABLE_LEGEND, "  ", "  "));
  }
  lines.push("", result.findings.length ? "guard findings:" : "guard findings: none", ...formatFindings(result.findings, options));
  return lines.join("\n");
}
