import type { FindingSeverity } from "../guard/finding";
import type { PlanResult } from "../documents/planResult";
import type { GraphNamedLocation } from "../policies/facts";
import type { SecurityDefaultsState, TenantState } from "../policies/tenantState";
import type { PolicyChange } from "./changeKinds";

/** One side of a diff: what a plan or a preview says the tenant has. */
export interface PolicySet extends Omit<TenantState, "securityDefaults"> {
  /** Shown in the report, e.g. "p1 (main)" or "pulumi preview: before". */
  readonly label: string;
  /** Security Defaults' state; undefined when this side does not say (a preview without the resource). */
  readonly securityDefaults?: SecurityDefaultsState;
  /** Break-glass object ids: excluded from every policy. */
  readonly breakGlass: { readonly users: readonly string[]; readonly groups: readonly string[] };
  /**
   * The named locations, by the id the policies name them by; the diff compares inside them.
   * @default - none known: changes inside named locations are not seen
   */
  readonly namedLocations?: readonly GraphNamedLocation[];
  /**
   * True when some policies are missing (a preview without `--show-sames`): a named location whose
   * reach changes is then taken to weaken, since the policies that use it cannot be seen.
   * @default false
   */
  readonly partial?: boolean;
  /** Guard findings (a plan) or Pulumi diagnostics (a preview). */
  readonly findings: readonly { readonly rule: string; readonly severity: FindingSeverity; readonly message: string; readonly policy?: string }[];
}

/** One side of a diff from an offline plan (`npm run plan -- --json`). */
export function policySetOfPlan(plan: PlanResult, label = `${plan.stack} (${plan.plan}, ${plan.protection})`): PolicySet {
  return {
    label,
    securityDefaults: plan.securityDefaults,
    breakGlass: plan.breakGlass,
    policies: plan.conditionalAccessPolicies,
    ...(plan.namedLocations ? { namedLocations: plan.namedLocations } : {}),
    findings: plan.findings,
  };
}

/** What every per-policy comparison needs to know beside the two policies. */
export interface DiffContext {
  /** Break-glass user object ids of either side. */
  readonly breakGlassUsers: readonly string[];
  /** Break-glass group object ids of either side. */
  readonly breakGlassGroups: readonly string[];
  /** Break-glass ids (users and groups) of the base. */
  readonly baseBreakGlass: readonly string[];
  /** Break-glass ids (users and groups) of the head. */
  readonly headBreakGlass: readonly string[];
  /**
   * Named locations' display names by lower-case id, from either side's named locations.
   * @default - none: a location is named by its id
   */
  readonly locationNames?: ReadonlyMap<string, string>;
}

/** The context of a diff of two policy sets: both sides' break-glass ids and named locations' names. */
export function diffContext(base: PolicySet, head: PolicySet): DiffContext {
  return {
    breakGlassUsers: [...new Set([...base.breakGlass.users, ...head.breakGlass.users])],
    breakGlassGroups: [...new Set([...base.breakGlass.groups, ...head.breakGlass.groups])],
    baseBreakGlass: [...base.breakGlass.users, ...base.breakGlass.groups],
    headBreakGlass: [...head.breakGlass.users, ...head.breakGlass.groups],
    locationNames: new Map(
      [...(base.namedLocations ?? []), ...(head.namedLocations ?? [])].flatMap((l) => (l.displayName ? [[l.id.toLowerCase(), l.displayName] as const] : [])),
    ),
  };
}

/** A guard finding of the head, marked when the base did not have it. */
export interface HeadFinding {
  readonly rule: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly policy?: string;
  /** True when the base had no finding with this rule, policy and message. */
  readonly isNew: boolean;
}

/** The head's guard findings, errors first, each marked new when the base did not have it. */
export function headFindings(base: PolicySet, head: PolicySet): HeadFinding[] {
  const key = (f: { rule: string; message: string; policy?: string }) => `${f.rule}\u0000${f.policy ?? ""}\u0000${f.message}`;
  const had = new Set(base.findings.map(key));
  const order = { error: 0, warning: 1, info: 2 } as const;
  return head.findings
    .map((f, i) => ({ f: { ...f, isNew: !had.has(key(f)) }, i }))
    .sort((a, b) => order[a.f.severity] - order[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

/** Counts for the headline. */
export interface DiffSummary {
  readonly changes: number;
  readonly weakening: number;
  readonly policiesAdded: number;
  readonly policiesRemoved: number;
  /** Policies on both sides with at least one change. */
  readonly policiesChanged: number;
}

/** The semantic diff of two policy sets, ranked by risk: weakening changes first. */
export interface DiffReport {
  readonly base: string;
  readonly head: string;
  readonly summary: DiffSummary;
  readonly changes: readonly PolicyChange[];
  readonly headFindings: readonly HeadFinding[];
  /** Caveats about the input, e.g. a preview without its unchanged resources. */
  readonly notes: readonly string[];
}
