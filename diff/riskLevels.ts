import type { ConditionalAccessPolicy, RiskLevel } from "../policies/graphTypes";
import { policyChange } from "./context";
import { listOf } from "./names";
import { riskFor } from "./risk";
import { added, removed } from "./sets";
import type { PolicyChange } from "./types";

/** Insider risk levels: Graph's comma-separated flags. */
const insider = (p: ConditionalAccessPolicy) => (p.conditions.insiderRiskLevels ?? "").split(",").filter((l) => l !== "" && l !== "none");

/**
 * Sign-in, user, service principal and insider risk levels. An empty list is no risk condition: the policy
 * applies at any risk, so setting levels narrows it and clearing them widens it.
 */
export function diffRiskLevels(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  return [
    ...diffLevels(base, head, base.conditions.signInRiskLevels, head.conditions.signInRiskLevels, "sign-in risk"),
    ...diffLevels(base, head, base.conditions.userRiskLevels, head.conditions.userRiskLevels, "user risk"),
    ...diffLevels(base, head, base.conditions.servicePrincipalRiskLevels ?? [], head.conditions.servicePrincipalRiskLevels ?? [], "service principal risk"),
    ...diffLevels(base, head, insider(base), insider(head), "insider risk"),
  ];
}

function diffLevels(
  base: ConditionalAccessPolicy,
  head: ConditionalAccessPolicy,
  before: readonly (RiskLevel | string)[],
  after: readonly (RiskLevel | string)[],
  what: string,
): PolicyChange[] {
  if (before.length === 0 && after.length > 0) {
    return [policyChange(head, "risk-levels-narrowed", true, riskFor(base, head, "medium"), `now applies only at ${listOf(after)} ${what} (was any ${what})`)];
  }
  if (before.length > 0 && after.length === 0) {
    return [policyChange(head, "risk-levels-widened", false, riskFor(base, head, "high"), `now applies at any ${what} (was ${listOf(before)} only)`)];
  }
  const changes: PolicyChange[] = [];
  const fewer = removed(before, after);
  const more = added(before, after);
  if (fewer.length > 0)
    changes.push(policyChange(head, "risk-levels-narrowed", true, riskFor(base, head, "medium"), `no longer applies at ${listOf(fewer)} ${what}`));
  if (more.length > 0)
    changes.push(policyChange(head, "risk-levels-widened", false, riskFor(base, head, "medium"), `now also applies at ${listOf(more)} ${what}`));
  return changes;
}
