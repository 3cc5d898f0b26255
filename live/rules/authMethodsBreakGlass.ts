import type { Verdict } from "../../guard/rule";
import { usableAfter } from "./authMethodsUsable";
import { liveRule, type LiveRule } from "./liveRule";

/**
 * Refuses a methods policy under which a break-glass account has no registered method left (from
 * the registration details); warns when the report does not list a break-glass account.
 */
export const authMethodsBreakGlass: LiveRule = liveRule({
  id: "EB-LIVE-AUTH-BREAK-GLASS",
  description: "every break-glass account keeps a registered method the methods policy allows",
  check: (tenant, stack): Verdict[] => {
    const am = stack.authenticationMethods;
    const report = tenant.step1;
    if (!am || !report?.available) return [];
    const usable = usableAfter(am, tenant);
    const findings: Verdict[] = [];
    for (const bg of report.breakGlass) {
      if (bg.families === null) {
        findings.push({
          severity: "warning",
          message:
            `break-glass account ${bg.id} is not in the registration details (a disabled account, or not this tenant's object id): ` +
            `check it can sign in with a FIDO2 key or passkey`,
        });
      } else if (!bg.families.some((f) => usable.has(f) || f === "windowsHello")) {
        findings.push({
          severity: "error",
          message:
            `break-glass account ${bg.id} registered ${bg.families.join(", ") || "no method"}, none of which authenticationMethods leaves on for everyone; ` +
            `register a FIDO2 key or passkey for it (authenticationMethods.methods.fido2: enabled) before turning its method off`,
        });
      }
    }
    return findings;
  },
});
