import { acceptedGap } from "../guard/acceptedGaps";
import type { RuleInfo } from "../guard/rule";
import { GUARD_RULES } from "../guard/rules";
import { TRANSITION_RULES } from "../guard/transitions";
import { LIVE_RULES } from "../live/rules";
import { providerInputs } from "./providerInputsRule";

/**
 * Every EB rule with its metadata, in the README rule table's order: the guard's rules over what a stack declares,
 * the accepted-gap rule, the migration-order rules, the live rules and the offline plan's provider-input rule. Each
 * id is declared once, in its rule's file; the README's table, the policy pack (`pack: true`) and the reports'
 * descriptions are read from here.
 */
export const EB_RULES: readonly RuleInfo[] = [...GUARD_RULES, acceptedGap, ...TRANSITION_RULES, ...LIVE_RULES, providerInputs];

/** Each rule's one-line compliant condition, by id. */
export const RULE_DESCRIPTIONS: ReadonlyMap<string, string> = new Map(EB_RULES.map((rule) => [rule.id, rule.description]));
