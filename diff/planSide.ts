import type { PlanResult } from "../documents/planResult";
import type { PolicySet } from "./types";

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
