/**
 * The library: what a Pulumi program or a test of your own can import. `index.ts` is this
 * project's Pulumi program; everything it uses is here.
 */

// Components: how Pulumi declares the baseline.
export { EntraBaseline, policyResourceName } from "./components/entraBaseline";
export type { EntraBaselineArgs } from "./components/entraBaseline";
export { BaselineGuard } from "./components/baselineGuard";
export type { BaselineGuardArgs } from "./components/baselineGuard";
export { SecurityDefaults } from "./components/securityDefaults";
export { GraphConditionalAccessPolicy } from "./components/graphConditionalAccessPolicy";
export type { GraphConditionalAccessPolicyArgs } from "./components/graphConditionalAccessPolicy";
export type { SecurityDefaultsArgs } from "./components/securityDefaults";
export { PerUserMfa } from "./components/perUserMfa";
export type { PerUserMfaArgs } from "./components/perUserMfa";
export { RegistrationCampaign } from "./components/registrationCampaign";
export type { RegistrationCampaignArgs } from "./components/registrationCampaign";
export { BaselineRejectedError } from "./components/errors";
export { toProviderInputs, fromProviderInputs } from "./components/providerArgs";

// Configuration and policies: what to declare.
export { validateConfig, DEFAULT_POLICIES } from "./config/validate";
export type { ConfigIssue, ConfigValidation } from "./config/validate";
export { LICENCE_PLANS, PROTECTIONS, POLICY_STATE_SETTINGS, POLICY_KEYS, SIGN_IN_RISK_SETTINGS, ADMIN_MFA_STRENGTHS } from "./config/types";
export { LIVE_CHECKS, CLOUDS, PER_USER_MFA_MODES, AUTHENTICATION_METHODS } from "./config/types";
export type { LicencePlan, Protection, PolicyStateSetting, PolicyKey, SignInRiskSetting, AdminMfaStrength, LiveChecks, Cloud } from "./config/types";
export type { CommonPolicyOptions, AdminMfaOptions, AllUsersMfaOptions, SignInRiskMfaOptions, PolicyOptionsByKey, PerUserMfaSetting } from "./config/types";
export type { PolicySettings, AdoptSetting, AdoptSettings, DeclaredPolicies } from "./config/types";
export type { BaselineArgs } from "./config/args";
export type { BaselineConfig } from "./config/keys";
export type { AuthenticationMethod, MethodSetting, AuthenticationMethodsConfig } from "./config/types";
export { GAP_RULES } from "./config/types";
export type { AcceptedGap, AcceptedGaps, GapRule } from "./config/types";
export { buildBaselinePolicies, toGraphState } from "./policies/baseline";
export type { BaselinePolicy } from "./policies/baselinePolicy";
export {
  CONDITIONAL_ACCESS_POLICY_STATES,
  CLIENT_APP_TYPES,
  MODERN_CLIENT_APP_TYPES,
  LEGACY_CLIENT_APP_TYPES,
  SIGN_IN_CLIENT_APP_TYPES,
  RISK_LEVELS,
  BUILT_IN_CONTROLS,
  GRANT_OPERATORS,
  SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES,
  SIGN_IN_FREQUENCY_INTERVALS,
  SIGN_IN_FREQUENCY_PERIODS,
} from "./policies/graphTypes";
export type {
  ConditionalAccessPolicyState,
  ClientAppType,
  SignInClientAppType,
  RiskLevel,
  BuiltInControl,
  GrantOperator,
  ConditionalAccessExternalTenants,
  ConditionalAccessGuestsOrExternalUsers,
  ConditionalAccessUsers,
  ConditionalAccessApplications,
  ConditionalAccessClientApplications,
  ConditionalAccessFilter,
  ConditionalAccessConditions,
  AuthenticationStrengthReference,
  ConditionalAccessGrantControls,
  SignInFrequencySessionControl,
  ConditionalAccessSessionControls,
  ConditionalAccessPolicy,
} from "./policies/graphTypes";

// The guard: whether it is safe.
export { decideBaseline, guardInputOf } from "./components/decideBaseline";
export { runGuard, formatRejection } from "./guard/runGuard";
export { GUARD_RULES } from "./guard/rules";
export { runTransitionGuard, TRANSITION_RULES } from "./guard/transitions";
export type { Finding, FindingSeverity } from "./guard/finding";
export type { GuardInput, GuardRule } from "./guard/input";
export type { Rule, RuleIdentity, RuleInfo, RulePhase, RunnableRule, Verdict } from "./guard/rule";
export type { TransitionRule } from "./guard/transitions/transition";
export { EB_RULES } from "./components/ruleRegistry";

// The tenant as it is.
export { runLiveGuard, LIVE_RULES } from "./live/rules";
export { computeDrift } from "./live/drift";
export { readTenant } from "./live/readTenant";
export type { LiveTenant } from "./live/tenant";
export type { LiveRule } from "./live/rules/liveRule";
export { graphClientFromEnvironment, type GraphClientLimits } from "./graph/fromEnvironment";
export { createGraphClient } from "./graph/client";
export type { GraphClient, GraphClientOptions } from "./graph/client";

// Plan, what-if, diff.
export { runPlan } from "./plan/runPlan";
export { PlanRejectedError, StackFileError, UsageError, EXIT, EXIT_MEANINGS } from "./documents/errors";
export { readPlanFile, readPreviewFile, readStackFile, documentKindOf } from "./documents/documents";
export type { DocumentKind } from "./documents/documents";
export type { PlanResult } from "./documents/planResult";
export { evaluate, evaluator, requiresMfa, satisfiableByMfa } from "./whatif/evaluate";
export { planEvaluator } from "./whatif/planEvaluator";
export { coverageReport } from "./whatif/coverage";
export { proveNoLockout } from "./whatif/lockout";
export { proveNoGap } from "./whatif/gapProof";
export { securityDefaultsGaps, SECURITY_DEFAULTS_PROTECTIONS } from "./policies/facts/securityDefaults";
export type { SecurityDefaultsGap, SecurityDefaultsGapsOptions, SecurityDefaultsProtection } from "./policies/facts/securityDefaults";
export type { SignIn, Evaluation, Outcome, Requirement } from "./whatif/signIn";
export { semanticDiff, previewDiff, formatMarkdown } from "./diff";
export type { DiffReport } from "./diff";
