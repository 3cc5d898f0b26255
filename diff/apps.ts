import { factsOf, NormalisedPolicy } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { PolicyChange, policyChange, riskFor } from "./changeKinds";
import { appName, AUTHENTICATION_CONTEXT, clientAppName, grantName, listOf } from "./names";
import { appsIncluded, blocks, clientAppsOf } from "./scope";
import { added, removed } from "./sets";

// What the sign-in is to (cloud apps, user actions, authentication contexts) and through which client.

/** What a policy targets: cloud apps, user actions and authentication contexts. */
const targets = (a: NormalisedPolicy["applications"]) => [
  ...a.includeApplications,
  ...a.includeUserActions,
  ...a.includeAuthenticationContextClassReferences.map((c) => `${AUTHENTICATION_CONTEXT}${c}`),
];

/** The cloud apps, user actions and authentication contexts the policy targets, before and after. Fewer weakens. */
export function diffApps(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const b = factsOf(base).applications;
  const h = factsOf(head).applications;
  const grant = grantName(base.grantControls);
  const changes: PolicyChange[] = [];
  const bIn = targets(b);
  const hIn = targets(h);
  const baseAll = bIn.includes("All");
  const headAll = hIn.includes("All");
  if (!baseAll && headAll) {
    changes.push(policyChange(head, "apps-widened", riskFor(base, head, "high"), `now applies to all cloud apps (was ${appsIncluded(base)})`));
  } else if (baseAll && !headAll) {
    changes.push(policyChange(head, "apps-narrowed", riskFor(base, head, "high"), `no longer applies to all cloud apps, only to ${appsIncluded(head)}`));
  } else if (!baseAll && !headAll) {
    const more = added(bIn, hIn);
    const fewer = removed(bIn, hIn);
    if (more.length > 0) changes.push(policyChange(head, "apps-widened", riskFor(base, head, "medium"), `now also applies to ${listOf(more.map(appName))}`));
    if (fewer.length > 0)
      changes.push(
        policyChange(
          head,
          "apps-narrowed",
          riskFor(base, head, "medium"),
          `no longer applies to ${listOf(fewer.map(appName))}: ${grant} is no longer asked there`,
        ),
      );
  }
  const excluded = added(b.excludeApplications, h.excludeApplications);
  const reincluded = removed(b.excludeApplications, h.excludeApplications);
  if (excluded.length > 0)
    changes.push(policyChange(head, "apps-narrowed", riskFor(base, head, "medium"), `now excludes ${listOf(excluded.map(appName))} from ${grant}`));
  if (reincluded.length > 0)
    changes.push(policyChange(head, "apps-widened", riskFor(base, head, "medium"), `no longer excludes ${listOf(reincluded.map(appName))}`));
  return changes;
}

/** The client app types the policy applies to ("all" and an empty list mean every type). Fewer weakens. */
export function diffClientApps(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const before = clientAppsOf(base);
  const after = clientAppsOf(head);
  const changes: PolicyChange[] = [];
  const fewer = removed(before, after);
  const more = added(before, after);
  const what = (p: ConditionalAccessPolicy) => (blocks(p.grantControls) ? "blocks" : `requires ${grantName(p.grantControls)} for`);
  if (fewer.length > 0) {
    changes.push(policyChange(head, "client-apps-narrowed", riskFor(base, head, "high"), `no longer ${what(base)} ${listOf(fewer.map(clientAppName))}`));
  }
  if (more.length > 0) {
    changes.push(policyChange(head, "client-apps-widened", riskFor(base, head, "medium"), `now also ${what(head)} ${listOf(more.map(clientAppName))}`));
  }
  return changes;
}
