import { sameUser } from "../../config/objectIds";
import type { Finding } from "../finding";
import type { GuardRule } from "../input";

/** Compliant: every policy excludes every break-glass account and group, and at least one exists. */
export const breakGlassExcluded: GuardRule = {
  id: "EB-BREAKGLASS-EXCLUDED",
  description: "every Conditional Access policy excludes every break-glass account and group",
  check: (input) => {
    if (input.policies.length === 0) return [];
    if (input.breakGlassUsers.length + input.breakGlassGroups.length === 0) {
      return [
        {
          rule: "EB-BREAKGLASS-EXCLUDED",
          severity: "error",
          message:
            `no break-glass account is set while ${input.policies.length} Conditional Access policies are declared; ` +
            `set breakGlassUsers or breakGlassGroups to your emergency-access accounts' object ids`,
        },
      ];
    }
    const findings: Finding[] = [];
    for (const p of input.policies) {
      // A UPN (before `pulumi up` resolves it) is matched as Entra matches it, without regard to case.
      const users = input.breakGlassUsers.filter((id) => !p.conditions.users.excludeUsers.some((excluded) => sameUser(excluded, id)));
      const groups = input.breakGlassGroups.filter((id) => !p.conditions.users.excludeGroups.includes(id));
      if (users.length + groups.length === 0) continue;
      findings.push({
        rule: "EB-BREAKGLASS-EXCLUDED",
        severity: "error",
        policy: p.displayName,
        message:
          `"${p.displayName}" does not exclude break-glass ${[...users, ...groups].join(", ")}; ` +
          `add them to its excludeUsers / excludeGroups so emergency access survives a misconfiguration`,
      });
    }
    return findings;
  },
};
