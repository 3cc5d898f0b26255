import { sameUser } from "../../config/objectIds";
import type { Verdict } from "../rule";
import { guardRule, type GuardRule } from "../input";
import type { ConditionalAccessUsers } from "../../policies/graphTypes";

/**
 * Whether a policy can apply to a user sign-in, so it must exclude the break-glass accounts: it includes
 * users, groups, roles or guests. A policy for workload identities only (`includeUsers: ["None"]` beside
 * service principals) applies to no user. The export finds break-glass candidates with the same test.
 */
export function appliesToUsers(
  users: Pick<ConditionalAccessUsers, "includeUsers" | "includeGroups" | "includeRoles" | "includeGuestsOrExternalUsers">,
): boolean {
  const named = (list: readonly string[] | undefined) => (list ?? []).some((id) => id.toLowerCase() !== "none");
  const guests = users.includeGuestsOrExternalUsers?.guestOrExternalUserTypes;
  return named(users.includeUsers) || named(users.includeGroups) || named(users.includeRoles) || (guests !== undefined && guests !== "" && guests !== "none");
}

/** Compliant: every policy excludes every break-glass account and group, and at least one exists. */
export const breakGlassExcluded: GuardRule = guardRule({
  id: "EB-BREAKGLASS-EXCLUDED",
  description: "every Conditional Access policy excludes every break-glass account and group",
  check: (input) => {
    const policies = input.policies.filter((p) => appliesToUsers(p.conditions.users));
    if (policies.length === 0) return [];
    if (input.breakGlassUsers.length + input.breakGlassGroups.length === 0) {
      return [
        {
          severity: "error",
          message:
            `no break-glass account is set while ${policies.length} Conditional Access policies for users are declared; ` +
            `set breakGlassUsers or breakGlassGroups to your emergency-access accounts' object ids`,
        },
      ];
    }
    const findings: Verdict[] = [];
    for (const p of policies) {
      // A UPN (before `pulumi up` resolves it) is matched as Entra matches it, without regard to case.
      const users = input.breakGlassUsers.filter((id) => !p.conditions.users.excludeUsers.some((excluded) => sameUser(excluded, id)));
      const groups = input.breakGlassGroups.filter((id) => !p.conditions.users.excludeGroups.includes(id));
      if (users.length + groups.length === 0) continue;
      findings.push({
        severity: "error",
        policy: p.displayName,
        message:
          `"${p.displayName}" does not exclude break-glass ${[...users, ...groups].join(", ")}; ` +
          `add them to its excludeUsers / excludeGroups so emergency access survives a misconfiguration`,
      });
    }
    return findings;
  },
});
