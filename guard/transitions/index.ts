import type { Finding } from "../finding";
import type { GuardInput } from "../input";
import { cutoverStaged } from "./cutoverStaged";
import { rollbackOrder } from "./rollbackOrder";
import type { TenantState } from "../../policies/tenantState";
import type { TransitionRule } from "./transition";

export const TRANSITION_RULES: readonly TransitionRule[] = [rollbackOrder, cutoverStaged];

/** Every transition finding from the tenant as it is to what the stack declares. */
export function runTransitionGuard(before: TenantState, after: GuardInput, rules = TRANSITION_RULES): Finding[] {
  return rules.flatMap((rule) => rule.check(before, after));
}
