import type { DriftReport } from "../live/drift";
import type { PerUserMfaAudit } from "../live/tenant";

const show = (value: unknown) => (Array.isArray(value) ? `[${value.join(", ")}]` : JSON.stringify(value));

/** The drift section of the plan: per policy, and field by field in Graph terms. */
export function formatDrift(drift: DriftReport): string {
  const lines = [
    `against the tenant: ${drift.drifted ? "differs" : "matches the stack"}`,
    `  Security Defaults: ${drift.securityDefaults.status === "unchanged" ? "unchanged" : `change ${drift.securityDefaults.tenant ? "on" : "off"} → ${drift.securityDefaults.declared ? "on" : "off"}`}`,
  ];
  for (const p of drift.policies) {
    if (p.status === "unmanaged") {
      lines.push(`  unmanaged  ${p.displayName}${p.microsoftManaged ? " (Microsoft-managed, not drift)" : " (in the tenant, not in the stack)"}`);
    } else {
      lines.push(`  ${p.status.padEnd(9)}  ${p.displayName}`);
      if (p.status === "update") for (const c of p.changes) lines.push(`             ${c.field}: ${show(c.tenant)} → ${show(c.declared)}`);
    }
  }
  return lines.join("\n");
}

/** The per-user MFA audit: how many users are still on the legacy method. */
export function formatPerUserMfa(audit: PerUserMfaAudit): string {
  const enforced = audit.users.filter((u) => u.state === "enforced").length;
  const listed = audit.users.slice(0, 10).map((u) => `  ${u.state.padEnd(8)}  ${u.userPrincipalName ?? u.id}`);
  return [
    `per-user MFA (legacy): ${audit.users.length} of ${audit.usersAudited} users (${audit.users.length - enforced} enabled, ${enforced} enforced)`,
    ...listed,
    ...(audit.users.length > 10 ? [`  … and ${audit.users.length - 10} more (--json lists them all)`] : []),
  ].join("\n");
}
