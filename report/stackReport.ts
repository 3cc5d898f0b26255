import type { PlanResult } from "../documents/planResult";
import { type CoverageReport, coverageReport } from "../whatif/coverage";
import { proveNoLockout } from "../whatif/lockout";
import { type HeatMap, heatMapOf } from "./heatMap";
import { type DirectoryNames, NO_NAMES } from "./names";

/** Everything one stack's report shows, computed once; the HTML and markdown renderers only format it. */
export interface StackReport {
  readonly plan: PlanResult;
  readonly coverage: CoverageReport;
  readonly heatMap: HeatMap;
  /** The lockout proof's problems over the planned policies (the guard's EB-LOCKOUT-PROOF); empty when proven. */
  readonly lockoutProblems: readonly string[];
  readonly names: DirectoryNames;
  /** What could not be named from the tenant, and why (a permission Graph refused …); empty offline. */
  readonly nameNotes: readonly string[];
  /** Whether the names were read from the tenant (`--against live`). */
  readonly live: boolean;
  /** When the report was made, ISO 8601. */
  readonly generatedAt: string;
}

export interface StackReportOptions {
  /**
   * Display names read from the tenant.
   * @default - none: well-known names, else ids
   */
  readonly names?: DirectoryNames;
  /**
   * What could not be named, and why.
   * @default - nothing
   */
  readonly nameNotes?: readonly string[];
  /**
   * The clock.
   * @default - the current time
   */
  readonly now?: Date;
}

/** A stack's report from its plan: the what-if coverage and its heat-map, and the lockout proof, over the planned policies. */
export function buildStackReport(plan: PlanResult, options: StackReportOptions = {}): StackReport {
  return {
    plan,
    coverage: coverageReport(plan),
    heatMap: heatMapOf(plan),
    lockoutProblems: proveNoLockout(plan.conditionalAccessPolicies, plan.breakGlass, plan.mfaTrustedIps ? { mfaTrustedIps: plan.mfaTrustedIps } : {}),
    names: options.names ?? NO_NAMES,
    nameNotes: options.nameNotes ?? [],
    live: options.names !== undefined,
    generatedAt: (options.now ?? new Date()).toISOString(),
  };
}

/** What each rule asks, by rule id (the rule registry): shown beside a finding. */
export { RULE_DESCRIPTIONS } from "../components/ruleRegistry";
