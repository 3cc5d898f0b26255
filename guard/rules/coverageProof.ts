import { proveNoGap } from "../../whatif/gapProof";
import { guardRule, type GuardRule } from "../input";

/**
 * Compliant, proven by simulating sign-ins (the what-if's coverage personas and evaluator, as the
 * lockout proof does): no member or admin signs in without MFA on a modern client, against the
 * enforced policies and Security Defaults when they stay on. Break-glass accounts and the
 * exclusions the stack declares are exempt. A gap kept on purpose goes in `acceptedGaps`.
 */
export const coverageProof: GuardRule = guardRule({
  id: "EB-COVERAGE-PROOF",
  description: "simulated sign-ins show no gap: every member and admin is asked for MFA (or blocked) on every modern client",
  check: (input) => {
    // A stack that does not declare Security Defaults (a policy set of its own) says nothing about them: no proof without them.
    if (input.managesSecurityDefaults === false && !input.securityDefaults.isEnabled) return [];
    const plan = {
      stack: input.stack ?? "",
      securityDefaults: input.securityDefaults,
      breakGlass: { users: input.breakGlassUsers, groups: input.breakGlassGroups },
      conditionalAccessPolicies: input.policies,
      // The stack's MFA trusted IPs, as the lockout proof reads them: without them, policies naming them are evaluated both ways.
      ...(input.mfaTrustedIps ? { mfaTrustedIps: input.mfaTrustedIps } : {}),
    };
    return proveNoGap(plan).map((gap) => ({
      severity: "error" as const,
      message:
        `${gap}. Enable policies.allUsersMfa and adminMfa (policyState: enabled${input.pilotGroup ? ", without pilotGroup" : ""}), ` +
        `or keep protection: securityDefaults with the policies report-only; a gap kept on purpose goes in acceptedGaps.EB-COVERAGE-PROOF with its reason`,
    }));
  },
});
