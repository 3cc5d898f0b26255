import type { ConditionalAccessPolicy } from "../policies/graphTypes";

/**
 * What the what-if reads of a plan. The offline plan's JSON (`plan/planResult.ts`) is one; the
 * what-if sits below the guard (which proves no lockout with it), so it names only what it reads.
 */
export interface PlannedPolicies {
  readonly stack: string;
  readonly securityDefaults: { readonly isEnabled: boolean };
  /** Break-glass (emergency access) object ids, excluded from every policy. */
  readonly breakGlass: { readonly users: readonly string[]; readonly groups: readonly string[] };
  readonly conditionalAccessPolicies: readonly ConditionalAccessPolicy[];
}
