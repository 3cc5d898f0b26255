import type { Finding } from "../../guard/finding";
import type { GuardInput } from "../../guard/input";
import type { LiveTenant } from "../tenant";
import { runRules, type RunnableRule } from "../../guard/rule";
import { cutoverStaged } from "../../guard/transitions/cutoverStaged";
import { authMethodsBreakGlass } from "./authMethodsBreakGlass";
import { authMethodsOff } from "./authMethodsOff";
import { liveLicence } from "./licence";
import type { LiveRule } from "./liveRule";
import { liveSecurityDefaultsConflict } from "./securityDefaultsConflict";
import { perUserMfaInUse } from "./perUserMfaInUse";
import { unmanagedPolicies } from "./unmanagedPolicies";
import { adoptedPolicies } from "./adoptedPolicies";
import { liveDuplicateNames } from "./duplicateNames";
import { equivalentPolicies } from "./equivalentPolicies";
import { liveOwner } from "./owner";

export const LIVE_RULES: readonly LiveRule[] = [
  liveLicence,
  liveSecurityDefaultsConflict,
  unmanagedPolicies,
  perUserMfaInUse,
  adoptedPolicies,
  equivalentPolicies,
  liveDuplicateNames,
  authMethodsOff,
  authMethodsBreakGlass,
  liveOwner,
];

/** The live rules, and the cut-over rule of the migration runbook measured from the tenant as it is. */
export function runLiveGuard(
  tenant: LiveTenant,
  stack: GuardInput,
  rules: readonly RunnableRule<[tenant: LiveTenant, stack: GuardInput]>[] = LIVE_RULES,
): Finding[] {
  const live = runRules(rules, tenant, stack);
  const cutover = runRules([cutoverStaged], tenant, stack);
  return [...live.findings, ...cutover.findings, ...live.broken, ...cutover.broken];
}
