import { guardRule, type GuardRule } from "../input";
import { securityDefaultsGaps } from "../../policies/facts";

/**
 * Compliant: per-user MFA is turned off only while something else requires MFA of every user:
 * Security Defaults, or an enabled all-users MFA policy (not limited to a pilot group).
 */
export const perUserMfaDisableSafe: GuardRule = guardRule({
  id: "EB-PER-USER-DISABLE-SAFE",
  description: "per-user MFA is disabled only once Security Defaults or an enabled all-users MFA policy requires MFA",
  check: (input) => {
    if (input.perUserMfa !== "disable") return [];
    if (input.securityDefaults.isEnabled) return [];
    if (!securityDefaultsGaps(input.policies).some((gap) => gap.protection === "allUsersMfa")) return [];
    return [
      {
        severity: "error",
        message:
          `perUserMfa: disable would leave users without MFA: Security Defaults are off and no enabled policy requires MFA of all users. ` +
          `Enable allUsersMfa first (policies.allUsersMfa.state: enabled, without pilotGroup) or keep protection: securityDefaults, then disable per-user MFA`,
      },
    ];
  },
});
