import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { ChangeRisk } from "./types";

/** Whether the policy is enforced (Graph state `enabled`). */
export function isEnforced(policy: ConditionalAccessPolicy | undefined): boolean {
  return policy?.state === "enabled";
}

/**
 * The risk of a change to one policy: `ifEnforced` when either side enforces the policy, else
 * `low` (a report-only or disabled policy changes no sign-in).
 */
export function riskFor(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy, ifEnforced: ChangeRisk): ChangeRisk {
  return isEnforced(base) || isEnforced(head) ? ifEnforced : "low";
}

const ORDER: Record<ChangeRisk, number> = { high: 0, medium: 1, low: 2 };

/** Sorts high before medium before low. */
export function compareRisk(a: ChangeRisk, b: ChangeRisk): number {
  return ORDER[a] - ORDER[b];
}
