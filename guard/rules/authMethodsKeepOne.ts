import { guardRule, type GuardRule } from "../input";
import { MFA_METHODS, mfaMethodsForEveryone, undeclaredMfaMethods } from "../../policies/authenticationMethodFacts";

/**
 * Compliant: the stack keeps at least one MFA method on for every user, so break-glass accounts
 * and admins (never excluded from a method) can always complete MFA. A method limited to a group
 * does not count: a break-glass account may not be in it.
 */
export const authMethodsKeepOne: GuardRule = guardRule({
  id: "EB-AUTH-KEEP-A-METHOD",
  description: "at least one MFA method stays on for every user (break-glass accounts and admins keep a working method)",
  check: (input) => {
    const am = input.authenticationMethods;
    if (!am || mfaMethodsForEveryone(am).length > 0 || undeclaredMfaMethods(am).length > 0) return [];
    return [
      {
        severity: "error",
        message:
          `authenticationMethods.methods turns off, or limits to a group, every MFA method (${MFA_METHODS.join(", ")}); ` +
          `break-glass accounts and admins would have no method to sign in with. ` +
          `Set authenticationMethods.methods.microsoftAuthenticator or fido2 to enabled`,
      },
    ];
  },
});
