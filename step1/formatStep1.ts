import type { Step1Counts, Step1Report } from "./step1Report";
import { fitLines } from "../text/terminal";

/** The short names the section uses, spelt out once at its end. */
const LEGEND = "  CA: Conditional Access; MFA: multifactor authentication; SSPR: self-service password reset";

const pct = (n: number, of: number) => (of === 0 ? "-" : `${Math.round((100 * n) / of)} %`);

function rows(label: string, c: Step1Counts): string[] {
  const required = c.requiredBySecurityDefaults + c.requiredByConditionalAccess;
  return [
    `  ${label} (${c.users})`,
    `    1. required to use MFA: ${required} (${pct(required, c.users)}) — ` +
      `by Security Defaults ${c.requiredBySecurityDefaults}, by enabled CA policies ${c.requiredByConditionalAccess}, by nothing ${c.requiredByNothing}`,
    `    2. registered MFA: ${c.mfaRegistered} (${pct(c.mfaRegistered, c.users)}), MFA-capable: ${c.mfaCapable} (${pct(c.mfaCapable, c.users)})`,
    `    3. SSPR: enabled ${c.ssprEnabled}, registered ${c.ssprRegistered}, capable ${c.ssprCapable} (${pct(c.ssprCapable, c.users)})`,
  ];
}

/** The Step 1 section of the plan: the three results, admins apart, and each gap with its next step, within 120 columns, with a legend. */
export function formatStep1(report: Step1Report): string {
  const lines = ["Step 1 results (MFA for remote workers), the tenant as it is:"];
  if (report.available) {
    lines.push(...rows("users without an admin role", report.members), ...rows("admins", report.admins));
    if (report.perUserMfa) lines.push(`  still on per-user MFA: ${report.perUserMfa.enabled + report.perUserMfa.enforced} of ${report.perUserMfa.audited}`);
    for (const bg of report.breakGlass)
      lines.push(`  break-glass ${bg.id}: ${bg.families === null ? "not in the registration report" : bg.families.join(", ") || "no method registered"}`);
  } else {
    lines.push(`  registration details unavailable (${report.reason}): ${report.message}`);
    lines.push(
      `  1. required to use MFA: ${report.requiredBySecurityDefaults ? "everyone, by Security Defaults" : "unknown without the registration details"}`,
    );
    for (const what of report.cannotShow) lines.push(`  cannot show: ${what}`);
    if (report.perUserMfa) lines.push(`  still on per-user MFA: ${report.perUserMfa.enabled + report.perUserMfa.enforced} of ${report.perUserMfa.audited}`);
  }
  if (report.adminSspr !== undefined) lines.push(`  admins may use SSPR (authorizationPolicy.allowedToUseSSPR): ${report.adminSspr}`);
  lines.push(report.gaps.length === 0 ? "  gaps: none" : "  gaps:");
  for (const g of report.gaps) lines.push(`    ${g.result} (${g.who}${g.count ? `, ${g.count}` : ""}): ${g.nextStep}`);
  lines.push(LEGEND);
  return fitLines(lines).join("\n");
}
