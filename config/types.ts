/** Entra ID licence tiers: `free` (no P1/P2), `p1` (Entra ID P1), `p2` (Entra ID P2). */
export const LICENCE_PLANS = ["free", "p1", "p2"] as const;
/** Entra ID licence tier the tenant has. */
export type LicencePlan = (typeof LICENCE_PLANS)[number];

/** How MFA is required: Security Defaults, or the Conditional Access baseline. */
export const PROTECTIONS = ["securityDefaults", "conditionalAccess"] as const;
export type Protection = (typeof PROTECTIONS)[number];

/** State of a CA policy in this project's words; `reportOnly` is Graph's `enabledForReportingButNotEnforced`. */
export const POLICY_STATE_SETTINGS = ["reportOnly", "enabled", "disabled"] as const;
export type PolicyStateSetting = (typeof POLICY_STATE_SETTINGS)[number];

/** The baseline policies, by their config key, in declaration order. */
export const POLICY_KEYS = ["adminMfa", "allUsersMfa", "blockLegacyAuth", "azureManagementMfa", "signInRiskMfa", "userRiskPasswordChange"] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

/** Sign-in risk levels a policy can react to. */
export const SIGN_IN_RISK_SETTINGS = ["low", "medium", "high"] as const;
export type SignInRiskSetting = (typeof SIGN_IN_RISK_SETTINGS)[number];

/** What the admin MFA policy asks for: any MFA method, or the built-in phishing-resistant strength. */
export const ADMIN_MFA_STRENGTHS = ["mfa", "phishingResistant"] as const;
export type AdminMfaStrength = (typeof ADMIN_MFA_STRENGTHS)[number];

export interface CommonPolicyOptions {
  /**
   * State of this policy.
   * @default - the stack's `policyState`
   */
  readonly state?: PolicyStateSetting;
  /**
   * Display name of this policy. `npm run export` writes the adopted tenant policy's own name here,
   * so adopting renames nothing; remove it to rename the policy to the baseline's name.
   * @default - the baseline's name, `entra-baseline: <Microsoft template name>`
   */
  readonly displayName?: string;
}

export interface AdminMfaOptions extends CommonPolicyOptions {
  /**
   * `mfa` asks for any MFA method; `phishingResistant` asks for the built-in
   * "Phishing-resistant MFA" authentication strength (FIDO2, Windows Hello for Business, certificate).
   * @default "mfa"
   */
  readonly strength?: AdminMfaStrength;
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
export const LIVE_CHECKS = ["auto", "on", "off"] as const;
export type LiveChecks = (typeof LIVE_CHECKS)[number];

/** Which Microsoft cloud the tenant lives in: picks the Graph endpoint and the sign-in authority. */
export const CLOUDS = ["global", "usgovernment", "china"] as const;
export type Cloud = (typeof CLOUDS)[number];

/**
 * The guard rules whose findings are gaps (someone signs in without a protection Security Defaults
 * gave), the only findings a stack may accept with a reason (`acceptedGaps`). Lockouts, conflicts and
 * every other error can never be accepted.
 */
export const GAP_RULES = ["EB-SD-PARITY", "EB-COVERAGE-PROOF"] as const;
export type GapRule = (typeof GAP_RULES)[number];

/** Whether a rule id is one of the gaps a stack may accept. */
export const isGapRule = (id: string): id is GapRule => (GAP_RULES as readonly string[]).includes(id);

/** What each acceptable gap means, in the words config errors and the README use. */
export const GAP_RULE_MEANINGS: Readonly<Record<GapRule, string>> = {
  "EB-SD-PARITY": "Security Defaults off while the enforced policies do not give each protection they gave",
  "EB-COVERAGE-PROOF": "a simulated member or admin signs in without MFA on a modern client",
};

/** One gap the stack accepts on purpose: why, and until when, in a person's words. */
export interface AcceptedGap {
  /** Why the gap is accepted and until when (at least 10 characters), shown beside the gap in every plan, diff and report. */
  readonly reason: string;
}

/** Gaps the stack accepts, by the rule id that finds them. */
export type AcceptedGaps = { readonly [rule: string]: AcceptedGap };

/** The per-user MFA settings that are plain words (the third form is `{ enforce: [...] }`). */
export const PER_USER_MFA_MODES = ["leave", "disable"] as const;

/**
 * What the stack does with legacy per-user MFA: `leave` it, `disable` it for every user (once
 * Security Defaults or the all-users MFA policy is on), or keep it `enforce`d for listed users.
 */
export type PerUserMfaSetting = (typeof PER_USER_MFA_MODES)[number] | { readonly enforce: readonly string[] };

/** The policies a stack states: per-policy options, `false` omits a policy. */
export type PolicySettings = { readonly [K in PolicyKey]?: PolicyOptionsByKey[K] | false };

/** The policies a validated stack declares, with their options; an omitted key is not declared. */
/** One tenant policy adopted as a baseline policy: its object id, or the id with the change it makes accepted. */
export type AdoptSetting = string | { readonly id: string; readonly acceptChanges?: boolean };

/** The tenant policy id an adopt entry names, in either form. */
export const adoptedId = (entry: AdoptSetting): string => (typeof entry === "string" ? entry : entry.id);

/** Tenant policies the stack adopts, by baseline policy key. */
export type AdoptSettings = { readonly [K in PolicyKey]?: AdoptSetting };

export type DeclaredPolicies = { readonly [K in PolicyKey]?: PolicyOptionsByKey[K] };

/** Authentication methods this project manages in the authentication methods policy, by their config name. */
export const AUTHENTICATION_METHODS = ["microsoftAuthenticator", "fido2", "temporaryAccessPass", "sms", "voice", "email", "softwareOath"] as const;
export type AuthenticationMethod = (typeof AUTHENTICATION_METHODS)[number];

/** Who may use a method: everyone, nobody, or the members of one group (its object id). */
export type MethodSetting = "enabled" | "disabled" | { readonly group: string };

/** The authentication methods policy as the stack declares it, defaults applied. */
export interface AuthenticationMethodsConfig {
  /** Methods the stack manages; a method absent here is left as the tenant has it. */
  readonly methods: { readonly [M in AuthenticationMethod]?: MethodSetting };
  /** Methods that must never be enabled (a declared guard: enabling one is a config error). */
  readonly disallowed: readonly AuthenticationMethod[];
  /** Authenticator push notifications show the app and the location of the sign-in. */
  readonly authenticatorContext: boolean;
  /** System-preferred MFA: Entra asks for the strongest method the user registered. */
  readonly systemPreferredMfa: boolean;
  /** Mark the migration from the legacy MFA and SSPR policies complete (`policyMigrationState: migrationComplete`). */
  readonly migrationComplete: boolean;
}
