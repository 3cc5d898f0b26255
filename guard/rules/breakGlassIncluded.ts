import { sameUser } from "../../config/objectIds";
import { guardRule, type GuardRule } from "../input";

/** Compliant: no policy targets a break-glass account or group directly. */
export const breakGlassIncluded: GuardRule = guardRule({
  id: "EB-BREAKGLASS-INCLUDED",
  description: "no policy includes a break-glass account or group",
  check: (input) =>
    input.policies.flatMap((p) => {
      const included = [
        ...input.breakGlassUsers.filter((id) => p.conditions.users.includeUsers.some((included) => sameUser(included, id))),
        ...input.breakGlassGroups.filter((id) => p.conditions.users.includeGroups.includes(id)),
      ];
      return included.length === 0
        ? []
        : [
            {
              severity: "error" as const,
              policy: p.displayName,
              message:
                `"${p.displayName}" includes break-glass ${included.join(", ")}; ` +
                `remove them from its includeUsers / includeGroups (break-glass accounts are excluded from every policy)`,
            },
          ];
    }),
});
