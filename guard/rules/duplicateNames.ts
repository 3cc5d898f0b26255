import { guardRule, type GuardRule } from "../input";

/** Compliant: display names are unique, so a policy can be found and diffed by name. */
export const duplicateNames: GuardRule = guardRule({
  id: "EB-DUPLICATE-NAME",
  description: "Conditional Access policy display names are unique",
  check: (input) => {
    const counts = new Map<string, number>();
    for (const p of input.policies) counts.set(p.displayName, (counts.get(p.displayName) ?? 0) + 1);
    return [...counts]
      .filter(([, count]) => count > 1)
      .map(([displayName, count]) => ({
        severity: "error" as const,
        policy: displayName,
        message: `display name "${displayName}" is used by ${count} policies; give each policy its own name`,
      }));
  },
});
