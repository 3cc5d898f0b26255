import type { LicencePlan, Protection } from "../config/types";
import type { FindingSeverity } from "../guard/finding";

/**
 * The fleet's JSON: what `npm run fleet -- <command> --format json` writes, what `fleet merge`
 * reads and what the fleet report renders. Every field a renderer shows is here; a field a
 * command does not compute is absent (shown as "–"), never a guess. Keys and their order are stable.
 */

/** The fleet's commands over the stacks; `merge` and `alert` read what these write. */
export const FLEET_COMMANDS = ["plan", "drift", "step1", "whatif", "report"] as const;
export type FleetCommand = (typeof FLEET_COMMANDS)[number];

/** Marks a document as a fleet result (`fleet merge` refuses anything else). */
export const FLEET_KIND = "entra-baseline/fleet";
export const FLEET_VERSION = 1;

/** Why a tenant's row failed; the others finish regardless. */
export const FAILURE_KINDS = [
  "config", // the stack file or its configuration is invalid
  "rejected", // the guard refused the stack
  "credentials", // the tenant's credentials are missing or name another tenant
  "unauthorized", // 401: the token was refused, or none could be had
  "forbidden", // 403: a Graph permission (or a GDAP role) is missing
  "throttled", // 429 after every retry
  "timeout", // no answer in time
  "malformed", // Graph answered something that is not what it documents
  "unavailable", // 5xx after every retry, or no answer at all
  "internal", // a bug in entra-baseline
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface FleetFailure {
  readonly kind: FailureKind;
  /** One line: what failed and the fix. Never a secret or a token. */
  readonly message: string;
  /** Graph's HTTP status, when Graph answered. */
  readonly status?: number;
}

/** One guard finding, as the row carries it. */
export interface FleetFinding {
  readonly rule: string;
  readonly severity: FindingSeverity;
  readonly message: string;
}

/** One policy the drift names (any status but `unchanged`). */
export interface FleetDriftItem {
  readonly displayName: string;
  /** `create`, `update`, `rename`, `adopt`, `duplicate`, `unmanaged`, or `securityDefaults` for the Security Defaults switch. */
  readonly status: string;
  /** Changed fields (Graph paths), for `update`, `rename`, `adopt`. */
  readonly fields?: readonly string[];
}

/** A what-if gap or lockout: who, from which client, in words. */
export interface FleetWhatIfFinding {
  readonly persona: string;
  readonly clientAppType: string;
  readonly message: string;
}

/** A tenant policy left report-only (`enabledForReportingButNotEnforced`). */
export interface FleetReportOnlyPolicy {
  readonly id: string;
  readonly displayName: string;
  /** Graph's `modifiedDateTime` (else `createdDateTime`): report-only at least since then. */
  readonly since?: string;
}

/** Step 1 in numbers, admins and members together; percentages rounded to one decimal. */
export type FleetStep1 =
  | {
      readonly available: true;
      readonly users: number;
      /** Users required to use MFA (by Security Defaults or enabled CA policies), in % of users. */
      readonly requiredPercent: number;
      /** Users who registered MFA, in % of users. */
      readonly registeredPercent: number;
      readonly gaps: number;
    }
  | { readonly available: false; readonly reason: string; readonly requiredBySecurityDefaults: boolean };

/** One tenant (one stack): a row of every summary. */
export interface FleetRow {
  readonly stack: string;
  /** The stack's `tenantId`, or the tenant its credentials named. */
  readonly tenantId?: string;
  readonly tags: readonly string[];
  readonly status: "ok" | "failed";
  readonly failure?: FleetFailure;
  readonly plan?: LicencePlan;
  readonly protection?: Protection;
  /** Security Defaults as the stack declares them. */
  readonly securityDefaults?: boolean;
  /** Declared CA policies by state. */
  readonly policies?: { readonly enabled: number; readonly reportOnly: number; readonly disabled: number };
  /** Guard findings of the plan (with the live rules, for live commands); a rejected stack's errors too. */
  readonly guard?: { readonly errors: number; readonly warnings: number; readonly findings: readonly FleetFinding[] };
  /** Live commands: whether applying the stack would change the tenant, and what. */
  readonly drift?: { readonly drifted: boolean; readonly items: readonly FleetDriftItem[] };
  /** `whatif`, `drift`, `report`: the what-if of the planned policies. */
  readonly whatif?: { readonly gaps: readonly FleetWhatIfFinding[]; readonly lockouts: readonly FleetWhatIfFinding[] };
  /** Live commands: the tenant's policies in report-only. */
  readonly reportOnly?: readonly FleetReportOnlyPolicy[];
  /** `step1`, `report`: Step 1's results. */
  readonly step1?: FleetStep1;
  /** When this tenant's run started (ISO 8601, UTC) and how long it took. */
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface FleetSummary {
  readonly tenants: number;
  readonly ok: number;
  readonly failed: number;
  readonly drifted: number;
  readonly withGaps: number;
  readonly withLockouts: number;
  readonly guardErrors: number;
}

/** The whole run (or one shard of it). */
export interface FleetResult {
  readonly kind: typeof FLEET_KIND;
  readonly version: typeof FLEET_VERSION;
  readonly command: FleetCommand;
  /** The `--tag` filter (empty: every stack). */
  readonly tags: readonly string[];
  /** Every stack the run selected before sharding, by name: `fleet merge` checks the shards cover exactly these. */
  readonly selected: readonly string[];
  /** The shards this result holds: one for a shard's run, all of them once merged (`1/1` without `--shard`). */
  readonly shards: { readonly count: number; readonly indexes: readonly number[] };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** One row per tenant, by stack name. */
  readonly tenants: readonly FleetRow[];
  readonly summary: FleetSummary;
  /** The fleet's exit code (README, "Exit codes"). */
  readonly exitCode: number;
}
