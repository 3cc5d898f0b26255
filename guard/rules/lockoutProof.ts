import { PRIVILEGED_ROLES } from "../../policies/wellKnownIds";
import { CLIENT_APP_TYPES, KEY_APPS, RISK_STATES } from "../../whatif/coverage";
import { evaluator, satisfiableByMfa } from "../../whatif/evaluate";
import type { SignIn } from "../../whatif/signIn";
import type { Finding } from "../finding";
import type { GuardInput, GuardRule } from "../input";

type Who = Pick<SignIn, "userId" | "groupIds" | "roleIds" | "userType">;

/**
 * Compliant, proven by simulating sign-ins against the enabled policies: every break-glass
 * account signs in with nothing required, from every client to every key app at every risk; and
 * every privileged role keeps a browser sign-in that MFA can satisfy.
 */
export const lockoutProof: GuardRule = {
  id: "EB-LOCKOUT-PROOF",
  description: "simulated sign-ins show no lockout: break-glass needs nothing, every admin role has a path MFA satisfies",
  check: (input: GuardInput): Finding[] => {
    if (input.policies.length === 0) return [];
    const evaluate = evaluator(input.policies);
    const findings: Finding[] = [];
    const breakGlass: [string, Who][] = [
      ...input.breakGlassUsers.map((id): [string, Who] => [`break-glass account ${id}`, { userId: id, groupIds: [], roleIds: [], userType: "member" }]),
      ...input.breakGlassGroups.map((id): [string, Who] => [`member of break-glass group ${id}`, { userId: `member-of-${id}`, groupIds: [id], roleIds: [], userType: "member" }]),
    ];
    for (const [label, who] of breakGlass) {
      const stopped = new Set<string>();
      for (const clientAppType of CLIENT_APP_TYPES)
        for (const app of KEY_APPS)
          for (const signInRisk of RISK_STATES)
            for (const userRisk of RISK_STATES) {
              const { outcome } = evaluate({ ...who, clientAppType, applicationId: app.id, signInRisk, userRisk });
              if (outcome.kind !== "allowed") stopped.add(outcome.kind === "blocked" ? `blocked by "${outcome.by[0]}"` : `challenged by "${outcome.requirements[0].policy}"`);
            }
      if (stopped.size > 0) {
        findings.push({
          rule: "EB-LOCKOUT-PROOF",
          severity: "error",
          message: `a simulated sign-in of ${label} is ${[...stopped].join(", ")}; emergency access must need nothing: exclude it from those policies`,
        });
      }
    }
    for (const [roleId, roleName] of Object.entries(PRIVILEGED_ROLES)) {
      const who: Who = { userId: `admin-${roleId}`, groupIds: [], roleIds: [roleId], userType: "member" };
      const canSignIn = KEY_APPS.some((app) => {
        const { outcome } = evaluate({ ...who, clientAppType: "browser", applicationId: app.id, signInRisk: "none", userRisk: "none" });
        return outcome.kind === "allowed" || (outcome.kind === "challenge" && satisfiableByMfa(outcome.requirements));
      });
      if (!canSignIn) {
        findings.push({
          rule: "EB-LOCKOUT-PROOF",
          severity: "error",
          message: `a simulated browser sign-in of a ${roleName} is blocked, or needs more than MFA, on every key app; an admin must always be able to sign in: narrow the blocking policy`,
        });
      }
    }
    return findings;
  },
};
