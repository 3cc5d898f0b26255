import type { Finding } from "../finding";
import type { GuardInput } from "../input";
import { allFindings, runRules, type RunnableRule } from "../rule";
import { cutoverStaged } from "./cutoverStaged";
import { rollbackOrder } from "./rollbackOrder";
import type { TenantState } from "../../policies/tenantState";
import type { TransitionRule } from "./transition";

export const TRANSITION_RULES: readonly TransitionRule[] = [rollbackOrder, cutoverStaged];

/** Every transition finding from the tenant as it is to what the stack declares; a rule that throws is an error finding. */
export function runTransitionGuard(
  before: TenantState,
  after: GuardInput,
  rules: readonly RunnableRule<[before: TenantState, after: GuardInput]>[] = TRANSITION_RULES,
): Finding[] {
  return allFindings(runRules(rules, before, after));
}
