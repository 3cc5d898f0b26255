import * as fs from "fs";
import { UsageError } from "./errors";

const FIX = "pass the output of `pulumi stack output --json` or `pulumi stack export`";

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
export function readStateIds(file: string): Record<string, string> {
  let parsed: any;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--state ${file}: cannot read it as JSON (${(err as Error).message.split("\n")[0]}); ${FIX}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new UsageError(`--state ${file}: not a JSON object; ${FIX}`);
  const resources = parsed.deployment?.resources;
  const outputs = Array.isArray(resources) ? (resources.find((r: { type?: string }) => r?.type === "pulumi:pulumi:Stack")?.outputs ?? {}) : parsed;
  const ids = idsOf(outputs.policyIds);
  if (!ids) throw new UsageError(`--state ${file}: policyIds is not an object of policy ids; ${FIX}`);
  return ids;
}
