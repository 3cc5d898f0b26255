import { guardRule, type GuardRule } from "../input";

/** The shipped stack files use ids of this form; they name no real account. */
const EXAMPLE_ID = /^00000000-0000-0000-0000-0000000000[0-9a-f]{2}$/i;

/** Compliant: break-glass and pilot ids are real object ids, not the stack files' examples. */
export const exampleIds: GuardRule = guardRule({
  id: "EB-EXAMPLE-ID",
  description: "break-glass and pilot ids are not the example ids of the shipped stack files (refused at pulumi up)",
  check: (input) => {
    const examples = [...input.breakGlassUsers, ...input.breakGlassGroups, ...(input.pilotGroup ? [input.pilotGroup] : [])].filter((id) => EXAMPLE_ID.test(id));
    if (examples.length === 0) return [];
    return [
      {
        severity: input.phase === "update" ? "error" : "warning",
        message:
          `${examples.join(", ")} ${examples.length > 1 ? "are example ids" : "is an example id"} from the shipped stack files and name no account, ` +
          `so emergency access would not be excluded; ` +
          `replace ${examples.length > 1 ? "them" : "it"} with your break-glass accounts' object ids before pulumi up (pulumi up refuses them)`,
      },
    ];
  },
});
