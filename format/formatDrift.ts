import type { PlanResult } from "../documents/planResult";
import type { DriftReport } from "../live/drift";
import type { NamedLocationDrift, NamedLocationDriftEffect } from "../live/namedLocationDrift";
import type { PerUserMfaAudit } from "../step1/step1Report";
import { cut, fitLines, printable, TERMINAL_WIDTH } from "../text/terminal";

/** A value in a drift line; `absent` stands for none: "(not set)" on the tenant's side, "(not declared)" on the stack's. */
const show = (value: unknown, absent: string) => (value === undefined ? absent : Array.isArray(value) ? `[${value.join(", ")}]` : JSON.stringify(value));

/** The drift section of the plan: per policy, and field by field in Graph terms, within 120 columns (`text/terminal.ts`). */
export function formatDrift(drift: DriftReport): string {
  const lines = [
    `against the tenant: ${drift.drifted ? "differs" : drift.matchedBy === "name" ? "matches the stack by display name" : "matches the stack"}` +
      (drift.matchedBy === "name"
        ? " (the stack's state was not given: pass --state to tell its own policies from same-name copies made elsewhere or left by a lost state)"
        : ""),
    `  Security Defaults: ` +
      (drift.securityDefaults.status === "unchanged"
        ? "unchanged"
        : `change ${drift.securityDefaults.tenant ? "on" : "off"} → ${drift.securityDefaults.declared ? "on" : "off"}`),
  ];
  const change = (field: string, from: unknown, to: unknown) => lines.push(`             ${field}: ${show(from, "(not set)")} → ${show(to, "(not declared)")}`);
  for (const p of drift.policies) {
    switch (p.status) {
      case "unmanaged":
        lines.push(
          `  unmanaged  ${p.displayName}${
            p.microsoftManaged
              ? " (Microsoft-managed, not drift)"
              : p.acknowledged !== undefined
                ? ` (left out on purpose, not drift: ${p.acknowledged})`
                : " (in the tenant, not in the stack)"
          }`,
        );
        break;
      case "duplicate":
        lines.push(
          `  duplicate  "${p.displayName}" (${p.id}) ${p.sameName ? "has the display name of" : "enforces the same as"} ${p.of}, ` +
            `which the stack manages: delete it`,
        );
        break;
      case "adopt":
      case "rename":
        lines.push(
          `  ${p.status.padEnd(9)}  ${p.displayName} ` + `${p.status === "adopt" ? "←" : "(was"} "${p.from}" (${p.id})${p.status === "rename" ? ")" : ""}`,
        );
        for (const c of p.changes) change(c.field, c.tenant, c.declared);
        break;
      case "create":
        lines.push(`  create     ${p.displayName}${p.missingId ? ` (${p.missingId} is in the stack's state but not in the tenant)` : ""}`);
        for (const e of p.equivalents ?? []) lines.push(`             equivalent in the tenant: "${e.displayName}" (${e.id}, ${e.state})`);
        // The command on a line of its own, so that it is copied whole.
        if (p.adoptStep) lines.push("             adopt it instead:", `               ${p.adoptStep}`);
        break;
      default:
        lines.push(`  ${p.status.padEnd(9)}  ${p.displayName}`);
        if (p.status === "update") for (const c of p.changes) change(c.field, c.tenant, c.declared);
    }
  }
  for (const location of drift.namedLocations ?? []) lines.push(...namedLocationLines(location));
  return fitLines(lines).join("\n");
}

/** What applying the change does to one policy, e.g. `⚠️ weakens "Block …": it excludes trusted locations, which now also reach 10.0.0.0/8`. */
function effectLine(e: NamedLocationDriftEffect): string {
  const used = `it ${e.use}s ${e.via === "trusted" ? "trusted locations" : "the location"}`;
  const reach = e.reach.length > 6 ? `${e.reach.slice(0, 5).join(", ")} and ${e.reach.length - 5} more` : e.reach.join(", ");
  const moved: Record<NamedLocationDriftEffect["kind"], string> = {
    widened: `which now also ${e.via === "trusted" ? "reach" : "covers"} ${reach}`,
    narrowed: `which no longer ${e.via === "trusted" ? "reach" : "covers"} ${reach}`,
    trusted: `and the location (${reach}) becomes trusted`,
    untrusted: `and the location (${reach}) is no longer trusted`,
    "lookup-changed": "and the location finds the country another way",
  };
  return `             ${e.weakens ? "⚠️ weakens" : "strengthens"} "${e.policy}": ${used}, ${moved[e.kind]}`;
}

/** A named location's drift lines: its status, the fields that change, and what each does to the policies that use it. */
function namedLocationLines(location: NamedLocationDrift): string[] {
  const head = `  ${location.status.padEnd(9)}  named location ${location.displayName}${location.id ? ` (${location.id})` : ""}`;
  return [
    head,
    ...location.changes.map((c) => `             ${c.field}: ${show(c.tenant, "(not set)")} → ${show(c.declared, "(not declared)")}`),
    ...location.effects.map(effectLine),
  ];
}

/** The per-user MFA audit: how many users are still on the legacy method. */
export function formatPerUserMfa(audit: PerUserMfaAudit): string {
  const enforced = audit.users.filter((u) => u.state === "enforced").length;
  // Two cells, the state and the user: a name too long for the line is cut with "…" (--json has it whole).
  const listed = audit.users.slice(0, 10).map((u) => `  ${u.state.padEnd(8)}  ${cut(printable(u.userPrincipalName ?? u.id), TERMINAL_WIDTH - 12)}`);
  return fitLines([
    `per-user MFA (legacy): ${audit.users.length} of ${audit.usersAudited} users (${audit.users.length - enforced} enabled, ${enforced} enforced)`,
    ...listed,
    ...(audit.users.length > 10 ? [`  … and ${audit.users.length - 10} more (--json lists them all)`] : []),
  ]).join("\n");
}

/** What applying the stack changes in the authentication methods policy, and what Microsoft enforces. */
export function formatAuthenticationMethodsDrift(drift: NonNullable<PlanResult["authenticationMethods"]>): string {
  const lines = [`authentication methods policy: ${drift.changes.length === 0 ? "matches the stack" : "differs"}`];
  for (const c of drift.changes) lines.push(`  ${c.field}: ${String(c.tenant)} → ${String(c.declared)}`);
  lines.push(`  number matching: ${drift.enforcedByMicrosoft.numberMatching} (enforced by Microsoft, reported, not managed)`);
  return fitLines(lines).join("\n");
}
