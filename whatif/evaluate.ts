import {
  Control,
  controlName,
  controlsMetAtSignIn,
  controlsMetByMfa,
  controlsRequireMfa,
  ALL_TRUSTED_LOCATIONS,
  GraphNamedLocation,
  GraphPolicy,
  isHybridJoined,
  LEGACY_CANNOT,
  LocationProfile,
  LocationWays,
  locationWaysResolver,
  MFA_TRUSTED_IPS_LOCATION,
  MfaTrustedIps,
  platformOf,
  SignInCapability,
  unmetReason,
} from "../policies/facts";
import { capabilityOf, CompiledPolicy, compilePolicy, contextOf, whoOf } from "./compile";
import { addPolicy, hasPolicy, noPolicies, PolicyBits, policiesIn, policiesPerValue, samePolicies, usersIndex } from "./policyBits";
import type { Evaluation, Outcome, Requirement, SignIn, Unmet, Way } from "./signIn";

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
function meet(policy: CompiledPolicy, can: SignInCapability): Requirement | Unmet {
  const r = policy.requirement!;
  if (can.legacy) return { policy: r.policy, controls: requirementText(r), reason: LEGACY_CANNOT };
  if (!policy.asksDeviceOrAppControls) return r;
  let kept: Control[] | undefined;
  let reasons: string[] | undefined;
  for (let i = 0; i < r.controls.length; i++) {
    const why = unmetReason(r.controls[i], can);
    if (why === undefined) {
      if (kept) kept.push(r.controls[i]);
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
 * What a sign-in can meet depends only on these of its facts (policies/facts/capability.ts reads no others), so
 * {@link meet} can be remembered per policy and key.
 */
function capabilityKey(can: SignInCapability): string {
  const d = can.device;
  const device = d === undefined ? "-" : `${d.isCompliant === true ? "compliant" : ""}${isHybridJoined(d) ? "hybrid" : ""}`;
  return `${can.legacy ? "legacy" : ""}|${can.platform}|${can.clientAppType}|${can.deviceCodeFlow ? "dcf" : ""}|${device}`;
}

/** The reasons of the unmet requirements, each once, in order. */
function reasonsOf(unmet: readonly Unmet[]): string {
  const reasons: string[] = [];
  for (let i = 0; i < unmet.length; i++) if (!reasons.includes(unmet[i].reason)) reasons.push(unmet[i].reason);
  return reasons.join("; ");
}

function sameRequirements(a: readonly Requirement[], b: readonly Requirement[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Conditional Access as Entra applies it to one sign-in, given the policies whose conditions all hold (users,
 * device and the rest): every enabled policy that applies must be satisfied (AND across policies); a block wins; a
 * policy without grant controls applies and asks nothing; report-only policies never enforce but are listed.
 * Two levels: what the policies ask (`asks`, the What If level), and what happens when this sign-in cannot meet a
 * requirement (`outcome`): a legacy client meets no grant control, an unregistered device no device control, and
 * so on (policies/facts/capability.ts), and such a requirement is in effect a block. Rules and sources: docs/whatif.md.
 */
function decide(applying: readonly CompiledPolicy[], can: SignInCapability, meetOf: typeof meet = meet, count = applying.length): Evaluation {
  const applied: string[] = [];
  const reportOnly: string[] = [];
  let blocks: string[] | undefined;
  let blockedBy: string[] | undefined;
  let unmet: Unmet[] | undefined;
  let asked: Requirement[] | undefined;
  let requirements: Requirement[] | undefined;
  let simplifications: string[] | undefined;
  let offlineControls = false;
  for (let i = 0; i < count; i++) {
    const policy = applying[i];
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
      const met = meetOf(policy, can);
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
      ? { kind: "blocked", by: blockedBy, because: reasonsOf(unmet), unmet }
      : asks
    : requirements
      ? sameRequirements(asked!, requirements)
        ? asks
        : { kind: "challenge", requirements }
      : ALLOWED;
  if (offlineControls && !blockedBy) {
    (simplifications ??= []).push("terms of use and custom controls cannot be checked offline: they are listed as requirements, never assumed met");
  }
  return simplifications ? { applied, reportOnly, asks, outcome, simplifications: [...new Set(simplifications)] } : { applied, reportOnly, asks, outcome };
}

/** How strict an outcome is: blocked, then MFA required, then other challenges, then allowed. */
function severity(e: Pick<Evaluation, "outcome">): number {
  const o = e.outcome;
  return o.kind === "blocked" ? 3 : o.kind === "allowed" ? 0 : o.requirements.some((r) => controlsRequireMfa(r.operator, r.controls)) ? 2 : 1;
}

/** The answer under every way of the evaluation (the evaluation itself when it did not need to assume). */
export function waysOf(e: Evaluation): readonly Pick<Evaluation, "applied" | "reportOnly" | "asks" | "outcome">[] {
  return e.ways !== undefined ? e.ways : [e];
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
 * One evaluation out of the answers under each way (`ways.profiles`, in order): the strictest way's at the top, every
 * way listed, and the notes of the policies that differ between the ways among the simplifications.
 */
function everyWayAnswer(ways: LocationWays, answers: readonly Evaluation[], notes: readonly string[]): Evaluation {
  let strictest = answers[0];
  let strictness = severity(strictest);
  // Each note once, in order (a few notes: a list is cheaper than a Set).
  const simplifications: string[] = [];
  const note = (text: string) => {
    if (!simplifications.includes(text)) simplifications.push(text);
  };
  const each: Way[] = [];
  for (let i = 0; i < answers.length; i++) {
    const e = answers[i];
    if (i > 0) {
      const s = severity(e);
      if (s > strictness) {
        strictest = e;
        strictness = s;
      }
    }
    if (e.simplifications) for (let j = 0; j < e.simplifications.length; j++) note(e.simplifications[j]);
    each.push({ assumption: ways.assumptions[i], applied: e.applied, reportOnly: e.reportOnly, asks: e.asks, outcome: e.outcome });
  }
  for (let j = 0; j < notes.length; j++) note(notes[j]);
  return {
    applied: strictest.applied,
    reportOnly: strictest.reportOnly,
    asks: strictest.asks,
    outcome: strictest.outcome,
    simplifications,
    ways: each,
  };
}

/** The policies compiled for an evaluation set (disabled ones dropped, `index` their position), and where a sign-in is. */
export function evaluationSet(policies: readonly GraphPolicy[], options: EvaluatorOptions) {
  const named = options.namedLocations ?? [];
  const known = new Set([...named.map((l) => l.id.toLowerCase()), MFA_TRUSTED_IPS_LOCATION]);
  const names: ReadonlyMap<string, string> = new Map(named.map((l) => [l.id.toLowerCase(), l.displayName ?? l.id]));
  const compiled: readonly CompiledPolicy[] = policies
    .map((p) => compilePolicy(p, known))
    .filter((p) => p.state !== "disabled")
    .map((p, index) => ({ ...p, index }));
  const locate = locationWaysResolver(named, options.mfaTrustedIps, new Set(compiled.flatMap((p) => p.locationValues)));
  return { compiled, names, locate };
}

/**
 * One sign-in, each policy tested in turn, with no index and no cache: the reference the indexed
 * {@link evaluator} is specified against (test/whatif-oracle.test.ts holds them equal on random policy sets).
 */
export function evaluateOneByOne(policies: readonly GraphPolicy[], signIn: SignIn, options: EvaluatorOptions = {}): Evaluation {
  const { compiled, names, locate } = evaluationSet(policies, options);
  const ways = locate(signIn);
  const who = whoOf(signIn);
  const can = capabilityOf(signIn);
  const applies = (p: CompiledPolicy) => p.appliesToUser(who) && (p.appliesToDevice === undefined || p.appliesToDevice(can.device));
  const candidates = ways.profiles.map((profile) => {
    const context = contextOf(signIn, profile);
    return compiled.filter((p) => p.appliesToContext(context));
  });
  // The policies whose other conditions hold one way and not another, that apply to this user and device.
  const differing: CompiledPolicy[] = [];
  for (let i = 1; i < candidates.length; i++) {
    const onlyFirst = candidates[0].filter((p) => !candidates[i].includes(p));
    const onlyThis = candidates[i].filter((p) => !candidates[0].includes(p));
    for (const p of [...onlyFirst, ...onlyThis]) if (!p.leftOut && applies(p) && !differing.includes(p)) differing.push(p);
  }
  if (differing.length === 0) return decide(candidates[0].filter(applies), can);
  const answers = candidates.map((set) => decide(set.filter(applies), can));
  return everyWayAnswer(
    ways,
    answers,
    differing.flatMap((p) => assumedNotes(p, ways.unknown, names)),
  );
}

/**
 * Compiles the policies once; the returned function evaluates sign-ins against them, with the answers of
 * {@link evaluateOneByOne}. The policies are held as bit sets (whatif/policyBits.ts): whose users condition holds
 * comes from the user's ids, one set per id; each other condition is remembered per value (client app type and
 * platform, application, each risk, flow, location); filters for devices are tested per sign-in, only for the
 * policies still in question. Where the sign-in's location cannot be told (MFA trusted IPs not declared, a GPS
 * country not shared), it evaluates every way and the answer lists them; a sign-in is decided once per way only when
 * a policy that differs between the ways applies to its user and device.
 */
export function evaluator(policies: readonly GraphPolicy[], options: EvaluatorOptions = {}): (signIn: SignIn) => Evaluation {
  const { compiled, names, locate } = evaluationSet(policies, options);
  const count = compiled.length;
  const usersOf = usersIndex(compiled);
  const filtered = compiled.filter((p) => p.appliesToDevice !== undefined);
  const leftOut = noPolicies(count);
  for (const p of compiled) if (p.leftOut) addPolicy(leftOut, p.index);
  // Each condition but users and devices, per value of the sign-in as it gives it (resolved as contextOf does).
  const byClient = new Map<string, (devicePlatform: string | undefined) => PolicyBits>();
  const clientAndPlatform = (clientAppType: SignIn["clientAppType"], devicePlatform: string | undefined) => {
    let perPlatform = byClient.get(clientAppType);
    if (!perPlatform) {
      perPlatform = policiesPerValue(compiled, (p, platform: string | undefined) => p.conditions.clientAndPlatform(clientAppType, platformOf(platform)));
      byClient.set(clientAppType, perPlatform);
    }
    return perPlatform(devicePlatform);
  };
  const signInRisk = policiesPerValue(compiled, (p, level: string) => p.conditions.signInRisk(level));
  const userRisk = policiesPerValue(compiled, (p, level: string) => p.conditions.userRisk(level));
  const insiderRisk = policiesPerValue(compiled, (p, level: string | undefined) => p.conditions.insiderRisk(level || undefined));
  const flow = policiesPerValue(compiled, (p, name: string | undefined) => p.conditions.authenticationFlow(name || undefined));
  const application = policiesPerValue(compiled, (p, id: string) => p.conditions.application(id.toLowerCase()));
  const location = policiesPerValue(compiled, (p, where: LocationProfile) => p.conditions.location(where));
  // Per sign-in, written in place (no allocation): the policies whose conditions but location and device hold; per
  // way, those whose location holds too and whose device filter does not exclude the device.
  const held = noPolicies(count);
  const anyWay = noPolicies(count);
  const deviceOut = noPolicies(count);
  const seen = noPolicies(count);
  const differing = noPolicies(count);
  const perWay: PolicyBits[] = [];
  const picked: CompiledPolicy[] = [];
  const holdsBesidesWhere = (signIn: SignIn) => {
    usersOf(whoOf(signIn), held);
    const a = clientAndPlatform(signIn.clientAppType, signIn.devicePlatform);
    const b = signInRisk(signIn.signInRisk);
    const c = userRisk(signIn.userRisk);
    const d = insiderRisk(signIn.insiderRisk);
    const e = flow(signIn.authenticationFlow);
    const f = application(signIn.applicationId);
    for (let i = 0; i < held.length; i++) held[i] &= a[i] & b[i] & c[i] & d[i] & e[i] & f[i];
  };
  /** The policies that apply to the sign-in, one set per way (perWay[k] for profiles[k]). */
  const applyingPerWay = (profiles: readonly LocationProfile[], can: SignInCapability) => {
    anyWay.fill(0);
    for (let k = 0; k < profiles.length; k++) {
      const where = location(profiles[k]);
      const bits = (perWay[k] ??= noPolicies(count));
      for (let i = 0; i < bits.length; i++) anyWay[i] |= bits[i] = held[i] & where[i];
    }
    deviceOut.fill(0);
    for (let i = 0; i < filtered.length; i++) {
      const p = filtered[i];
      if (hasPolicy(anyWay, p.index) && !p.appliesToDevice!(can.device)) addPolicy(deviceOut, p.index);
    }
    for (let k = 0; k < profiles.length; k++) {
      const bits = perWay[k];
      for (let i = 0; i < bits.length; i++) bits[i] &= ~deviceOut[i];
    }
  };
  // What each policy's requirement leaves a sign-in, per capability (few distinct ones): computed once each.
  const metBy: Map<string, Requirement | Unmet>[] = [];
  let capability: string | undefined;
  const legacyMet: (Requirement | Unmet | undefined)[] = Array.from({ length: count }, () => undefined);
  const meetHere = (policy: CompiledPolicy, can: SignInCapability): Requirement | Unmet => {
    // A legacy client meets no control of any policy: the same answer whatever else the sign-in carries.
    if (can.legacy) return (legacyMet[policy.index] ??= meet(policy, can));
    if (!policy.asksDeviceOrAppControls) return policy.requirement!;
    const byCapability = (metBy[policy.index] ??= new Map());
    const key = (capability ??= capabilityKey(can));
    let met = byCapability.get(key);
    if (!met) byCapability.set(key, (met = meet(policy, can)));
    return met;
  };
  // The policies of one way, in `picked` (reused) from its start: decide reads the first `count` only.
  const decideWay = (k: number, can: SignInCapability) => decide(picked, can, meetHere, policiesIn(perWay[k], compiled, picked));
  /** Adds to `order` the policies in `a` and not in `b` (none left out, none already there), in index order. */
  const differ = (a: PolicyBits, b: PolicyBits, order: CompiledPolicy[]) => {
    for (let i = 0; i < differing.length; i++) {
      differing[i] = a[i] & ~b[i] & ~leftOut[i] & ~seen[i];
      seen[i] |= differing[i];
    }
    const found = policiesIn(differing, compiled, picked);
    for (let i = 0; i < found; i++) order.push(picked[i]);
  };
  const notesOf = new WeakMap<ReadonlySet<string>, (readonly string[] | undefined)[]>();
  const everyWay = (ways: LocationWays, can: SignInCapability): Evaluation => {
    // The policies that apply one way and not another (apart from those left out), in the reference's order.
    const order: CompiledPolicy[] = [];
    seen.fill(0);
    for (let k = 1; k < ways.profiles.length; k++) {
      differ(perWay[0], perWay[k], order);
      differ(perWay[k], perWay[0], order);
    }
    if (order.length === 0) return decideWay(0, can);
    const answers: Evaluation[] = [];
    for (let k = 0; k < ways.profiles.length; k++) {
      let same = 0;
      while (same < k && !samePolicies(perWay[same], perWay[k])) same++;
      answers.push(same < k ? answers[same] : decideWay(k, can));
    }
    let byPolicy = notesOf.get(ways.unknown);
    if (!byPolicy) notesOf.set(ways.unknown, (byPolicy = Array.from({ length: count }, () => undefined)));
    const notes: string[] = [];
    for (let i = 0; i < order.length; i++) {
      const own = (byPolicy[order[i].index] ??= assumedNotes(order[i], ways.unknown, names));
      for (let j = 0; j < own.length; j++) notes.push(own[j]);
    }
    return everyWayAnswer(ways, answers, notes);
  };
  return (signIn) => {
    const ways = locate(signIn);
    const can = capabilityOf(signIn);
    capability = undefined;
    holdsBesidesWhere(signIn);
    applyingPerWay(ways.profiles, can);
    return ways.profiles.length === 1 ? decideWay(0, can) : everyWay(ways, can);
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

/** Whether someone at the keyboard gets through: allowed, or asked only what MFA and terms of use meet. */
export const getsThrough = (o: Outcome): boolean => o.kind === "allowed" || (o.kind === "challenge" && satisfiableAtSignIn(o.requirements));

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
