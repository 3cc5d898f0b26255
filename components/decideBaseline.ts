import { BaselineConfig } from "../config/types";
import { ConfigIssue, validateConfig } from "../config/validate";
import { buildBaselinePolicies } from "../policies/baseline";
import type { BaselinePolicy } from "../policies/baselinePolicy";
import { runLiveGuard } from "../live/rules";
import type { LiveTenant } from "../live/tenant";
import type { Finding } from "../guard/finding";
import type { GuardInput } from "../guard/input";
import { errorsOf, runGuard } from "../guard/runGuard";

/** What a valid, guarded configuration declares. */
export interface BaselineDeclaration {
  readonly config: BaselineConfig;
  readonly securityDefaults: { readonly isEnabled: boolean };
  readonly policies: readonly BaselinePolicy[];
  /** Warnings and info; a declaration never carries errors. */
  readonly findings: readonly Finding[];
}

export type BaselineDecision =
  | { readonly ok: true; readonly declaration: BaselineDeclaration }
  | { readonly ok: false; readonly configIssues: readonly ConfigIssue[]; readonly findings: readonly Finding[] };

export function guardInputOf(
  config: BaselineConfig,
  policies: readonly BaselinePolicy[],
  phase: GuardInput["phase"] = "preview",
): GuardInput {
  return {
    plan: config.plan,
    protection: config.protection,
    securityDefaults: { isEnabled: config.protection === "securityDefaults" },
    breakGlassUsers: config.breakGlassUsers,
    breakGlassGroups: config.breakGlassGroups,
    pilotGroup: config.pilotGroup,
    policies: policies.map((p) => p.policy),
    phase,
    perUserMfa: config.perUserMfa,
    registrationCampaign: config.registrationCampaign,
  };
}

/**
 * The whole decision before anything is declared: validate the configuration, build the
 * policies, run every guard rule. Either everything is accepted, or every problem is returned.
 */
export function decideBaseline(
  raw: Record<string, unknown>,
  phase: GuardInput["phase"] = "preview",
  liveTenant?: LiveTenant,
): BaselineDecision {
  const validation = validateConfig(raw);
  if (!validation.ok) return { ok: false, configIssues: validation.issues, findings: [] };
  const { config } = validation;
  const policies = buildBaselinePolicies(config);
  const input = guardInputOf(config, policies, phase);
  // The live rules include the migration order from the tenant as it is.
  const findings = [...runGuard(input), ...(liveTenant ? runLiveGuard(liveTenant, input) : [])];
  if (errorsOf(findings).length > 0) return { ok: false, configIssues: [], findings };
  return { ok: true, declaration: { config, securityDefaults: input.securityDefaults, policies, findings } };
}
