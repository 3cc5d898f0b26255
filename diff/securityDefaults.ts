import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { coversAllClients, isBlock, isEnabled, LEGACY_CLIENT_APP_TYPES, requiresMfa, targetsAllApps, targetsAllUsers, usesRisk } from "../policies/facts";
import { clientAppsOf } from "./scope";
import type { PolicyChange, PolicySet } from "./types";

function appliesToEveryone(p: ConditionalAccessPolicy): boolean {
  return isEnabled(p) && targetsAllUsers(p) && targetsAllApps(p);
}

/**
 * Whether enforced Conditional Access policies take over from Security Defaults: MFA for all
 * users on all apps without a risk condition, and a block of Exchange ActiveSync and other clients.
 */
export function caReplacesSecurityDefaults(policies: readonly ConditionalAccessPolicy[]): boolean {
  const mfa = policies.some((p) => appliesToEveryone(p) && requiresMfa(p) && coversAllClients(p) && !usesRisk(p));
  const legacy = policies.some((p) => appliesToEveryone(p) && isBlock(p) && LEGACY_CLIENT_APP_TYPES.every((c) => clientAppsOf(p).includes(c)));
  return mfa && legacy;
}

/**
 * Security Defaults turned on or off. Turning them off weakens unless the head's enforced
 * policies take over (the cut-over); it is high risk either way.
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
  const replaced = caReplacesSecurityDefaults(head.policies);
  return [
    {
      kind: "security-defaults-disabled",
      weakens: !replaced,
      risk: "high",
      sentence: replaced
        ? "Security Defaults are turned off: enforced Conditional Access policies take over (MFA for all users, legacy authentication blocked)"
        : "Security Defaults are turned off and no enforced Conditional Access policy takes over MFA for all users and the legacy authentication block",
    },
  ];
}
