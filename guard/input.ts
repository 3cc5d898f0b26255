import { defineRule, type Rule, type RuleSpec } from "./rule";
import type { LicencePlan, Protection } from "../config/types";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { TenantState } from "../policies/tenantState";
import type { GraphNamedLocation } from "../policies/facts";

/** Everything a stack declares, as the guard rules see it. */
export interface GuardInput extends TenantState {
  readonly plan: LicencePlan;
  readonly protection: Protection;
  readonly breakGlassUsers: readonly string[];
  readonly breakGlassGroups: readonly string[];
  readonly pilotGroup?: string;
  /**
   * The legacy MFA service's trusted IPs, when the stack declares them (the lockout proof reads them).
   * @default - not declared: policies naming them are proven both inside and outside them
   */
  readonly mfaTrustedIps?: import("../config/args").MfaTrustedIpsSetting;
  /**
   * Whether this is a preview (or the offline plan) or a real update; some findings
   * are warnings in a preview and errors when the change would be made.
   * @default "preview"
   */
  readonly phase?: "preview" | "update";
  /**
   * Whether the stack declares the Security Defaults resource (the EntraBaseline component
   * always does; a policy set guarded with BaselineGuard may not).
   * @default true
   */
  readonly managesSecurityDefaults?: boolean;
  /**
   * What the stack does with legacy per-user MFA.
   * @default "leave"
   */
  readonly perUserMfa?: import("../config/types").PerUserMfaSetting;
  /**
   * Whether the stack turns on the registration campaign.
   * @default false
   */
  readonly registrationCampaign?: boolean;
  /**
   * The authentication methods policy the stack declares.
   * @default - not managed
   */
  readonly authenticationMethods?: import("../config/types").AuthenticationMethodsConfig;
  /**
   * The stack's policies by config key, the tenant policies it adopts and the ids its state
   * holds: how the live rules tell the stack's own tenant policies from duplicates.
   * @default - policies keyed and matched by display name, nothing adopted
   */
  readonly ownership?: StackPolicies;
  /**
   * The stack's identity, `<project>/<stack>`: the ownership check compares it with the tenant's marker.
   * @default - unknown: no ownership check
   */
  readonly stack?: string;
  /**
   * Gaps the stack accepts on purpose, by rule id, each with its reason (config `acceptedGaps`).
   * @default - none: every gap is an error
   */
  readonly acceptedGaps?: import("../config/types").AcceptedGaps;
  /**
   * Whether a person confirmed the break-glass accounts (`false` when `npm run export` wrote candidates).
   * @default true
   */
  readonly breakGlassConfirmed?: boolean;
}

/** One tenant policy the stack adopts as one of its policies (config `adopt`). */
export interface AdoptEntry {
  /** The tenant policy's object id. */
  readonly id: string;
  /** The user read the change adoption makes (plan --against live) and accepts it. */
  readonly acceptChanges: boolean;
}

/** How the live checks tell the stack's own tenant policies from the others. */
export interface StackPolicies {
  /** The policies the stack declares, by config key. */
  readonly declared: readonly { readonly key: string; readonly policy: ConditionalAccessPolicy }[];
  /** Tenant policies adopted, by config key. */
  readonly adopt: Readonly<Record<string, AdoptEntry>>;
  /**
   * Object ids the stack's state holds, by config key (its previous `policyIds` output).
   * @default - the state was not read: tenant policies are matched by display name
   */
  readonly stateIds?: Readonly<Record<string, string>>;
  /**
   * Tenant policies the stack owns by the object id it declares them with (custom policies' `id`), by config key:
   * `pulumi up` imports them, so they are the stack's, never duplicates or unmanaged.
   * @default - none
   */
  readonly imports?: Readonly<Record<string, string>>;
  /**
   * Tenant policies the stack deliberately leaves alone (config `unmanagedPolicies`): shown as acknowledged, never drift.
   * @default - none
   */
  readonly acknowledged?: readonly AcknowledgedPolicy[];
  /**
   * The stack's named locations, each under the name its policies use (its config key, or the id a plan gives it):
   * equivalence judges a location by its content, not its name.
   * @default - not known: locations compare by the names the policies use
   */
  readonly namedLocations?: readonly GraphNamedLocation[];
}

/** A tenant policy the stack deliberately leaves alone, by object id, with the reason. */
export interface AcknowledgedPolicy {
  readonly id: string;
  readonly displayName: string;
  readonly reason: string;
}

/** A guard rule: its metadata (guard/rule.ts) and a pure check over what a stack declares. */
export type GuardRule = Rule<[input: GuardInput]>;

/** A guard rule as its file declares it: the check states verdicts, the id is stamped on them. */
export const guardRule = (spec: RuleSpec<[input: GuardInput]>): GuardRule => defineRule(spec);
