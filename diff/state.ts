import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { policyChange } from "./context";
import { grantName, stateName } from "./names";
import { blocks } from "./scope";
import type { PolicyChange } from "./types";

/**
 * The policy's state. Report-only or disabled → enabled enforces it (high risk: sign-ins that
 * only logged are now blocked or challenged); enabled → report-only or disabled weakens.
 */
export function diffState(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  if (base.state === head.state) return [];
  const from = stateName(base.state);
  const to = stateName(head.state);
  const what = blocks(head.grantControls) ? "blocked" : `asked for ${grantName(head.grantControls)}`;
  if (head.state === "enabled") {
    return [policyChange(head, "state-enforced", false, "high", `goes from ${from} to enforced: matching sign-ins are now ${what}`)];
  }
  if (base.state === "enabled") {
    const consequence = head.state === "disabled" ? "it no longer applies" : "sign-ins are only logged, no longer " + what;
    return [policyChange(head, "state-relaxed", true, "high", `goes from enforced to ${to}: ${consequence}`)];
  }
  return [policyChange(head, "state-changed", false, "low", `goes from ${from} to ${to}; it was not enforced and still is not`)];
}
