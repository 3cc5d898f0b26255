import { guardRule, type GuardRule } from "../input";

/** The portal pages of the legacy policies: Graph exposes neither, so the migration cannot be checked from here. */
export const LEGACY_MFA_PAGE = "Entra admin center > Identity > Users > All users > Per-user MFA > Service settings";
export const LEGACY_SSPR_PAGE = "Entra admin center > Protection > Password reset > Authentication methods";

/**
 * Warns: `policyMigrationState: migrationComplete` makes Entra ignore the legacy MFA and SSPR
 * method settings. Graph has no API for those settings, so whether they allow a method the new
 * policy turns off cannot be read: the warning names the pages to compare by hand.
 */
export const authMethodsMigration: GuardRule = guardRule({
  id: "EB-AUTH-MIGRATION",
  description: "marking the methods migration complete is checked against the legacy MFA and SSPR settings first",
  check: (input) => {
    const am = input.authenticationMethods;
    if (!am?.migrationComplete) return [];
    const off = Object.entries(am.methods)
      .filter(([, s]) => s !== "enabled")
      .map(([m]) => m);
    return [
      {
        severity: "warning",
        message:
          `authenticationMethods.migrationComplete: true makes Entra ignore the legacy MFA and SSPR method settings, which Graph cannot read. ` +
          `Before pulumi up, open "${LEGACY_MFA_PAGE}" and "${LEGACY_SSPR_PAGE}": ` +
          `every method allowed there that this stack turns off or limits (${off.join(", ") || "none"}) stops working for MFA and password reset. ` +
          `Enable it under authenticationMethods.methods, or set migrationComplete: false until users have moved`,
      },
    ];
  },
});
