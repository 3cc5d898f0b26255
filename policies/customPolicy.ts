import type { ConditionalAccessPolicy } from "./graphTypes";
import { POLICY_FIELDS } from "../config/graph/policyFields";
import { readPolicyFields, setAt, valueAt } from "../config/graph/policyShape";

/**
 * A Graph-shaped policy (a custom policy, or one read from the tenant) as this project's policy facts,
 * drift, equivalence and diff see it: every declared field (config/graph/policyFields.ts) read into one
 * canonical shape ({@link readPolicyFields}), plus the baseline's own shape: its users, applications,
 * client app types, risk levels and grant always present (empty lists, operator `OR` without a control),
 * and both lists of a locations or platforms condition once either is set.
 */
export function projectGraphPolicy(raw: Readonly<Record<string, any>>): ConditionalAccessPolicy {
  const read = readPolicyFields(raw);
  const shaped: Record<string, any> = {};
  for (const f of POLICY_FIELDS) {
    let value = valueAt(read, f.path);
    const block = f.path.slice(0, f.path.lastIndexOf("."));
    if (value === undefined && (f.inBaselineShape || (f.filledWithBlock && valueAt(read, block) !== undefined))) {
      value = f.path === "grantControls.operator" ? "OR" : [];
    }
    if (value !== undefined) setAt(shaped, f.path, value);
  }
  return {
    displayName: String(raw.displayName ?? ""),
    state: raw.state,
    conditions: shaped.conditions,
    grantControls: shaped.grantControls,
    ...(shaped.sessionControls ? { sessionControls: shaped.sessionControls } : {}),
  };
}

/**
 * The conditions of a policy that make it apply to some sign-ins only, in ways the what-if
 * evaluator does not model (locations other than All, device platforms). Such a policy is left
 * out of simulated sign-ins: its grant is not counted as coverage (no gap hidden) and its block
 * is not counted as a lockout (no valid policy refused).
 */
export function unmodelledConditions(policy: ConditionalAccessPolicy): string[] {
  const { locations, platforms } = policy.conditions;
  const narrowed: string[] = [];
  if (locations && (locations.excludeLocations.length > 0 || locations.includeLocations.some((l) => l !== "All"))) narrowed.push("locations");
  if (platforms && (platforms.excludePlatforms.length > 0 || platforms.includePlatforms.some((p) => p !== "all"))) narrowed.push("platforms");
  return narrowed;
}
