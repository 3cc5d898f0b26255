import type { AuthenticationMethodsConfig } from "../../config/types";
import { MFA_METHODS } from "../../policies/authenticationMethodFacts";
import type { LiveTenant } from "../tenant";

/** MFA methods on in the tenant now (for everyone or a group). Without the policy read, every method counts as on. */
export function usableNow(tenant: LiveTenant): Set<string> {
  const methods = tenant.authenticationMethods?.methods;
  return new Set(MFA_METHODS.filter((m) => !methods || methods[m]?.state === "enabled"));
}

/**
 * MFA methods every user can still use after the stack applies: a declared method when it is on
 * for everyone (a group-limited one may leave the user out, so it does not count), an undeclared
 * one as the tenant has it.
 */
export function usableAfter(am: AuthenticationMethodsConfig, tenant: LiveTenant): Set<string> {
  const now = usableNow(tenant);
  return new Set(MFA_METHODS.filter((m) => (am.methods[m] === undefined ? now.has(m) : am.methods[m] === "enabled")));
}

/** The methods the stack takes away from someone who has them now. */
export const methodsTakenAway = (am: AuthenticationMethodsConfig, tenant: LiveTenant) => {
  const after = usableAfter(am, tenant);
  return [...usableNow(tenant)].filter((m) => !after.has(m));
};
