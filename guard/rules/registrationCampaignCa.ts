import { guardRule, type GuardRule } from "../input";

/** Compliant: the registration campaign is declared only by Conditional Access stacks; Security Defaults bring their own 14-day registration. */
export const registrationCampaignCa: GuardRule = guardRule({
  id: "EB-REGISTRATION-CAMPAIGN",
  description: "the registration campaign is used with Conditional Access, not beside Security Defaults",
  check: (input) =>
    input.registrationCampaign && input.securityDefaults.isEnabled
      ? [
          {
            severity: "error",
            message:
              `registrationCampaign: true beside Security Defaults, which already ask every user to register MFA within 14 days; ` +
              `set registrationCampaign: false, or use it with protection: conditionalAccess`,
          },
        ]
      : [],
});
