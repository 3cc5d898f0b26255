import type { GraphPolicy } from "../policies/facts";
import { PRIVILEGED_ROLES } from "../policies/wellKnownIds";
import { EvaluatorOptions, evaluator, getsThrough, stopReasons, waysOf } from "./evaluate";
import { contexts, isModernClient, KEY_APPS, type SignInContext } from "./matrix";
import type { Evaluation, SignIn } from "./signIn";

/** Break-glass (emergency access) accounts: object ids of users, and of groups whose members are. */
export interface BreakGlass {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

type Who = Pick<SignIn, "userId" | "groupIds" | "roleIds" | "userType">;

const member = (userId: string, groupIds: string[] = [], roleIds: string[] = []): Who => ({ userId, groupIds, roleIds, userType: "member" });

/**
 * The sign-in of `who` in `context`, as one object literal (one shape for every sign-in the proof simulates): 13
 * times faster than spreading the frozen context. It copies every field of a context (a spec checks it).
 */
export const signInOf = (who: Who, context: SignInContext, devicePlatform: SignIn["devicePlatform"] = context.devicePlatform): SignIn => ({
  userId: who.userId,
  groupIds: who.groupIds,
  roleIds: who.roleIds,
  userType: who.userType,
  clientAppType: context.clientAppType,
  applicationId: context.applicationId,
  signInRisk: context.signInRisk,
  userRisk: context.userRisk,
  devicePlatform,
});

/** What stops an emergency account, in any way the evaluation assumed (the strictest way counts for a lockout). */
function stoppedBy(evaluation: Evaluation): string | undefined {
  for (const { outcome: o } of waysOf(evaluation)) {
    if (o.kind === "blocked") return `blocked by "${o.by[0]}"`;
    if (o.kind === "challenge") return `challenged by "${o.requirements[0].policy}"`;
  }
  return undefined;
}

/**
 * Proves, by simulating sign-ins against the enabled policies (report-only and disabled ones never
 * enforce), that the tenant cannot be locked out. Returns the problems, empty when proven:
 *
 * - every break-glass account (and a member of every break-glass group) signs in with nothing
 *   required, from every client to every key app, at every sign-in and user risk, from a Windows
 *   device and from a platform Entra cannot identify;
 * - every privileged role (Microsoft's admin template) keeps at least one sign-in from a modern
 *   client on a Windows device, at no risk, that is allowed or asks only for what the admin can meet at the
 *   keyboard: MFA, a password change, terms of use (no block, no device, app or custom control required).
 *
 * With no policies at all there is nothing to prove. Security Defaults are not modelled here:
 * they cannot exclude anyone, so the guard handles them by its own rules.
 */
export function proveNoLockout(policies: readonly GraphPolicy[], breakGlass: BreakGlass, options: EvaluatorOptions = {}): string[] {
  if (policies.length === 0) return [];
  const evaluate = evaluator(policies, options);
  const problems: string[] = [];
  const emergency: [string, Who][] = [
    ...breakGlass.users.map((id): [string, Who] => [`break-glass account ${id}`, member(id)]),
    ...breakGlass.groups.map((id): [string, Who] => [`member of break-glass group ${id}`, member(`member-of-${id}`, [id])]),
  ];
  for (const [label, who] of emergency) {
    const stopped = new Set<string>();
    for (const context of contexts()) {
      for (const devicePlatform of ["windows", "unknown"] as const) {
        const reason = stoppedBy(evaluate(signInOf(who, context, devicePlatform)));
        if (reason) stopped.add(reason);
      }
    }
    if (stopped.size > 0) {
      problems.push(`a simulated sign-in of ${label} is ${[...stopped].join(", ")}; emergency access must need nothing: exclude it from those policies`);
    }
  }
  for (const [roleId, roleName] of Object.entries(PRIVILEGED_ROLES)) {
    const who = member(`admin-${roleId}`, [], [roleId]);
    let canSignIn = false;
    const stopped = new Set<string>();
    for (const context of contexts()) {
      if (!isModernClient(context.clientAppType) || context.signInRisk !== "none" || context.userRisk !== "none") continue;
      // A path counts only if it gets through every way the evaluation assumed (inside or outside the MFA trusted IPs …).
      const ways = waysOf(evaluate(signInOf(who, context)));
      if (ways.every(({ outcome }) => getsThrough(outcome))) {
        canSignIn = true;
        break;
      }
      // A requirement this sign-in cannot meet (a managed device from an admin without one) is a block in effect: say which and why.
      for (const { outcome } of ways) for (const reason of stopReasons(outcome)) stopped.add(reason);
    }
    if (!canSignIn) {
      problems.push(
        `a simulated sign-in of a ${roleName} from a browser or app cannot get through with MFA (or terms of use) on any key app ` +
          `(${KEY_APPS.map((a) => a.label).join(", ")}): ${[...stopped].join(", ")}; ` +
          `an admin must always be able to sign in: exclude the role from that policy, or narrow it`,
      );
    }
  }
  return problems;
}
