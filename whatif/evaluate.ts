import {
  Control,
  controlName,
  controlsMetAtSignIn,
  controlsMetByMfa,
  controlsRequireMfa,
  ALL_TRUSTED_LOCATIONS,
  GraphNamedLocation,
  GraphPolicy,
  LEGACY_CANNOT,
  LocationProfile,
  LocationWays,
  locationWaysResolver,
  MFA_TRUSTED_IPS_LOCATION,
  MfaTrustedIps,
  SignInCapability,
  unmetReason,
} from "../policies/facts";
import { capabilityOf, CompiledPolicy, compilePolicy, contextOf, whoOf } from "./compile";
import type { Evaluation, Outcome, Requirement, SignIn, Unmet } from "./signIn";
import type { Who } from "../policies/facts";

/** What the evaluator needs besides the policies. */
export interface EvaluatorOptions {
  /** The tenant's named locations (IP ranges, countries), for policies with a locations condition. */
  readonly namedLocations?: readonly GraphNamedLocation[];
  /**
   * The legacy MFA service's trusted IPs, as the stack declares them (Graph cannot read them).
   * @default - not declared: a policy naming them (or all trusted locations) is evaluated both inside and outside them
   */
  readonly mfaTrustedIps?: MfaTrustedIps;
}

const ALLOWED: Outcome = Object.freeze({ kind: "allowed" });

/** The controls of a requirement in words: "compliantDevice", "mfa or compliantDevice". */
export function requirementText(r: Requirement): string {
  return r.controls.map(controlName).join(r.operator === "AND" ? " and " : " or ");
}

/**
 * What of the requirement this sign-in can meet: the requirement itself, the alternatives it can meet (OR), or,
 * when it can meet none (or, under AND, not all), why: then the policy blocks in effect.
 */
function meet(policy: CompiledPolicy, r: Requirement, can: SignInCapability): Requirement | Unmet {
  if (can.legacy) return { policy: r.policy, controls: requirementText(r), reason: LEGACY_CANNOT };
  if (!policy.asksDeviceOrAppControls) return r;
  let kept: Control[] | undefined;
  let reasons: string[] | undefined;
  for (let i = 0; i < r.controls.length; i++) {
    const why = unmetReason(r.controls[i], can);
    if (why === undefined) {
      kept?.push(r.controls[i]);
      continue;
    }
    if (r.operator === "AND") return { policy: r.policy, controls: requirementText(r), reason: why };
    kept ??= r.controls.slice(0, i);
    (reasons ??= []).push(why);
  }
  if (!kept) return r;
  if (kept.length === 0) return { policy: r.policy, controls: requirementText(r), reason: [...new Set(reasons)].join("; ") };
  return { policy: r.policy, operator: r.operator, controls: kept };
}

/**
 * Conditional Access as Entra applies it to one sign-in, given the policies whose non-user conditions hold: every
 * enabled policy that applies must be satisfied (AND across policies); a block wins; a policy without grant
 * controls applies and asks nothing; report-only policies never enforce but are listed; disabled ones are ignored.
 * Two levels: what the policies ask (`asks`, the What If level), and what happens when this sign-in cannot meet a
 * requirement (`outcome`): a legacy client meets no grant control, an unregistered device no device control, and
 * so on (policies/facts/capability.ts), and such a requirement is in effect a block. Rules and sources: docs/whatif.md.
 */
function decide(candidates: readonly CompiledPolicy[], who: Who, can: SignInCapability, reach?: Reach): Evaluation {
  const applied: string[] = [];
  const reportOnly: string[] = [];
  let blocks: string[] | undefined;
  let blockedBy: string[] | undefined;
  let unmet: Unmet[] | undefined;
  let asked: Requirement[] | undefined;
  let requirements: Requirement[] | undefined;
  let simplifications: string[] | undefined;
  let offlineControls = false;
  for (let i = 0; i < candidates.length; i++) {
    const policy = candidates[i];
    // A policy naming only users, groups and roles the user has none of cannot apply: skip its users test.
    if (reach !== undefined && policy.includesOnly !== undefined && reach.marks[policy.index] !== reach.stamp) continue;
    if (policy.state === "disabled" || !policy.appliesToUser(who)) continue;
    if (policy.appliesToDevice !== undefined && !policy.appliesToDevice(can.device)) continue;
    if (policy.simplifications.length > 0) (simplifications ??= []).push(...policy.simplifications);
    if (policy.leftOut) continue;
    if (policy.state === "enabledForReportingButNotEnforced") {
      reportOnly.push(policy.name);
      continue;
    }
    applied.push(policy.name);
    if (policy.blocks) {
      (blocks ??= []).push(policy.name);
      (blockedBy ??= []).push(policy.name);
    } else if (policy.requirement) {
      (asked ??= []).push(policy.requirement);
      const met = meet(policy, policy.requirement, can);
      if ("reason" in met) {
        (unmet ??= []).push(met);
        (blockedBy ??= []).push(policy.name);
      } else {
        (requirements ??= []).push(met);
        offlineControls ||= policy.asksOfflineControls;
      }
    }
  }
  const asks: Outcome = blocks ? { kind: "blocked", by: blocks } : asked ? { kind: "challenge", requirements: asked } : ALLOWED;
  const outcome: Outcome = blockedBy
    ? unmet
      ? { kind: "blocked", by: blockedBy, because: [...new Set(unmet.map((u) => u.reason))].join("; "), unmet }
      : asks
    : requirements
      ? asked!.length === requirements.length && asked!.every((r, j) => r === requirements![j])
        ? asks
        : { kind: "challenge", requirements }
      : ALLOWED;
  if (offlineControls && !blockedBy) {
    (simplifications ??= []).push("terms of use and custom controls cannot be checked offline: they are listed as requirements, never assumed met");
  }
  return simplifications ? { applied, reportOnly, asks, outcome, simplifications: [...new Set(simplifications)] } : { applied, reportOnly, asks, outcome };
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
    capabilityOf(signIn),
  );
}

/** How strict an outcome is: blocked, then MFA required, then other challenges, then allowed. */
function severity(e: Pick<Evaluation, "outcome">): number {
  const o = e.outcome;
  return o.kind === "blocked" ? 3 : o.kind === "allowed" ? 0 : o.requirements.some((r) => controlsRequireMfa(r.operator, r.controls)) ? 2 : 1;
}

/** The answer under every way of the evaluation (the evaluation itself when it did not need to assume). */
export function waysOf(e: Evaluation): readonly Pick<Evaluation, "applied" | "reportOnly" | "asks" | "outcome">[] {
  return e.ways ?? [e];
}

/** The note a policy puts in `simplifications` when the evaluation had to assume where the sign-in is. */
function assumedNotes(policy: CompiledPolicy, unknown: ReadonlySet<string>, names: ReadonlyMap<string, string>): string[] {
  const notes: string[] = [];
  const values = policy.locationValues;
  if (unknown.has(MFA_TRUSTED_IPS_LOCATION) && (values.includes(MFA_TRUSTED_IPS_LOCATION) || values.includes(ALL_TRUSTED_LOCATIONS))) {
    notes.push(
      `"${policy.name}": names the MFA trusted IPs${values.includes(MFA_TRUSTED_IPS_LOCATION) ? "" : " (through all trusted locations)"}, which the stack ` +
        "does not declare (set mfaTrustedIps): evaluated both inside and outside them; the worse outcome counts",
    );
  }
  for (const id of values) {
    if (id !== MFA_TRUSTED_IPS_LOCATION && unknown.has(id)) {
      notes.push(
        `"${policy.name}": named location "${names.get(id) ?? id}" finds the country by the Authenticator app's GPS, which this sign-in ` +
          "does not share: evaluated both inside and outside it; the worse outcome counts",
      );
    }
  }
  return notes;
}

/**
 * Compiles the policies once; the returned function evaluates sign-ins against them. The
 * policies whose non-user conditions hold are remembered per distinct context, so a stream of
 * sign-ins mostly tests each policy's users condition only. Where the sign-in's location cannot be told
 * (MFA trusted IPs not declared, a GPS country not shared), it evaluates every way and the answer lists them.
 */
export function evaluator(policies: readonly GraphPolicy[], options: EvaluatorOptions = {}): (signIn: SignIn) => Evaluation {
  const named = options.namedLocations ?? [];
  const known = new Set([...named.map((l) => l.id.toLowerCase()), MFA_TRUSTED_IPS_LOCATION]);
  const names = new Map(named.map((l) => [l.id.toLowerCase(), l.displayName ?? l.id]));
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
  const locate = locationWaysResolver(named, options.mfaTrustedIps, new Set(compiled.flatMap((p) => p.locationValues)));
  // Candidates per context, in maps nested by field (cheaper than building a string key per sign-in).
  let byContext: Nested = new Map();
  let size = 0;
  // One array per set of candidates, so two ways with the same candidates are decided once.
  const sets = new Map<string, readonly CompiledPolicy[]>();
  const candidatesAt = (signIn: SignIn, location: LocationProfile): readonly CompiledPolicy[] => {
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
      const found = compiled.filter((p) => p.appliesToContext(context));
      const key = found.map((p) => p.index).join(",");
      candidates = sets.get(key);
      if (!candidates) sets.set(key, (candidates = found));
      if (++size > 200_000) {
        byContext = new Map();
        sets.clear();
        size = 0;
      }
      leaf.set(extra, candidates);
    }
    return candidates;
  };
  // The policies in one candidate set and not the other (either way), per pair of sets: computed once.
  const differences = new WeakMap<readonly CompiledPolicy[], Map<readonly CompiledPolicy[], readonly CompiledPolicy[]>>();
  const differenceOf = (a: readonly CompiledPolicy[], b: readonly CompiledPolicy[]): readonly CompiledPolicy[] => {
    let byOther = differences.get(a);
    if (!byOther) differences.set(a, (byOther = new Map()));
    let diff = byOther.get(b);
    if (!diff) {
      const inA = new Set(a);
      const inB = new Set(b);
      byOther.set(b, (diff = [...a.filter((p) => !inB.has(p)), ...b.filter((p) => !inA.has(p))]));
    }
    return diff;
  };
  // Whether a candidate applies to this user and device (its other conditions hold in the candidate set's way).
  const appliesHere = (p: CompiledPolicy, who: Who, can: SignInCapability): boolean =>
    !p.leftOut &&
    (p.includesOnly === undefined || reach.marks[p.index] === reach.stamp) &&
    p.appliesToUser(who) &&
    (p.appliesToDevice === undefined || p.appliesToDevice(can.device));
  const notesOf = new Map<string, readonly string[]>();
  const everyWay = (signIn: SignIn, ways: LocationWays, who: Who, can: SignInCapability): Evaluation => {
    const sets = ways.profiles.map((profile) => candidatesAt(signIn, profile));
    // Where no policy that differs between the ways applies to this user and device, the assumption changes nothing.
    let differing: Set<CompiledPolicy> | undefined;
    for (let i = 1; i < sets.length; i++) {
      if (sets[i] === sets[0]) continue;
      for (const p of differenceOf(sets[0], sets[i])) if (appliesHere(p, who, can)) (differing ??= new Set()).add(p);
    }
    if (!differing) return decide(sets[0], who, can, reach);
    const decided = new Map<readonly CompiledPolicy[], Evaluation>();
    const answers = sets.map((candidates) => {
      let e = decided.get(candidates);
      if (!e) decided.set(candidates, (e = decide(candidates, who, can, reach)));
      return e;
    });
    const strictest = answers.reduce((a, b) => (severity(b) > severity(a) ? b : a));
    const unknownKey = [...ways.unknown].join(",");
    const notes = [...differing].flatMap((p) => {
      const key = `${p.index}|${unknownKey}`;
      let n = notesOf.get(key);
      if (!n) notesOf.set(key, (n = assumedNotes(p, ways.unknown, names)));
      return n;
    });
    const simplifications = [...new Set([...answers.flatMap((e) => e.simplifications ?? []), ...notes])];
    return {
      applied: strictest.applied,
      reportOnly: strictest.reportOnly,
      asks: strictest.asks,
      outcome: strictest.outcome,
      simplifications,
      ways: answers.map((e, i) => ({ assumption: ways.assumptions[i], applied: e.applied, reportOnly: e.reportOnly, asks: e.asks, outcome: e.outcome })),
    };
  };
  return (signIn) => {
    const ways = locate(signIn);
    const who = whoOf(signIn);
    if (++reach.stamp === 0xffffffff) {
      reach.marks.fill(0);
      reach.stamp = 1;
    }
    mark(who.userId);
    for (let i = 0; i < who.groupIds.length; i++) mark(who.groupIds[i]);
    for (let i = 0; i < who.roleIds.length; i++) mark(who.roleIds[i]);
    const can = capabilityOf(signIn);
    if (ways.profiles.length === 1) return decide(candidatesAt(signIn, ways.profiles[0]), who, can, reach);
    return everyWay(signIn, ways, who, can);
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

/**
 * Whether the outcome guarantees MFA (or an authentication strength): no way through without it. `asks` reads what
 * the policies ask instead (the What If level), whether or not this sign-in could meet it.
 */
export function requiresMfa(evaluation: Pick<Evaluation, "asks" | "outcome" | "ways">, level: "outcome" | "asks" = "outcome"): boolean {
  // Evaluated more than one way: MFA is required only when it is every way (the worse way counts for a gap).
  return (evaluation.ways ?? [evaluation]).every((way) => {
    const o = way[level];
    return o.kind === "challenge" && o.requirements.some((r) => controlsRequireMfa(r.operator, r.controls));
  });
}

/**
 * Why an outcome stops someone at the keyboard, in words naming each policy and control: a block, a requirement the
 * sign-in cannot meet (a managed device from someone without one) and why, or a requirement MFA and terms of use
 * cannot meet. Empty when the outcome lets them through.
 */
export function stopReasons(outcome: Outcome): string[] {
  if (outcome.kind === "allowed") return [];
  if (outcome.kind === "blocked") {
    const unmet = outcome.unmet ?? [];
    return [
      ...outcome.by.filter((p) => !unmet.some((u) => u.policy === p)).map((p) => `blocked by "${p}"`),
      ...unmet.map((u) => `"${u.policy}" asks for ${u.controls}, which this sign-in cannot meet (${u.reason})`),
    ];
  }
  return outcome.requirements.filter((r) => !satisfiableAtSignIn([r])).map((r) => `"${r.policy}" asks for ${requirementText(r)}`);
}
