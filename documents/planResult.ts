import type { MfaTrustedIpsSetting } from "../config/args";
import type { LicencePlan, Protection } from "../config/types";
import type { Finding } from "../guard/finding";
import type { DriftReport } from "../live/drift";
import type { Step1Report } from "../step1/step1Report";
import type { AuthenticationMethodChange, EnforcedByMicrosoft } from "../policies/authenticationMethods";
import type { PerUserMfaAudit } from "../step1/step1Report";
import type { GraphNamedLocation } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { SecurityDefaultsState } from "../policies/tenantState";

/** One resource the program registered, as the mock engine saw it. */
export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /**
   * The id of the existing resource `pulumi up` imports (adopts) before updating it to these inputs (for the Graph-backed
   * policy, its `adoptId` input).
   * @default - none: the resource is created
   */
  readonly importId?: string;
}

/**
 * What `pulumi up` would declare for one stack, computed offline. This is the
 * `--json` output of `npm run plan`, and the input of the diff and what-if tools.
 */
export interface PlanResult {
  readonly stack: string;
  readonly plan: LicencePlan;
  readonly protection: Protection;
  readonly securityDefaults: SecurityDefaultsState;
  /** Break-glass (emergency access) object ids, excluded from every policy. */
  readonly breakGlass: { readonly users: readonly string[]; readonly groups: readonly string[] };
  /** The stack's `pilotGroup`, when it sets one (the what-if's "pilot member"). */
  readonly pilotGroup?: string;
  /** The legacy MFA service's trusted IPs, when the stack declares them (`mfaTrustedIps`): the what-if reads them. */
  readonly mfaTrustedIps?: MfaTrustedIpsSetting;
  readonly conditionalAccessPolicies: readonly ConditionalAccessPolicy[];
  /**
   * The named locations the stack declares, in Graph's shape, by the id its policies name them by
   * (the adopted id, or the mock engine's `<resource>-id`): the diff and drift compare inside them.
   * @default - none (a plan written before 0.2 has no such key)
   */
  readonly namedLocations?: readonly GraphNamedLocation[];
  readonly resources: readonly PlannedResource[];
  readonly findings: readonly Finding[];
  /** With `--against live`: what applying the stack would change in the tenant. */
  readonly drift?: DriftReport;
  /** With `--against live`: users still on legacy per-user MFA. */
  readonly perUserMfa?: PerUserMfaAudit;
  /** With `--against live`: the three results of Step 1 (required, registered, SSPR), admins apart, each gap with its next step. */
  readonly step1?: Step1Report;
  /** With `--against live`, when the stack manages them: what applying it changes in the authentication methods policy. */
  readonly authenticationMethods?: { readonly changes: readonly AuthenticationMethodChange[]; readonly enforcedByMicrosoft: EnforcedByMicrosoft };
}
