import { LEGACY_CLIENT_APP_TYPES } from "../policies/graphTypes";
import type { Evaluation, SignIn } from "./signIn";

export const SECURITY_DEFAULTS = "Security Defaults";

/** The simplification every result with Security Defaults on depends on. */
export const SECURITY_DEFAULTS_MODEL =
  "Security Defaults are modelled as MFA on every modern sign-in and legacy authentication blocked " +
  "(Entra asks ordinary users for MFA when it judges it necessary)";

/**
 * Security Defaults as the what-if models them: legacy authentication blocked, MFA on every
 * other sign-in of every account. (Entra asks ordinary users for MFA "when necessary"; modelling
 * it as always is the conservative reading. Security Defaults cannot exclude anyone, break-glass
 * accounts included.)
 */
export function securityDefaultsEvaluation(signIn: SignIn): Evaluation {
  if ((LEGACY_CLIENT_APP_TYPES as readonly string[]).includes(signIn.clientAppType)) {
    const blocked = { kind: "blocked", by: [SECURITY_DEFAULTS] } as const;
    return { applied: [SECURITY_DEFAULTS], reportOnly: [], asks: blocked, outcome: blocked };
  }
  const mfa = { kind: "challenge", requirements: [{ policy: SECURITY_DEFAULTS, operator: "OR", controls: [{ kind: "mfa" }] }] } as const;
  return { applied: [SECURITY_DEFAULTS], reportOnly: [], asks: mfa, outcome: mfa };
}
