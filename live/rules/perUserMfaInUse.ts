import type { Verdict } from "../../guard/rule";
import { isEnabled, requiresMfa } from "../../guard/policyFacts";
import { liveRule, type LiveRule } from "./liveRule";

/** Warns: users on legacy per-user MFA while Security Defaults or enabled CA MFA policies also require MFA. */
export const perUserMfaInUse: LiveRule = liveRule({
  id: "EB-LIVE-PER-USER-MFA",
  description: "no user is on legacy per-user MFA beside Security Defaults or Conditional Access MFA",
  check: (tenant, stack): Verdict[] => {
    const audit = tenant.perUserMfa;
    if (!audit || audit.users.length === 0) return [];
    const modern = stack.securityDefaults.isEnabled || stack.policies.some((p) => isEnabled(p) && requiresMfa(p));
    if (!modern) return [];
    const enforced = audit.users.filter((u) => u.state === "enforced").length;
    return [
      {
        severity: "warning",
        message:
          `${audit.users.length} of ${audit.usersAudited} users are still on legacy per-user MFA ` +
          `(${audit.users.length - enforced} enabled, ${enforced} enforced) ` +
          `beside ${stack.securityDefaults.isEnabled ? "Security Defaults" : "Conditional Access MFA"}: double prompts, and policies hard to reason about. ` +
          `Next step: set perUserMfa: disable (it waits until MFA is required for everyone)`,
      },
    ];
  },
});
