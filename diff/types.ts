import type { FindingSeverity } from "../guard/finding";
import type { GraphNamedLocation } from "../policies/facts";
import type { SecurityDefaultsState, TenantState } from "../policies/tenantState";

/**
 * What a change does, in Entra's terms. `docs/semantic-diff.md` lists every kind and when it
 * weakens protection (a spec keeps that table equal to this list).
 */
export const CHANGE_KINDS = [
  "policy-added",
  "policy-removed",
  "state-enforced",
  "state-relaxed",
  "state-changed",
  "break-glass-exclusion-removed",
  "break-glass-exclusion-added",
  "break-glass-accounts-changed",
  "users-widened",
  "users-narrowed",
  "guests-included",
  "guests-excluded",
  "roles-added",
  "roles-removed",
  "apps-widened",
  "apps-narrowed",
  "client-apps-widened",
  "client-apps-narrowed",
  "risk-levels-widened",
  "risk-levels-narrowed",
  "locations-widened",
  "locations-narrowed",
  "platforms-widened",
  "platforms-narrowed",
  "device-filter-changed",
  "app-filter-changed",
  "workload-identities-widened",
  "workload-identities-narrowed",
  "service-principal-filter-changed",
  "auth-flows-widened",
  "auth-flows-narrowed",
  "named-location-widened",
  "named-location-narrowed",
  "named-location-trusted",
  "named-location-untrusted",
  "named-location-lookup-changed",
  "grant-block-added",
  "grant-block-removed",
  "grant-strengthened",
  "grant-weakened",
  "grant-changed",
  "grant-operator-changed",
  "session-strengthened",
  "session-weakened",
  "persistent-browser-changed",
  "app-enforced-restrictions-on",
  "app-enforced-restrictions-off",
  "cloud-app-security-on",
  "cloud-app-security-off",
  "cloud-app-security-changed",
  "resilience-defaults-changed",
  "security-defaults-enabled",
  "security-defaults-disabled",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * How much a reviewer should look at a change: `high` changes what happens at sign-in for many
 * people now (an enforced policy, Security Defaults, a break-glass exclusion), `medium` changes an
 * enforced policy's reach, `low` changes a policy that only reports or is disabled.
 */
export type ChangeRisk = "high" | "medium" | "low";

/** One security-relevant difference between the base and the head. */
export interface PolicyChange {
  readonly kind: ChangeKind;
  /** Whether the head protects fewer sign-ins, less strongly, or loses emergency access. */
  readonly weakens: boolean;
  readonly risk: ChangeRisk;
  /** Display name of the Conditional Access policy; absent for Security Defaults. */
  readonly policy?: string;
  /** Display name of the named location, for a change inside one whose policies are not known. */
  readonly location?: string;
  /** The change in plain words, e.g. "the break-glass exclusion of user … is removed". */
  readonly sentence: string;
}

/** A guard finding of the head, marked when the base did not have it. */
export interface HeadFinding {
  readonly rule: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly policy?: string;
  /** True when the base had no finding with this rule, policy and message. */
  readonly isNew: boolean;
}

/** One side of a diff: what a plan or a preview says the tenant has. */
export interface PolicySet extends Omit<TenantState, "securityDefaults"> {
  /** Shown in the report, e.g. "p1 (main)" or "pulumi preview: before". */
  readonly label: string;
  /** Security Defaults' state; undefined when this side does not say (a preview without the resource). */
  readonly securityDefaults?: SecurityDefaultsState;
  /** Break-glass object ids: excluded from every policy. */
  readonly breakGlass: { readonly users: readonly string[]; readonly groups: readonly string[] };
  /**
   * The named locations, by the id the policies name them by; the diff compares inside them.
   * @default - none known: changes inside named locations are not seen
   */
  readonly namedLocations?: readonly GraphNamedLocation[];
  /**
   * True when some policies are missing (a preview without `--show-sames`): a named location whose
   * reach changes is then taken to weaken, since the policies that use it cannot be seen.
   * @default false
   */
  readonly partial?: boolean;
  /** Guard findings (a plan) or Pulumi diagnostics (a preview). */
  readonly findings: readonly { readonly rule: string; readonly severity: FindingSeverity; readonly message: string; readonly policy?: string }[];
}

/** Counts for the headline. */
export interface DiffSummary {
  readonly changes: number;
  readonly weakening: number;
  readonly policiesAdded: number;
  readonly policiesRemoved: number;
  /** Policies on both sides with at least one change. */
  readonly policiesChanged: number;
}

/** The semantic diff of two policy sets, ranked by risk: weakening changes first. */
export interface DiffReport {
  readonly base: string;
  readonly head: string;
  readonly summary: DiffSummary;
  readonly changes: readonly PolicyChange[];
  readonly headFindings: readonly HeadFinding[];
  /** Caveats about the input, e.g. a preview without its unchanged resources. */
  readonly notes: readonly string[];
}
