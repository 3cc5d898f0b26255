import type { UnmanagedPolicySetting } from "./args";
import type { CustomPolicy } from "./customPolicies";
import { OBJECT_ID, type KeySchema } from "./schemaParts";

/**
 * `unmanagedPolicies`: tenant policies the stack deliberately leaves alone, each by object id with
 * its display name and the reason. `npm run export` writes one for every policy it cannot express;
 * drift and EB-LIVE-UNMANAGED then know it is left out on purpose (any other unmanaged policy is still drift).
 */
export const UNMANAGED_POLICIES_SCHEMA = {
  type: "array",
  description: "a list of { id: <tenant policy object id>, displayName, reason } for tenant policies this stack leaves alone",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["id", "displayName", "reason"],
    description: "{ id: <tenant policy object id>, displayName: <its name in the tenant>, reason: <why the stack leaves it alone> }",
    properties: {
      id: OBJECT_ID,
      displayName: { type: "string", minLength: 1, pattern: "\\S", description: "the policy's display name in the tenant" },
      reason: { type: "string", minLength: 1, pattern: "\\S", description: "why the stack leaves the policy alone, in words a reviewer can check" },
    },
  },
} as const satisfies KeySchema;

/**
 * Each acknowledged id once, and never a policy the stack manages (a custom policy's `id` or an `adopt` entry):
 * a policy is either the stack's or deliberately left out.
 */
export function unmanagedPolicyIssues(
  unmanaged: readonly UnmanagedPolicySetting[],
  customPolicies: readonly CustomPolicy[],
  adopted: Readonly<Record<string, string>>,
  keyPrefix: string,
): { key: string; message: string }[] {
  const issues: { key: string; message: string }[] = [];
  const managed = new Map<string, string>([
    ...customPolicies.flatMap((p): [string, string][] => (typeof p.graph?.id === "string" ? [[p.graph.id.toLowerCase(), `customPolicies.${p.key}`]] : [])),
    ...Object.entries(adopted).map(([key, id]): [string, string] => [id.toLowerCase(), `adopt.${key}`]),
  ]);
  const seen = new Map<string, number>();
  unmanaged.forEach((entry, i) => {
    const id = entry.id.toLowerCase();
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({ key: `${keyPrefix}[${i}].id`, message: `${entry.id} is already listed at unmanagedPolicies[${first}]; remove the duplicate` });
    } else seen.set(id, i);
    const owner = managed.get(id);
    if (owner !== undefined) {
      issues.push({
        key: `${keyPrefix}[${i}].id`,
        message: `${entry.id} ("${entry.displayName}") is managed by this stack as ${owner}; a policy is either managed or left out: remove one of the two`,
      });
    }
  });
  return issues;
}
