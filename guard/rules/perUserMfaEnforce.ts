import type { GuardRule } from "../input";

/** Warns: keeping per-user MFA enforced is the legacy way; Microsoft advises Security Defaults or Conditional Access. */
export const perUserMfaEnforce: GuardRule = {
  id: "EB-PER-USER-ENFORCE",
  description: "per-user MFA is not kept enforced (the legacy way, not recommended)",
  check: (input) => {
    const setting = input.perUserMfa;
    if (!setting || typeof setting === "string") return [];
    return [
      {
        rule: "EB-PER-USER-ENFORCE",
        severity: "warning",
        message: `perUserMfa.enforce keeps ${setting.enforce.length} users on legacy per-user MFA, which Microsoft does not recommend beside ${input.securityDefaults.isEnabled ? "Security Defaults" : "Conditional Access"} (double prompts, policies hard to reason about); move them to the baseline's MFA and set perUserMfa: disable`,
      },
    ];
  },
};
