import { guardRule, type GuardRule } from "../input";

/** Compliant: the pilot group is not a break-glass group. */
export const pilotNotBreakGlass: GuardRule = guardRule({
  id: "EB-PILOT-BREAKGLASS",
  description: "the pilot group is not a break-glass group",
  check: (input) =>
    input.pilotGroup && input.breakGlassGroups.includes(input.pilotGroup)
      ? [
          {
            severity: "error",
            message:
              `pilotGroup ${input.pilotGroup} is also in breakGlassGroups; ` +
              `piloting policies on the emergency-access group would put it under them. Set pilotGroup to a group of ordinary users`,
          },
        ]
      : [],
});
