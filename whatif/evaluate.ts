import {
  controlsMetAtSignIn,
  controlsMetByMfa,
  controlsRequireMfa,
  GraphNamedLocation,
  GraphPolicy,
  isLegacyClient,
  locationResolver,
} from "../policies/facts";
import { CompiledPolicy, compilePolicy, contextOf, whoOf } from "./compile";
import type { Evaluation, Outcome, Requirement, SignIn } from "./signIn";
import type { Who } from "../policies/facts";

/** What the evaluator needs besides the policies. */
export interface EvaluatorOptions {
  /** The tenant's named locations (IP ranges, countries), for policies with a locations condition. */
  readonly namedLocations?: readonly GraphNamedLocation[];
}

const LEGACY = "legacy authentication cannot satisfy grant controls (no MFA, no device state)";
const ALLOWED: Outcome = Object.freeze({ kind: "allowed" });

/**
 * Conditional Access as Entra applies it to one sign-in, given the policies whose non-user
 * conditions hold: every enabled policy that applies must be satisfied (AND across policies); a
 * block wins; a legacy client cannot satisfy any grant control, so a policy asking one blocks
 * it; a policy without grant controls applies and asks nothing; report-only policies never
 * enforce but are listed; disabled ones are ignored. Rules and sources: docs/whatif.md.
 */
function decide(candidates: readonly CompiledPolicy[], who: Who, legacyClient: boolean, reach?: Reach): Evaluation {
  const applied: string[] = [];
  const reportOnly: string[] = [];
  let blockedBy: string[] | undefined;
  let legacyBlocked = false;
  let requirements: Requirement[] | undefined;
  let simplifications: string[] | undefined;
  let offlineControls = false;
  for (let i = 0; i < candidates.length; i++) {
    const policy = candidates[i];
    // A policy naming only users, groups and roles the user has none of cannot apply: skip its users test.
    if (reach !== undefined && policy.includesOnly !== undefined && reach.marks[policy.index] !== reach.stamp) continue;
    if (policy.state === "disabled" || !policy.appliesToUser(who)) continue;
    if (policy.simplifications.length > 0) (simplifications ??= []).push(...policy.simplifications);
    if (policy.state === "enabledForReportingButNotEnforced") {
      reportOnly.push(policy.name);
      continue;
    }
    applied.push(policy.name);
    if (policy.blocks) (blockedBy ??= []).push(policy.name);
    else if (policy.requirement) {
      if (legacyClient) {
        (blockedBy ??= []).push(policy.name);
        legacyBlocked = true;
      } else {
        (requirements ??= []).push(policy.requirement);
        offlineControls ||= policy.asksOfflineControls;
      }
    }
  }
  const outcome: Outcome = blockedBy
    ? legacyBlocked
      ? { kind: "blocked", by: blockedBy, because: LEGACY }
      : { kind: "blocked", by: blockedBy }
    : requirements
      ? { kind: "challenge", requirements }
      : ALLOWED;
  if (offlineControls && !blockedBy) {
    (simplifications ??= []).push("terms of use and custom controls cannot be checked offline: they are listed as requirements, never assumed met");
  }
  return simplifications ? { applied, reportOnly, outcome, simplifications: [...new Set(simplifications)] } : { applied, reportOnly, outcome };
}

type Nested = Map<unknown, Nested | readonly CompiledPolicy[]>;

/** Which policies naming only ids the current sign-in's user reaches: marks[index] === stamp. */
interface Reach {
  readonly marks: Uint32Array;
  stamp: number;
}

/** The map under `key`, created when missing. */
function descend(map: Nested, key: unknown): Nested {
  let next = map.get(key) as Nested | undefined;
  if (!next) {
    next = new Map();
    map.set(key, next);
  }
  return next;
}

/** One sign-in against compiled policies, no named locations (see {@link evaluator} for many sign-ins). */
export function evaluateCompiled(policies: readonly CompiledPolicy[], signIn: SignIn): Evaluation {
  const context = contextOf(signIn);
  return decide(
    policies.filter((p) => p.appliesToContext(context)),
    whoOf(signIn),
    isLegacyClient(signIn.clientAppType),
  );
}

/**
 * Compiles the policies once; the returned function evaluates sign-ins against them. The
 * policies whose non-user conditions hold are remembered per distinct context, so a stream of
 * sign-ins mostly tests each policy's users condition only.
 */
export function evaluator(policies: readonly GraphPolicy[], options: EvaluatorOptions = {}): (signIn: SignIn) => Evaluation {
  const named = options.namedLocations ?? [];
  const known = new Set(named.map((l) => l.id.toLowerCase()));
  const compiled = policies
    .map((p) => compilePolicy(p, known))
    .filter((p) => p.state !== "disabled")
    .map((p, index) => ({ ...p, index }));
  // Policies by the ids they name, for those that name only ids.
  const byId = new Map<string, number[]>();
  for (const p of compiled) for (const id of p.includesOnly ?? []) byId.set(id, [...(byId.get(id) ?? []), p.index]);
  const reach: Reach = { marks: new Uint32Array(compiled.length), stamp: 0 };
  const mark = (id: string) => {
    const hits = byId.get(id);
    if (hits) for (let i = 0; i < hits.length; i++) reach.marks[hits[i]] = reach.stamp;
  };
  const locate = locationResolver(named);
  // Candidates per context, in maps nested by field (cheaper than building a string key per sign-in).
  let byContext: Nested = new Map();
  let size = 0;
  return (signIn) => {
    const location = locate(signIn.ipAddress, signIn.countryCode);
    const leaf = descend(
      descend(
        descend(descend(descend(descend(byContext, signIn.clientAppType), signIn.applicationId), signIn.signInRisk), signIn.userRisk),
        signIn.devicePlatform,
      ),
      location,
    );
    const extra =
      signIn.insiderRisk === undefined && signIn.authenticationFlow === undefined ? "" : `${signIn.insiderRisk ?? ""}\u0000${signIn.authenticationFlow ?? ""}`;
    let candidates = leaf.get(extra) as readonly CompiledPolicy[] | undefined;
    if (!candidates) {
      const context = contextOf(signIn, location);
      candidates = compiled.filter((p) => p.appliesToContext(context));
      if (++size > 200_000) {
        byContext = new Map();
        size = 0;
      }
      leaf.set(extra, candidates);
    }
    const who = whoOf(signIn);
    if (++reach.stamp === 0xffffffff) {
      reach.marks.fill(0);
      reach.stamp = 1;
    }
    mark(who.userId);
    for (let i = 0; i < who.groupIds.length; i++) mark(who.groupIds[i]);
    for (let i = 0; i < who.roleIds.length; i++) mark(who.roleIds[i]);
    return decide(candidates, who, isLegacyClient(signIn.clientAppType), reach);
  };
}

/** One sign-in against the policies. */
export function evaluate(policies: readonly GraphPolicy[], signIn: SignIn, options?: EvaluatorOptions): Evaluation {
  return evaluator(policies, options)(signIn);
}

/** Whether a challenge can be met by a user who does MFA (and changes a password when asked): no device, app, terms or custom control needed. */
export function satisfiableByMfa(requirements: readonly Requirement[]): boolean {
  return requirements.every((r) => controlsMetByMfa(r.operator, r.controls));
}

/**
 * Whether an admin at the keyboard can meet the requirements and get in: what MFA meets, and terms of use
 * (accepted on the spot). Never a device, app or custom control. What the lockout proof asks of an admin's path.
 */
export function satisfiableAtSignIn(requirements: readonly Requirement[]): boolean {
  return requirements.every((r) => controlsMetAtSignIn(r.operator, r.controls));
}

/** Whether the outcome guarantees MFA (or an authentication strength): no way through without it. */
export function requiresMfa(evaluation: Evaluation): boolean {
  return evaluation.outcome.kind === "challenge" && evaluation.outcome.requirements.some((r) => controlsRequireMfa(r.operator, r.controls));
}
