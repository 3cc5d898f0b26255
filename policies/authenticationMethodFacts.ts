import type { AuthenticationMethod, AuthenticationMethodsConfig } from "../config/types";

/**
 * Methods that let an account complete MFA on their own, every day (TAP is for onboarding and
 * recovery and expires; email is for SSPR only). Break-glass accounts and admins need one of these.
 */
export const MFA_METHODS: readonly AuthenticationMethod[] = ["microsoftAuthenticator", "fido2", "softwareOath", "sms", "voice"];

/** Phishable phone methods Microsoft advises turning off. */
export const PHONE_METHODS: readonly AuthenticationMethod[] = ["sms", "voice"];

/** MFA methods the stack declares on for every user (a group-limited method may leave out a break-glass account). */
export const mfaMethodsForEveryone = (am: AuthenticationMethodsConfig) => MFA_METHODS.filter((m) => am.methods[m] === "enabled");

/** MFA methods the stack leaves as the tenant has them (not declared). */
export const undeclaredMfaMethods = (am: AuthenticationMethodsConfig) => MFA_METHODS.filter((m) => am.methods[m] === undefined);

/** Phone methods the stack turns off for everyone, or limits to a group. */
export const phoneMethodsRestricted = (am: AuthenticationMethodsConfig) =>
  PHONE_METHODS.filter((m) => am.methods[m] !== undefined && am.methods[m] !== "enabled");

/**
 * `methodsRegistered` values of Graph's userRegistrationDetails, by the policy method that makes
 * each usable (docs/authentication-methods.md). Windows Hello for Business is not in the policy.
 */
export const REGISTERED_METHOD_FAMILY: Readonly<Record<string, AuthenticationMethod | "windowsHello" | "other">> = {
  microsoftAuthenticatorPush: "microsoftAuthenticator",
  microsoftAuthenticatorPasswordless: "microsoftAuthenticator",
  softwareOneTimePasscode: "softwareOath",
  fido2SecurityKey: "fido2",
  passKeyDeviceBound: "fido2",
  passKeyDeviceBoundAuthenticator: "fido2",
  passKeyDeviceBoundWindowsHello: "fido2",
  passKeySynced: "fido2",
  mobilePhone: "sms",
  alternateMobilePhone: "voice",
  officePhone: "voice",
  email: "email",
  temporaryAccessPass: "temporaryAccessPass",
  windowsHelloForBusiness: "windowsHello",
  macOsSecureEnclaveKey: "windowsHello",
};
