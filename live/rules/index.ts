import type { Finding } from "../../guard/finding";
import type { GuardInput } from "../../guard/input";
import type { LiveTenant } from "../tenant";
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
export function runLiveGuard(tenant: LiveTenant, stack: GuardInput, rules: readonly LiveRule[] = LIVE_RULES): Finding[] {
  return [...rules.flatMap((rule) => rule.check(tenant, stack)), ...cutoverStaged.check(tenant, stack)];
}
