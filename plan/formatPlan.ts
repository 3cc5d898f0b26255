import type { Finding } from "../guard/finding";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { AZURE_MANAGEMENT_APP_ID, DISPLAY_NAME_PREFIX, PRIVILEGED_ROLES } from "../policies/wellKnownIds";

const NAMES: Record<string, string> = { ...PRIVILEGED_ROLES, [AZURE_MANAGEMENT_APP_ID]: "Azure management" };
import type { PlanResult } from "./planResult";

const STATE_WORDS: Record<string, string> = {
  enabled: "enabled",
  disabled: "disabled",
  enabledForReportingButNotEnforced: "report-only",
};

function list(ids: readonly string[], all = "all"): string {
  return ids.map((id) => (id === "All" ? all : (NAMES[id] ?? id))).join(", ");
}

function usersText(p: ConditionalAccessPolicy): string {
  const u = p.conditions.users;
  const included = [
    u.includeUsers.length ? (u.includeUsers.includes("All") ? "all users" : `users ${list(u.includeUsers)}`) : "",
    u.includeGroups.length ? `groups ${u.includeGroups.join(", ")}` : "",
    u.includeRoles.length ? `${u.includeRoles.length} admin roles` : "",
  ].filter(Boolean);
  const excluded = u.excludeUsers.length + u.excludeGroups.length + u.excludeRoles.length;
  return `${included.join(" + ")}${excluded ? ` (−${excluded} excluded)` : ""}`;
}

/** A policy's conditions in words: client types and risk levels, or "any sign-in". */
export function conditionsText(p: ConditionalAccessPolicy): string {
  const c = p.conditions;
  const parts = [];
  if (!c.clientAppTypes.includes("all")) parts.push(`clients: ${c.clientAppTypes.join(", ")}`);
  if (c.signInRiskLevels.length) parts.push(`sign-in risk: ${c.signInRiskLevels.join(", ")}`);
  if (c.userRiskLevels.length) parts.push(`user risk: ${c.userRiskLevels.join(", ")}`);
  return parts.join("; ") || "any sign-in";
}

function grantText(p: ConditionalAccessPolicy): string {
  const g = p.grantControls;
  const controls: string[] = [...g.builtInControls];
  if (g.authenticationStrength)
    controls.push(
      g.authenticationStrength.id === "00000000-0000-0000-0000-000000000004" ? "phishing-resistant MFA" : `strength ${g.authenticationStrength.id}`,
    );
  const frequency = p.sessionControls?.signInFrequency?.frequencyInterval === "everyTime" ? ", every time" : "";
  return `${controls.join(g.operator === "AND" ? " AND " : " OR ")}${frequency}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows.map((row) =>
    row
      .map((cell, col) => cell.padEnd(widths[col]))
      .join("  ")
      .trimEnd(),
  );
}

export function formatFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `  ${f.severity.padEnd(7)} [${f.rule}] ${f.message}`);
}

/** The human view of a plan: what `pulumi up` would declare, and the guard's findings. */
export function formatPlan(result: PlanResult): string {
  const lines = [
    `stack ${result.stack}: plan ${result.plan}, protection ${result.protection}`,
    `Security Defaults: ${result.securityDefaults.isEnabled ? "on" : "off"}`,
    `break-glass: ${[...result.breakGlass.users, ...result.breakGlass.groups].join(", ") || "none"}`,
    "",
  ];
  if (result.conditionalAccessPolicies.length === 0) {
    lines.push("Conditional Access policies: none");
  } else {
    lines.push(`Conditional Access policies (${result.conditionalAccessPolicies.length}):`);
    const rows = [["policy", "state", "users", "apps", "conditions", "grant"]];
    for (const p of result.conditionalAccessPolicies) {
      rows.push([
        p.displayName.replace(`${DISPLAY_NAME_PREFIX} `, ""),
        STATE_WORDS[p.state] ?? p.state,
        usersText(p),
        list(p.conditions.applications.includeApplications, "all apps"),
        conditionsText(p),
        grantText(p),
      ]);
    }
    lines.push(...table(rows).map((row) => `  ${row}`));
  }
  lines.push("", result.findings.length ? "guard findings:" : "guard findings: none", ...formatFindings(result.findings));
  return lines.join("\n");
}
