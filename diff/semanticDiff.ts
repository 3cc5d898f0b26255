import type { PlanResult } from "../documents/planResult";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { PolicyChange, rankChanges } from "./changeKinds";
import { diffNamedLocations } from "./namedLocations";
import { diffPolicy, policyAdded, policyRemoved } from "./policy";
import { readPreview } from "./previewReader";
import { diffContext, DiffReport, headFindings, PolicySet, policySetOfPlan } from "./report";
import { diffBreakGlass, diffSecurityDefaults } from "./tenantChanges";

/** What `pulumi up` of the head would change in sign-in security compared with the base, ranked by risk. */
export function semanticDiff(base: PlanResult, head: PlanResult): DiffReport {
  return diffPolicySets(policySetOfPlan(base), policySetOfPlan(head));
}

/** The semantic diff of what a `pulumi preview --json` document says `pulumi up` would change. */
export function previewDiff(document: unknown): DiffReport {
  const { base, head, notes } = readPreview(document);
  const report = diffPolicySets(base, head);
  return { ...report, notes: [...report.notes, ...notes] };
}

/** Pairs base and head policies by display name (in order when a name repeats); list order is ignored. */
export function pairPolicies(
  base: readonly ConditionalAccessPolicy[],
  head: readonly ConditionalAccessPolicy[],
): {
  readonly pairs: [ConditionalAccessPolicy, ConditionalAccessPolicy][];
  readonly added: ConditionalAccessPolicy[];
  readonly removed: ConditionalAccessPolicy[];
} {
  const byName = new Map<string, ConditionalAccessPolicy[]>();
  for (const p of base) byName.set(p.displayName, [...(byName.get(p.displayName) ?? []), p]);
  const pairs: [ConditionalAccessPolicy, ConditionalAccessPolicy][] = [];
  const added: ConditionalAccessPolicy[] = [];
  for (const p of head) {
    const match = byName.get(p.displayName)?.shift();
    if (match) pairs.push([match, p]);
    else added.push(p);
  }
  const removed = base.filter((p) => !pairs.some(([b]) => b === p));
  return { pairs, added, removed };
}

/** The semantic diff of any two policy sets: two plans, or the two sides of a `pulumi preview`. */
export function diffPolicySets(base: PolicySet, head: PolicySet): DiffReport {
  const ctx = diffContext(base, head);
  const { pairs, added, removed } = pairPolicies(base.policies, head.policies);
  const perPolicy = pairs.map(([b, h]) => diffPolicy(b, h, ctx));
  const changes: PolicyChange[] = rankChanges([
    ...diffSecurityDefaults(base, head),
    ...diffBreakGlass(base, head),
    ...removed.map(policyRemoved),
    ...added.map(policyAdded),
    ...perPolicy.flat(),
    ...diffNamedLocations(base, head),
  ]);
  return {
    base: base.label,
    head: head.label,
    summary: {
      changes: changes.length,
      weakening: changes.filter((c) => c.weakens).length,
      policiesAdded: added.length,
      policiesRemoved: removed.length,
      policiesChanged: perPolicy.filter((c) => c.length > 0).length,
    },
    changes,
    headFindings: headFindings(base, head),
    notes: [],
  };
}
