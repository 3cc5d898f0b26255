import type { Finding } from "./finding";

/**
 * Where a rule runs: `guard` over what a stack declares (every `pulumi preview` and `up`, the offline plan),
 * `transition` from the deployed state to the stack (`plan --previous`), `live` against the tenant Graph
 * answers with, `offline plan` only in the offline plan (the azuread provider's input checks).
 */
export type RulePhase = "guard" | "transition" | "live" | "offline plan";

/** A rule as its own file declares it: every EB rule has these, whatever it checks. */
export interface RuleIdentity {
  /** Stable id, `EB-…`, declared once, in the rule's file: the runner stamps it on every finding. */
  readonly id: string;
  /** One line: the compliant condition. */
  readonly description: string;
}

/** What the rule registry (components/ruleRegistry.ts) adds to each rule: the README table's row and where it runs. */
export interface RuleInfo extends RuleIdentity {
  /** The README rule table's severity column for this rule, word for word (a spec compares them). */
  readonly severity: string;
  /** Where it runs. */
  readonly phases: readonly RulePhase[];
  /** Whether the CrossGuard policy pack runs it over any stack's resources. */
  readonly pack: boolean;
}

/** A finding as a rule's check states it: the runner adds the rule's id. */
export type Verdict = Omit<Finding, "rule">;

/** An EB rule: its metadata and a pure check over `Args` (a stack, a transition, a tenant with a stack, provider inputs). */
export interface Rule<Args extends readonly unknown[]> extends RuleIdentity {
  /** The rule's findings, each stamped with its id. Throws when the rule throws: `runRules` turns that into a finding. */
  readonly check: (...args: Args) => Finding[];
}

/** A rule as its file declares it: the metadata and a check that states verdicts, not ids. */
export interface RuleSpec<Args extends readonly unknown[]> extends RuleIdentity {
  readonly check: (...args: Args) => readonly Verdict[];
}

/** Each finding with the rule's id, first among its keys (replacing an id a reused finding carried). */
const stamp = (id: string, verdicts: readonly Verdict[]): Finding[] => verdicts.map((v) => Object.assign({ rule: id }, v, { rule: id }));

/** A rule whose check stamps its id on every finding. */
export function defineRule<Args extends readonly unknown[]>(spec: RuleSpec<Args>): Rule<Args> {
  return { ...spec, check: (...args: Args) => stamp(spec.id, spec.check(...args)) };
}

/** What the runner needs of a rule. */
export type RunnableRule<Args extends readonly unknown[]> = Pick<Rule<Args>, "id" | "check">;

/** The findings of rules run over the same arguments, and the internal-error findings of those that threw. */
export interface RuleRun {
  readonly findings: Finding[];
  /** One error finding per rule that threw, naming it: a broken check must not pass. */
  readonly broken: Finding[];
}

/** The one runner of every kind of EB rule: each rule's findings, and a rule that throws reported as an error naming it. */
export function runRules<Args extends readonly unknown[]>(rules: readonly RunnableRule<Args>[], ...args: Args): RuleRun {
  const findings: Finding[] = [];
  const broken: Finding[] = [];
  for (const rule of rules) {
    try {
      findings.push(...stamp(rule.id, rule.check(...args)));
    } catch (err) {
      broken.push({
        rule: rule.id,
        severity: "error",
        message: `the rule could not be evaluated (${(err as Error).message}); fix the input it names or report a bug`,
      });
    }
  }
  return { findings, broken };
}

/** Every finding of a run: the broken rules' after the others. */
export const allFindings = (run: RuleRun): Finding[] => [...run.findings, ...run.broken];
