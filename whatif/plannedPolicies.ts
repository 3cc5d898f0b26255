import type { GraphNamedLocation, GraphPolicy, MfaTrustedIps } from "../policies/facts";

/**
 * What the what-if reads of a plan. The offline plan's JSON (`documents/planResult.ts`) is one; the
 * what-if sits below the guard (which proves no lockout with it), so it names only what it reads.
 */
export interface PlannedPolicies {
  readonly stack: string;
  readonly securityDefaults: { readonly isEnabled: boolean };
  /** Break-glass (emergency access) object ids, excluded from every policy. */
  readonly breakGlass: { readonly users: readonly string[]; readonly groups: readonly string[] };
  /** Graph-shaped: the project's own policies, or a tenant's as Graph returns them (nulls and missing keys allowed). */
  readonly conditionalAccessPolicies: readonly GraphPolicy[];
  /** The stack's `pilotGroup`, when it sets one: the coverage report's "pilot member" persona. */
  readonly pilotGroup?: string;
  /** The legacy MFA service's trusted IPs, when the stack declares them; absent: policies naming them are evaluated both ways. */
  readonly mfaTrustedIps?: MfaTrustedIps;
  /** The tenant's named locations, for policies with a locations condition; absent: none. */
  readonly namedLocations?: readonly GraphNamedLocation[];
}
