import { securityDefaultsGaps } from "../policies/facts";
import { change, judgedChange, PolicyChange } from "./changeKinds";
import { groupName, listOf, userName } from "./names";
import type { PolicySet } from "./report";
import { added, removed } from "./sets";

// Changes to the tenant rather than to one policy: Security Defaults, and the break-glass accounts every policy excludes.

/**
 * Security Defaults turned on or off. Turning them off weakens unless the head's enforced
 * policies give every protection Security Defaults gave (the guard's parity answer, one facts
 * function); it is high risk either way.
 */
export function diffSecurityDefaults(base: PolicySet, head: PolicySet): PolicyChange[] {
  const before = base.securityDefaults?.isEnabled;
  const after = head.securityDefaults?.isEnabled;
  if (before === undefined || after === undefined || before === after) return [];
  if (after) {
    return [
      change("security-defaults-enabled", "high", "Security Defaults are turned on: every user registers for and uses MFA, legacy authentication is blocked"),
    ];
  }
  const gaps = securityDefaultsGaps(head.policies);
  return [
    judgedChange(
      "security-defaults-disabled",
      gaps.length > 0,
      "high",
      gaps.length === 0
        ? "Security Defaults are turned off: enforced Conditional Access policies take over every protection they gave " +
            "(MFA for administrators and all users, legacy authentication blocked, MFA for Azure management)"
        : `Security Defaults are turned off and the enforced Conditional Access policies do not give ${gaps.map((g) => g.what).join(", ")}`,
    ),
  ];
}

/**
 * The tenant's break-glass (emergency access) accounts and groups, before and after. Fewer of
 * them, or none, weakens: emergency access then rests on fewer accounts.
 */
export function diffBreakGlass(base: PolicySet, head: PolicySet): PolicyChange[] {
  const names = (set: PolicySet["breakGlass"]) => [...set.users.map((u) => userName(u, [])), ...set.groups.map((g) => groupName(g, []))];
  const before = names(base.breakGlass);
  const after = names(head.breakGlass);
  const gone = removed(before, after);
  const come = added(before, after);
  if (gone.length === 0 && come.length === 0) return [];
  const parts = [
    ...(gone.length > 0 ? [`${listOf(gone)} ${gone.length === 1 ? "is" : "are"} no longer excluded as emergency access`] : []),
    ...(come.length > 0 ? [`${listOf(come)} ${come.length === 1 ? "is" : "are"} now excluded from every policy as emergency access`] : []),
  ];
  const weakens = after.length < before.length || after.length === 0;
  return [judgedChange("break-glass-accounts-changed", weakens, weakens ? "high" : "medium", `break-glass accounts change: ${parts.join("; ")}`)];
}
