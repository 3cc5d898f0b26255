import type { PlannedPolicies } from "./plannedPolicies";
import { getsThrough, requiresMfa, stopReasons, waysOf } from "./evaluate";
import { SIGN_IN_CLIENT_APP_TYPES } from "../policies/graphTypes";
import { type SecurityDefaultsGap, securityDefaultsGaps } from "../policies/facts";
import { DEFAULT_WHERE, isModernClient, KEY_APPS, RISK_STATES } from "./matrix";
import { Persona, personasOf } from "./personas";
import { planEvaluator } from "./planEvaluator";
import { SECURITY_DEFAULTS_MODEL } from "./securityDefaults";
import type { Evaluation, RiskState, SignIn } from "./signIn";

export { KEY_APPS, RISK_STATES } from "./matrix";

/** How a sign-in ends, in the report's words. */
export type Verdict = "blocked" | "MFA" | "allowed";

/**
 * `blocked`; `MFA` when no way through avoids MFA or an authentication strength; `allowed` otherwise. Evaluated more
 * than one way (MFA trusted IPs not declared …), the weakest way is the verdict: a gap in any way is a gap.
 */
export function verdictOf(evaluation: Evaluation): Verdict {
  // Blocked one way, let through another: the ways that let through decide.
  const through = waysOf(evaluation).filter((way) => way.outcome.kind !== "blocked");
  if (through.length === 0) return "blocked";
  return through.every((way) => requiresMfa(way)) ? "MFA" : "allowed";
}

/** A persona who can sign in somewhere without MFA, or an account who cannot sign in. */
export interface Finding {
  readonly persona: string;
  readonly clientAppType: string;
  readonly apps: readonly string[];
  readonly message: string;
  /** Set when the stack chose this on purpose (documented), so it is not counted as a problem. */
  readonly deliberate?: string;
}

/** The coverage report of one stack; its JSON keys and their order are stable. */
export interface CoverageReport {
  readonly stack: string;
  /** Whether the plan keeps Security Defaults on (then they are evaluated too). */
  readonly securityDefaults: boolean;
  /** How many sign-ins were simulated. */
  readonly evaluations: number;
  readonly personas: readonly { readonly id: string; readonly label: string; readonly kind: string }[];
  /** persona id → client app type → verdicts seen across apps and risk levels, e.g. "MFA" or "MFA/blocked". */
  readonly table: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly gaps: readonly Finding[];
  readonly lockouts: readonly Finding[];
  /** Gaps and challenges the stack documents as deliberate. */
  readonly deliberate: readonly Finding[];
  /** What the verdicts depend on that the evaluation cannot check offline (empty when nothing). */
  readonly simplifications: readonly string[];
}

/** The risk levels of the open sign-ins, in words: "at any risk", a product of levels, or the exact pairs. */
function riskText(pairs: readonly [RiskState, RiskState][]): string {
  const seen = new Set(pairs.map(([s, u]) => `${s}/${u}`));
  if (seen.size === RISK_STATES.length ** 2) return "at any risk";
  const signInLevels = RISK_STATES.filter((r) => pairs.some((p) => p[0] === r));
  const userLevels = RISK_STATES.filter((r) => pairs.some((p) => p[1] === r));
  if (seen.size === signInLevels.length * userLevels.length) return `at sign-in risk ${signInLevels.join("/")}, user risk ${userLevels.join("/")}`;
  return `at sign-in/user risk ${[...seen].sort((a, b) => order(a) - order(b)).join(", ")}`;
}

const order = (pair: string) => {
  const [s, u] = pair.split("/") as [RiskState, RiskState];
  return RISK_STATES.indexOf(s) * RISK_STATES.length + RISK_STATES.indexOf(u);
};

/** The persona of a protection Security Defaults gave that the enforced policies do not: whoever they protected. */
export const SECURITY_DEFAULTS_PARITY = "Security Defaults parity";

/**
 * A protection of Security Defaults lost, as a gap of the report: keyed by the protection (not by the probe that shows
 * it), so a change that loses it reads as a new gap in the what-if delta exactly where the diff reads weakening.
 */
const parityFinding = (gap: SecurityDefaultsGap): Finding => ({
  persona: SECURITY_DEFAULTS_PARITY,
  clientAppType: gap.protection === "blockLegacyAuth" ? "legacy clients" : "modern clients",
  apps: [gap.what],
  message: `Security Defaults are off and the enforced policies do not give ${gap.what}: ${gap.example} signs in without it`,
});

/**
 * The evaluator of the coverage report and of any view of it (the report's heat-map). Sign-ins are simulated from
 * no named location: were the plan's named locations known here, a policy that excludes one would count as coverage
 * while sign-ins from inside it go unasked. Until the report also signs in from each named location,
 * location-scoped policies stay unmodelled: neither coverage nor lockout.
 */
export const coverageEvaluator = (plan: PlannedPolicies): ((signIn: SignIn) => Evaluation) => planEvaluator({ ...plan, namedLocations: undefined });

/**
 * Every persona × client app type × key app × sign-in risk × user risk, against the plan; with Security Defaults off,
 * each protection they gave that the enforced policies do not (the one parity answer, `securityDefaultsGaps`) is a gap too.
 */
export function coverageReport(plan: PlannedPolicies): CoverageReport {
  const evaluate = coverageEvaluator(plan);
  const personas = personasOf(plan);
  const table: Record<string, Record<string, string>> = {};
  const gaps: Finding[] = [];
  const lockouts: Finding[] = [];
  const deliberate: Finding[] = [];
  let evaluations = 0;
  const simplifications = new Set<string>();
  if (plan.securityDefaults.isEnabled) simplifications.add(SECURITY_DEFAULTS_MODEL);

  for (const persona of personas) {
    table[persona.id] = {};
    let adminPath = false;
    const adminStopped = new Set<string>();
    const lockedClients: string[] = [];
    for (const clientAppType of SIGN_IN_CLIENT_APP_TYPES) {
      const verdicts = new Set<Verdict>();
      const openApps = new Map<string, [RiskState, RiskState][]>();
      const lockedApps = new Set<string>();
      for (const app of KEY_APPS) {
        for (const signInRisk of RISK_STATES) {
          for (const userRisk of RISK_STATES) {
            const signIn: SignIn = { ...persona.who, ...(persona.where ?? DEFAULT_WHERE), applicationId: app.id, clientAppType, signInRisk, userRisk };
            const evaluation = evaluate(signIn);
            evaluations++;
            if (evaluation.simplifications) for (const note of evaluation.simplifications) simplifications.add(note);
            const verdict = verdictOf(evaluation);
            verdicts.add(verdict);
            if (verdict === "allowed") {
              openApps.set(app.label, [...(openApps.get(app.label) ?? []), [signInRisk, userRisk]]);
            }
            // Lockouts read the strictest way: stopped in any way is stopped.
            if (waysOf(evaluation).some((way) => way.outcome.kind !== "allowed")) lockedApps.add(app.label);
            if (isModernClient(clientAppType) && signInRisk === "none" && userRisk === "none") {
              if (waysOf(evaluation).every((way) => getsThrough(way.outcome))) adminPath = true;
              else for (const way of waysOf(evaluation)) for (const reason of stopReasons(way.outcome)) adminStopped.add(reason);
            }
          }
        }
      }
      table[persona.id][clientAppType] = [...verdicts].sort().join("/");
      if (persona.kind === "breakGlass") {
        if (lockedApps.size > 0) lockedClients.push(clientAppType);
      } else if (openApps.size > 0) {
        const pairs = [...openApps.values()].flat();
        const finding = {
          persona: persona.label,
          clientAppType,
          apps: [...openApps.keys()],
          message: `${persona.label} on ${clientAppType}: allowed without MFA to ${[...openApps.keys()].join(", ")} ${riskText(pairs)}`,
        };
        if (persona.deliberate) deliberate.push({ ...finding, deliberate: persona.deliberate });
        else gaps.push(finding);
      }
    }
    if (lockedClients.length > 0) {
      const finding = {
        persona: persona.label,
        clientAppType: lockedClients.join(", "),
        apps: KEY_APPS.map((a) => a.label),
        message: `${persona.label}: blocked or challenged on ${lockedClients.join(", ")}; emergency access must need nothing`,
      };
      if (plan.securityDefaults.isEnabled) {
        deliberate.push({
          ...finding,
          deliberate:
            "Security Defaults cannot exclude any account: give each break-glass account a phishing-resistant method (FIDO2 key) so it can always satisfy MFA",
        });
      } else {
        lockouts.push(finding);
      }
    }
    if (persona.kind === "admin" && !adminPath) {
      lockouts.push({
        persona: persona.label,
        clientAppType: "browser",
        apps: KEY_APPS.map((a) => a.label),
        message:
          `${persona.label}: no sign-in path that MFA can satisfy` +
          `${adminStopped.size > 0 ? ` (${[...adminStopped].join(", ")})` : ""}; an admin must always be able to sign in`,
      });
    }
  }
  if (!plan.securityDefaults.isEnabled) gaps.push(...securityDefaultsGaps(plan.conditionalAccessPolicies).map(parityFinding));
  return {
    stack: plan.stack,
    securityDefaults: plan.securityDefaults.isEnabled,
    evaluations,
    personas: personas.map((p: Persona) => ({ id: p.id, label: p.label, kind: p.kind })),
    table,
    gaps,
    lockouts,
    deliberate,
    simplifications: [...simplifications],
  };
}
