import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { policyChange } from "./context";
import { clientAppName, grantName, listOf } from "./names";
import { riskFor } from "./risk";
import { blocks, clientAppsOf } from "./scope";
import { added, removed } from "./sets";
import type { PolicyChange } from "./types";

/** The client app types the policy applies to ("all" and an empty list mean every type). Fewer weakens. */
export function diffClientApps(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const before = clientAppsOf(base);
  const after = clientAppsOf(head);
  const changes: PolicyChange[] = [];
  const fewer = removed(before, after);
  const more = added(before, after);
  const what = (p: ConditionalAccessPolicy) => (blocks(p.grantControls) ? "blocks" : `requires ${grantName(p.grantControls)} for`);
  if (fewer.length > 0) {
    changes.push(policyChange(head, "client-apps-narrowed", true, riskFor(base, head, "high"), `no longer ${what(base)} ${listOf(fewer.map(clientAppName))}`));
  }
  if (more.length > 0) {
    changes.push(policyChange(head, "client-apps-widened", false, riskFor(base, head, "medium"), `now also ${what(head)} ${listOf(more.map(clientAppName))}`));
  }
  return changes;
}
