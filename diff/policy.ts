import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { diffApps } from "./apps";
import { diffClientApps } from "./clientApps";
import { DiffContext, policyChange } from "./context";
import { diffGrant } from "./grant";
import { diffLocationsAndPlatforms, wherePhrase } from "./locationsAndPlatforms";
import { stateName } from "./names";
import { diffRiskLevels } from "./riskLevels";
import { blocks, describePolicy, isLegacyOnly } from "./scope";
import { diffSession } from "./session";
import { diffState } from "./state";
import type { ChangeRisk, PolicyChange } from "./types";
import { diffUsers } from "./users";

/** Every change between two versions of one policy (matched by display name). */
export function diffPolicy(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy, ctx: DiffContext): PolicyChange[] {
  return [
    ...diffState(base, head),
    ...diffUsers(base, head, ctx),
    ...diffApps(base, head),
    ...diffClientApps(base, head),
    ...diffRiskLevels(base, head),
    ...diffLocationsAndPlatforms(base, head),
    ...diffGrant(base, head),
    ...diffSession(base, head),
  ];
}

const RISK_BY_STATE: Record<string, ChangeRisk> = { enabled: "high", enabledForReportingButNotEnforced: "medium", disabled: "low" };

/** A policy only the head has. Adding protection never weakens; an enforced new policy is high risk (lockouts). */
export function policyAdded(head: ConditionalAccessPolicy): PolicyChange {
  const state = head.state === "enabled" ? "enforced" : stateName(head.state);
  return policyChange(
    head,
    "policy-added",
    false,
    head.state === "enabled" ? "high" : "low",
    `new policy, ${state}: ${describePolicy(head)}${wherePhrase(head)}`,
  );
}

/** A policy only the base has: its protection is gone, so it weakens; the risk follows its state. */
export function policyRemoved(base: ConditionalAccessPolicy): PolicyChange {
  const risk = RISK_BY_STATE[base.state] ?? "medium";
  if (base.state === "enabled" && blocks(base.grantControls) && isLegacyOnly(base)) {
    return policyChange(base, "policy-removed", true, risk, "policy removed: legacy authentication is no longer blocked");
  }
  const was = base.state === "enabled" ? "it enforced" : `it was ${stateName(base.state)}, with`;
  return policyChange(base, "policy-removed", true, risk, `policy removed: ${was} ${describePolicy(base)}${wherePhrase(base)}`);
}
