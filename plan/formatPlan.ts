import type { Finding } from "../guard/finding";
import type { ConditionalAccessGuestsOrExternalUsers, ConditionalAccessPolicy } from "../policies/graphTypes";
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
