import { proveNoLockout } from "../../whatif/lockout";
import { guardRule, type GuardRule } from "../input";

/**
 * Compliant, proven by simulating sign-ins against the enabled policies (the what-if evaluator):
 * every break-glass account signs in with nothing required, from every client to every key app at
 * every risk; and every privileged role keeps a sign-in that MFA can satisfy.
 */
export const lockoutProof: GuardRule = guardRule({
  id: "EB-LOCKOUT-PROOF",
  description: "simulated sign-ins show no lockout: break-glass needs nothing, every admin role has a path MFA satisfies",
  check: (input) =>
    proveNoLockout(
      input.policies,
      { users: input.breakGlassUsers, groups: input.breakGlassGroups },
      input.mfaTrustedIps ? { mfaTrustedIps: input.mfaTrustedIps } : {},
    ).map((message) => ({
      severity: "error" as const,
      message,
    })),
});
