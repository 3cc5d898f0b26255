import { DOCUMENT_FIX, isMapping, readStateFile } from "./documents";
import { UsageError } from "./errors";

const FIX = DOCUMENT_FIX.state;

/** The policyIds of a stack's outputs, keeping only string ids. */
function idsOf(policyIds: unknown): Record<string, string> | undefined {
  if (policyIds === undefined) return {};
  if (!policyIds || typeof policyIds !== "object" || Array.isArray(policyIds)) return undefined;
  return Object.fromEntries(Object.entries(policyIds).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/**
 * The tenant policy ids a stack's state holds, by policy key, from `pulumi stack output --json`
 * (its `policyIds` output) or `pulumi stack export` (the root stack resource's outputs). An empty
 * object (a stack never deployed, or whose state was lost) is an answer too: it owns nothing.
 */
export function readStateIds(file: string, flag = "--state"): Record<string, string> {
  const state = readStateFile(file, flag);
  let outputs: Record<string, unknown> = state;
  if (state.deployment !== undefined) {
    const resources = isMapping(state.deployment) ? state.deployment.resources : undefined;
    if (resources !== undefined && resources !== null && !Array.isArray(resources))
      throw new UsageError(`${flag} ${file}: deployment.resources is not a list; ${FIX}`);
    const stack = ((resources ?? []) as unknown[]).find((r) => isMapping(r) && r.type === "pulumi:pulumi:Stack") as Record<string, unknown> | undefined;
    outputs = isMapping(stack?.outputs) ? stack.outputs : {};
  }
  const ids = idsOf(outputs.policyIds);
  if (!ids) throw new UsageError(`${flag} ${file}: policyIds is not an object of policy ids; ${FIX}`);
  return ids;
}
