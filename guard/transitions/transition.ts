import type { TenantState } from "../../policies/tenantState";
import type { GuardInput } from "../input";
import { defineRule, type Rule, type RuleSpec } from "../rule";

/**
 * A rule about the order of changes: from the tenant as it is (`before`: what the tenant has now, the previous
 * deployment's plan or what Graph answers) to what the stack declares.
 */
export type TransitionRule = Rule<[before: TenantState, after: GuardInput]>;

/** A transition rule as its file declares it. */
export const transitionRule = (spec: RuleSpec<[before: TenantState, after: GuardInput]>): TransitionRule => defineRule(spec);
