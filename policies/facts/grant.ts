import type { Control, NormalisedGrant } from "./normalise";

/**
 * What a grant asks, read strictly ("Conditional Access: Grant"): a policy requires MFA only when
 * no way through it avoids MFA. Under OR, one satisfied control is enough, so "MFA or a compliant
 * device" does not require MFA; under AND every control is needed. Authentication strengths are MFA,
 * and so is a password change, which Entra asks only after MFA. Without an operator, AND (Graph's default).
 */

/** MFA, an authentication strength, or a password change ("they're first required to complete multifactor authentication"). */
export const isMfaControl = (c: Control): boolean => c.kind === "mfa" || c.kind === "authenticationStrength" || c.kind === "passwordChange";

/** What a user who does MFA (and changes a password when asked) can satisfy: no device, app, terms of use or custom control. */
export const metByMfa = (c: Control): boolean => c.kind === "mfa" || c.kind === "authenticationStrength" || c.kind === "passwordChange";

/**
 * What an admin at the keyboard can meet to get in: what MFA meets, and terms of use (accepted on the spot).
 * Not a device or app control, nor a custom control (an external provider). The lockout proof asks this.
 */
export const metAtSignIn = (c: Control): boolean => metByMfa(c) || c.kind === "termsOfUse";

/** Whether the controls, under their operator, leave no way through without MFA or an authentication strength. */
export function controlsRequireMfa(operator: "AND" | "OR", controls: readonly Control[]): boolean {
  if (controls.length === 0) return false;
  return operator === "AND" ? controls.some(isMfaControl) : controls.every(isMfaControl);
}

/** Whether a user who does MFA (and changes a password when asked) meets the controls. */
export function controlsMetByMfa(operator: "AND" | "OR", controls: readonly Control[]): boolean {
  if (controls.length === 0) return true;
  return operator === "AND" ? controls.every(metByMfa) : controls.some(metByMfa);
}

/** Whether a user at the keyboard (MFA, a password change, terms of use) meets the controls. */
export function controlsMetAtSignIn(operator: "AND" | "OR", controls: readonly Control[]): boolean {
  if (controls.length === 0) return true;
  return operator === "AND" ? controls.every(metAtSignIn) : controls.some(metAtSignIn);
}

/** Whether the grant blocks access. */
export const grantBlocks = (grant: NormalisedGrant | undefined): boolean => grant?.block === true;

/** Whether the grant requires MFA (strictly: not a block, and no weaker alternative satisfies it). */
export const grantRequiresMfa = (grant: NormalisedGrant | undefined): boolean => !!grant && !grant.block && controlsRequireMfa(grant.operator, grant.controls);

/** A control in words: "mfa", "strength <id>", "terms of use <id>", "custom control <id>", "compliantDevice". */
export function controlName(c: Control): string {
  switch (c.kind) {
    case "authenticationStrength":
      return `strength ${c.id}`;
    case "termsOfUse":
      return `terms of use ${c.id}`;
    case "customControl":
      return `custom control ${c.id}`;
    case "other":
      return c.name;
    default:
      return c.kind;
  }
}
