import { SIGN_IN_CLIENT_APP_TYPES, type SignInClientAppType } from "../policies/graphTypes";
import { coverageEvaluator, type Verdict, verdictOf } from "../whatif/coverage";
import { DEFAULT_WHERE, KEY_APPS, RISK_STATES } from "../whatif/matrix";
import { type PersonaKind, personasOf } from "../whatif/personas";
import type { PlannedPolicies } from "../whatif/plannedPolicies";

/** The verdicts one persona gets from one client to one key app across every sign-in and user risk, in {@link VERDICT_ORDER}. */
export type HeatCell = readonly Verdict[];

/** Worst first, for people: a sign-in without MFA, then MFA, then blocked. */
export const VERDICT_ORDER: readonly Verdict[] = ["allowed", "MFA", "blocked"];

/** The what-if coverage as a grid: a row per persona, a column per client type × key app. */
export interface HeatMap {
  readonly clientAppTypes: readonly SignInClientAppType[];
  readonly apps: readonly string[];
  readonly rows: readonly {
    readonly persona: { readonly id: string; readonly label: string; readonly kind: PersonaKind; readonly deliberate: boolean };
    /** cells[client index][app index] */
    readonly cells: readonly (readonly HeatCell[])[];
  }[];
}

/** Every persona × client type × key app, each cell the verdicts across sign-in and user risk (the coverage report's matrix, kept per app). */
export function heatMapOf(plan: PlannedPolicies): HeatMap {
  const evaluate = coverageEvaluator(plan);
  const rows = personasOf(plan).map((persona) => ({
    persona: { id: persona.id, label: persona.label, kind: persona.kind, deliberate: persona.deliberate !== undefined },
    cells: SIGN_IN_CLIENT_APP_TYPES.map((clientAppType) =>
      KEY_APPS.map((app) => {
        const seen = new Set<Verdict>();
        for (const signInRisk of RISK_STATES)
          for (const userRisk of RISK_STATES)
            seen.add(verdictOf(evaluate({ ...persona.who, ...(persona.where ?? DEFAULT_WHERE), applicationId: app.id, clientAppType, signInRisk, userRisk })));
        return VERDICT_ORDER.filter((v) => seen.has(v));
      }),
    ),
  }));
  return { clientAppTypes: SIGN_IN_CLIENT_APP_TYPES, apps: KEY_APPS.map((a) => a.label), rows };
}
