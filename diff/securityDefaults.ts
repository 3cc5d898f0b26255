import { securityDefaultsGaps } from "../policies/facts";
import type { PolicyChange, PolicySet } from "./types";

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
      {
        kind: "security-defaults-enabled",
        weakens: false,
        risk: "high",
        sentence: "Security Defaults are turned on: every user registers for and uses MFA, legacy authentication is blocked",
      },
    ];
  }
  const gaps = securityDefaultsGaps(head.policies);
  return [
    {
      kind: "security-defaults-disabled",
      weakens: gaps.length > 0,
      risk: "high",
      sentence:
        gaps.length === 0
          ? "Security Defaults are turned off: enforced Conditional Access policies take over every protection they gave " +
            "(MFA for administrators and all users, legacy authentication blocked, MFA for Azure management)"
          : `Security Defaults are turned off and the enforced Conditional Access policies do not give ${gaps.map((g) => g.what).join(", ")}`,
    },
  ];
}
