import { securityDefaultsGaps } from "../../policies/facts";
import { guardRule, type GuardRule } from "../input";

/**
 * Compliant: with Security Defaults off, the enabled CA policies give everything Security Defaults
 * gave (the one answer of policies/facts/securityDefaults.ts, which the diff and the what-if read
 * too). Off without it is a gap, refused unless the stack accepts it (`acceptedGaps`).
 */
export const sdParity: GuardRule = guardRule({
  id: "EB-SD-PARITY",
  description: "with Security Defaults off, enabled policies give every protection of Security Defaults",
  check: (input) => {
    if (input.securityDefaults.isEnabled || input.plan === "free") return [];
    return securityDefaultsGaps(input.policies).map((gap) => ({
      severity: "error" as const,
      message:
        `Security Defaults will be off and the enabled policies do not give ${gap.what}: ${gap.example} signs in without it. ` +
        `Enable ${gap.protection} (policies.${gap.protection}.state: enabled, or policyState: enabled` +
        `${input.pilotGroup ? ", and remove pilotGroup once the pilot is done" : ""}), ` +
        `or keep protection: securityDefaults until it is; a gap kept on purpose goes in acceptedGaps.EB-SD-PARITY with its reason`,
    }));
  },
});
