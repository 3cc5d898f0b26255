import type { PlanResult } from "../documents/planResult";
import { coverageReport } from "../whatif/coverage";
import type { FleetWhatIfFinding } from "./result";

export interface WhatIfSummary {
  readonly gaps: readonly FleetWhatIfFinding[];
  readonly lockouts: readonly FleetWhatIfFinding[];
}

const MEMO_SIZE = 64;

/**
 * The what-if's gaps and lockouts of a plan, memoized by what the what-if reads (Security Defaults,
 * break-glass, the pilot group, the declared MFA trusted IPs, the policies): a partner's tenants share a handful of policy sets, and the coverage
 * of one costs tens of milliseconds. The memo keeps the last few sets only, so memory stays flat.
 */
export function memoizedWhatIf(): (plan: PlanResult) => WhatIfSummary {
  const memo = new Map<string, WhatIfSummary>();
  return (plan) => {
    const key = JSON.stringify([plan.securityDefaults, plan.breakGlass, plan.pilotGroup, plan.mfaTrustedIps, plan.conditionalAccessPolicies]);
    const known = memo.get(key);
    if (known) return known;
    const report = coverageReport(plan);
    const pick = (f: { persona: string; clientAppType: string; message: string }) => ({
      persona: f.persona,
      clientAppType: f.clientAppType,
      message: f.message,
    });
    const summary = { gaps: report.gaps.map(pick), lockouts: report.lockouts.map(pick) };
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(key, summary);
    return summary;
  };
}
