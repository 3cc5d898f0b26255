import type { BaselineConfig } from "../config/keys";
import { ConfigIssue, validateConfig } from "../config/validate";
import { buildBaselinePolicies } from "../policies/baseline";
import type { BaselinePolicy } from "../policies/baselinePolicy";
import type { SecurityDefaultsState } from "../policies/tenantState";
import { projectGraphPolicy } from "../policies/customPolicy";
import { runLiveGuard } from "../live/rules";
import { adoptedPolicies } from "../live/rules/adoptedPolicies";
import type { LiveTenant } from "../live/tenant";
import type { Finding } from "../guard/finding";
import type { AdoptEntry, GuardInput } from "../guard/input";
import { errorsOf, runGuard } from "../guard/runGuard";
import { applyInheritedRisks } from "./inheritedRisks";
import { declaredNamedLocations } from "./namedLocationInputs";

/** What a valid, guarded configuration declares. */
export interface BaselineDeclaration {
  readonly config: BaselineConfig;
  readonly securityDefaults: SecurityDefaultsState;
  readonly policies: readonly BaselinePolicy[];
  /** Warnings and info; a declaration never carries errors. */
  readonly findings: readonly Finding[];
}

export type BaselineDecision =
  | { readonly ok: true; readonly declaration: BaselineDeclaration }
  | { readonly ok: false; readonly configIssues: readonly ConfigIssue[]; readonly findings: readonly Finding[] };

/**
 * What the guard sees of a configuration. `stateIds` are the tenant policy ids the stack's state
 * holds, by config key (undefined: not read, tenant policies are matched by name).
 */
export function guardInputOf(
  config: BaselineConfig,
  policies: readonly BaselinePolicy[],
  phase: GuardInput["phase"] = "preview",
  stateIds?: Readonly<Record<string, string>>,
): GuardInput {
  const custom = customOwnership(config);
  return {
    plan: config.plan,
    protection: config.protection,
    securityDefaults: { isEnabled: config.protection === "securityDefaults" },
    breakGlassUsers: config.breakGlassUsers,
    breakGlassGroups: config.breakGlassGroups,
    pilotGroup: config.pilotGroup,
    ...(config.mfaTrustedIps ? { mfaTrustedIps: config.mfaTrustedIps } : {}),
    // Custom policies go through every rule the baseline does.
    policies: [...policies.map((p) => p.policy), ...custom.declared.map((p) => p.policy)],
    phase,
    perUserMfa: config.perUserMfa,
    registrationCampaign: config.registrationCampaign,
    ownership: {
      declared: [...policies.map((p) => ({ key: p.key, policy: p.policy })), ...custom.declared],
      adopt: adoptEntries(config),
      ...(stateIds ? { stateIds } : {}),
      imports: custom.imports,
      acknowledged: config.unmanagedPolicies,
      namedLocations: declaredNamedLocations(config.namedLocations),
    },
    authenticationMethods: config.authenticationMethods,
    breakGlassConfirmed: config.breakGlassConfirmed,
    acceptedGaps: config.acceptedGaps,
  };
}

/** Ownership keys of custom policies: `customPolicies.<key>`, apart from the baseline's keys. */
export const customOwnershipKey = (key: string) => `customPolicies.${key}`;

/**
 * The custom policies as the stack's own: each by its ownership key, and the tenant policy ids they declare
 * (imported by the first `pulumi up`), so a declared custom policy is never unmanaged, a duplicate or an equivalent.
 */
export function customOwnership(config: BaselineConfig): {
  declared: { key: string; policy: ReturnType<typeof projectGraphPolicy> }[];
  imports: Record<string, string>;
} {
  const declared = config.customPolicies.flatMap((p) => (p.graph ? [{ key: customOwnershipKey(p.key), policy: projectGraphPolicy(p.graph) }] : []));
  return { declared, imports: customImports(config) };
}

/** The tenant policy ids the custom policies declare, by ownership key: the first `pulumi up` imports them. */
export function customImports(config: BaselineConfig): Record<string, string> {
  return Object.fromEntries(
    config.customPolicies.flatMap((p) => (typeof p.graph?.id === "string" && p.graph.id !== "" ? [[customOwnershipKey(p.key), p.graph.id]] : [])),
  );
}

/** Adopting needs the tenant read: at `pulumi up` without it, nothing is deployed; in a preview, a warning. */
function adoptUnchecked(config: BaselineConfig, phase: GuardInput["phase"]): Finding[] {
  const keys = Object.keys(config.adopt);
  if (keys.length === 0) return [];
  return [
    {
      rule: adoptedPolicies.id,
      severity: phase === "update" ? "error" : "warning",
      message:
        `entra-baseline:adopt.${keys[0]}: adopting needs the tenant read first, to check the ids and what adoption changes; ` +
        `give the deployment Graph credentials (liveChecks: auto) or set liveChecks: on`,
    },
  ];
}

/** The `adopt` setting as the live rules read it: every entry with its id and whether its change is accepted. */
export function adoptEntries(config: BaselineConfig): Record<string, AdoptEntry> {
  const entries: Record<string, AdoptEntry> = {};
  for (const [key, value] of Object.entries(config.adopt)) {
    entries[key] = typeof value === "string" ? { id: value, acceptChanges: false } : { id: value!.id, acceptChanges: value!.acceptChanges === true };
  }
  return entries;
}

/**
 * The whole decision before anything is declared: validate the configuration, build the
 * policies, run every guard rule. Either everything is accepted, or every problem is returned.
 */
export function decideBaseline(
  raw: Record<string, unknown>,
  phase: GuardInput["phase"] = "preview",
  liveTenant?: LiveTenant,
  stateIds?: Readonly<Record<string, string>>,
  stack?: string,
): BaselineDecision {
  const validation = validateConfig(raw);
  if (!validation.ok) return { ok: false, configIssues: validation.issues, findings: [] };
  return decideValidated(validation.config, phase, liveTenant, stateIds, stack);
}

/** The decision for a configuration `validateConfig` accepted already (the program's): build the policies, run every guard rule. */
export function decideValidated(
  config: BaselineConfig,
  phase: GuardInput["phase"] = "preview",
  liveTenant?: LiveTenant,
  stateIds?: Readonly<Record<string, string>>,
  stack?: string,
): BaselineDecision {
  const policies = buildBaselinePolicies(config);
  const input = { ...guardInputOf(config, policies, phase, stateIds), ...(stack !== undefined ? { stack } : {}) };
  // The live rules include the migration order from the tenant as it is.
  // Errors the stack inherited unchanged from the tenant (config inheritedRisks) are warnings; every other error stops it.
  const findings = applyInheritedRisks(
    [...runGuard(input), ...(liveTenant ? runLiveGuard(liveTenant, input) : adoptUnchecked(config, phase))],
    config,
    phase,
    liveTenant,
  );
  if (errorsOf(findings).length > 0) return { ok: false, configIssues: [], findings };
  return { ok: true, declaration: { config, securityDefaults: input.securityDefaults, policies, findings } };
}
