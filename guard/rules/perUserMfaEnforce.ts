import type { Verdict } from "../rule";
import { guardRule, type GuardRule } from "../input";

/**
 * Warns: keeping per-user MFA enforced is the legacy way; Microsoft advises Security Defaults or
 * Conditional Access. Refuses it for a break-glass account, which must never need anything.
 */
export const perUserMfaEnforce: GuardRule = guardRule({
  id: "EB-PER-USER-ENFORCE",
  description: "per-user MFA is not kept enforced (the legacy way), and never for a break-glass account",
  check: (input) => {
    const setting = input.perUserMfa;
    if (!setting || typeof setting === "string") return [];
    const findings: Verdict[] = [
      {
        severity: "warning",
        message:
          `perUserMfa.enforce keeps ${setting.enforce.length} users on legacy per-user MFA, ` +
          `which Microsoft does not recommend beside ${input.securityDefaults.isEnabled ? "Security Defaults" : "Conditional Access"} ` +
          `(double prompts, policies hard to reason about); ` +
          `move them to the baseline's MFA and set perUserMfa: disable`,
      },
    ];
    const breakGlass = setting.enforce.filter((id) => input.breakGlassUsers.includes(id));
    if (breakGlass.length > 0) {
      findings.push({
        severity: "error",
        message:
          `perUserMfa.enforce lists break-glass ${breakGlass.join(", ")}; ` +
          `emergency access must need nothing: remove ${breakGlass.length > 1 ? "them" : "it"} from perUserMfa.enforce`,
      });
    }
    return findings;
  },
});
