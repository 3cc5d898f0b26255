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

/** The methods the stack limits to each group (`{ group: <object id> }`), by the group's lower-case id. */
export function methodsByGroup(am: AuthenticationMethodsConfig): Map<string, Set<string>> {
  const byGroup = new Map<string, Set<string>>();
  for (const m of MFA_METHODS) {
    const setting = am.methods[m];
    if (typeof setting === "object" && setting !== null) {
      const group = setting.group.toLowerCase();
      byGroup.set(group, (byGroup.get(group) ?? new Set()).add(m));
    }
  }
  return byGroup;
}

/** Every group the stack limits a method to, as written: the groups whose transitive members the live read adds. */
export function methodGroupsOf(config: unknown): string[] {
  const am = typeof config === "string" ? parsed(config) : (config as { readonly methods?: unknown } | null | undefined);
  const methods = typeof am === "object" && am !== null && typeof am.methods === "object" && am.methods !== null ? Object.values(am.methods) : [];
  const groups = methods.flatMap((s) =>
    typeof s === "object" && s !== null && typeof (s as { group?: unknown }).group === "string" ? [(s as { group: string }).group] : [],
  );
  return [...new Set(groups)];
}

/** A Pulumi config value given as a JSON string; anything else reads as no methods. */
function parsed(text: string): { readonly methods?: unknown } | undefined {
  try {
    return JSON.parse(text) as { readonly methods?: unknown };
  } catch {
    return undefined;
  }
}
