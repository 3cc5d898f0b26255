import { guardRule, type GuardRule } from "../input";
import { isBlock, targetsAllUsers } from "../policyFacts";

/** Compliant: a block policy over all users excludes someone (at least the break-glass accounts). */
export const blockAllUsers: GuardRule = guardRule({
  id: "EB-BLOCK-ALL-USERS",
  description: "no block policy covers all users without exclusions",
  check: (input) =>
    input.policies
      .filter((p) => isBlock(p) && targetsAllUsers(p))
      .filter((p) => p.conditions.users.excludeUsers.length + p.conditions.users.excludeGroups.length === 0)
      .map((p) => ({
        severity: "error" as const,
        policy: p.displayName,
        message:
          `"${p.displayName}" blocks all users and excludes nobody, which can lock every admin out; ` +
          `exclude the break-glass accounts (breakGlassUsers / breakGlassGroups)`,
      })),
});
