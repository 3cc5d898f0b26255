import type { GuardInput } from "../../guard/input";
import { defineRule, type Rule, type RuleSpec } from "../../guard/rule";
import type { LiveTenant } from "../tenant";

/** A rule that compares the tenant as it is with what the stack declares. */
export type LiveRule = Rule<[tenant: LiveTenant, stack: GuardInput]>;

/** A live rule as its file declares it. */
export const liveRule = (spec: RuleSpec<[tenant: LiveTenant, stack: GuardInput]>): LiveRule => defineRule(spec);
