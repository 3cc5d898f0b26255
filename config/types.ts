/** Entra ID licence tier the tenant has: `free` (no P1/P2), `p1` (Entra ID P1), `p2` (Entra ID P2). */
export type LicencePlan = "free" | "p1" | "p2";

/** How MFA is required: Security Defaults, or the Conditional Access baseline. */
export type Protection = "securityDefaults" | "conditionalAccess";

/** State of a CA policy in this project's words; `reportOnly` is Graph's `enabledForReportingButNotEnforced`. */
export type PolicyStateSetting = "reportOnly" | "enabled" | "disabled";

/** The baseline policies, by their config key. */
export type PolicyKey =
  | "adminMfa"
  | "allUsersMfa"
  | "blockLegacyAuth"
  | "azureManagementMfa"
  | "signInRiskMfa"
  | "userRiskPasswordChange";

export const POLICY_KEYS: readonly PolicyKey[] = [
  "adminMfa",
  "allUsersMfa",
  "blockLegacyAuth",
  "azureManagementMfa",
  "signInRiskMfa",
  "userRiskPasswordChange",
];

export type SignInRiskSetting = "low" | "medium" | "high";

export interface CommonPolicyOptions {
  /**
   * State of this policy.
   * @default - the stack's `policyState`
   */
  readonly state?: PolicyStateSetting;
}

export interface AdminMfaOptions extends CommonPolicyOptions {
  /**
   * `mfa` asks for any MFA method; `phishingResistant` asks for the built-in
   * "Phishing-resistant MFA" authentication strength (FIDO2, Windows Hello for Business, certificate).
   * @default "mfa"
   */
  readonly strength?: "mfa" | "phishingResistant";
  /**
   * Directory role template ids to protect beside the 14 of Microsoft's template.
   * @default - none
   */
  readonly extraRoles?: readonly string[];
}

export interface AllUsersMfaOptions extends CommonPolicyOptions {
  /**
   * Object ids of service accounts to exclude (break-glass accounts are excluded anyway).
   * @default - none
   */
  readonly excludeUsers?: readonly string[];
  /**
   * Object ids of groups to exclude (break-glass groups are excluded anyway).
   * @default - none
   */
  readonly excludeGroups?: readonly string[];
}

export interface SignInRiskMfaOptions extends CommonPolicyOptions {
  /**
   * Sign-in risk levels that trigger MFA.
   * @default ["medium", "high"]
   */
  readonly levels?: readonly SignInRiskSetting[];
}

export interface PolicyOptionsByKey {
  readonly adminMfa: AdminMfaOptions;
  readonly allUsersMfa: AllUsersMfaOptions;
  readonly blockLegacyAuth: CommonPolicyOptions;
  readonly azureManagementMfa: CommonPolicyOptions;
  readonly signInRiskMfa: SignInRiskMfaOptions;
  readonly userRiskPasswordChange: CommonPolicyOptions;
}

/** When the guard reads the tenant: `auto` when credentials are in the environment, `on` always, `off` never. */
export type LiveChecks = "auto" | "on" | "off";

/** Which Microsoft cloud the tenant lives in: picks the Graph endpoint and the sign-in authority. */
export type Cloud = "global" | "usgovernment" | "china";

/**
 * What the stack does with legacy per-user MFA: `leave` it, `disable` it for every user (once
 * Security Defaults or the all-users MFA policy is on), or keep it `enforce`d for listed users.
 */
export type PerUserMfaSetting = "leave" | "disable" | { readonly enforce: readonly string[] };

/** The stack configuration after validation and defaults: every field is decided. */
export interface BaselineConfig {
  readonly plan: LicencePlan;
  readonly protection: Protection;
  readonly breakGlassUsers: readonly string[];
  readonly breakGlassGroups: readonly string[];
  readonly policyState: PolicyStateSetting;
  readonly pilotGroup?: string;
  readonly liveChecks: LiveChecks;
  readonly cloud: Cloud;
  readonly perUserMfa: PerUserMfaSetting;
  /** Whether the authentication methods registration campaign prompts users to register the Authenticator app. */
  readonly registrationCampaign: boolean;
  /** Policies to declare, with their options; an omitted key is not declared. */
  readonly policies: { readonly [K in PolicyKey]?: PolicyOptionsByKey[K] };
}
