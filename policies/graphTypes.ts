/**
 * Microsoft Graph v1.0 `conditionalAccessPolicy` as this project holds it: the baseline's own
 * fields always present, every other field of the declaration (config/graph/policyFields.ts)
 * when set. Names and values are Graph's own, so a policy can be compared with Microsoft's
 * templates and validated against Graph's schema.
 */

import { PROVIDER_GRANT_CONTROLS } from "../config/graph/policyFields";

export const CONDITIONAL_ACCESS_POLICY_STATES = ["enabled", "disabled", "enabledForReportingButNotEnforced"] as const;
export type ConditionalAccessPolicyState = (typeof CONDITIONAL_ACCESS_POLICY_STATES)[number];

/** Graph's `conditionalAccessClientApp` values a policy condition may list (`all` is every client; `easSupported` is Exchange ActiveSync). */
export const CLIENT_APP_TYPES = ["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"] as const;
export type ClientAppType = (typeof CLIENT_APP_TYPES)[number];

/** The modern clients: they can do MFA. */
export const MODERN_CLIENT_APP_TYPES = ["browser", "mobileAppsAndDesktopClients"] as const;
/** Legacy authentication: Exchange ActiveSync and other clients (IMAP, POP, SMTP, …), which cannot do MFA. */
export const LEGACY_CLIENT_APP_TYPES = ["exchangeActiveSync", "other"] as const;
/** The client app types a sign-in can have: the four that `all` stands for, two modern then two legacy. */
export const SIGN_IN_CLIENT_APP_TYPES = [...MODERN_CLIENT_APP_TYPES, ...LEGACY_CLIENT_APP_TYPES] as const;
export type SignInClientAppType = (typeof SIGN_IN_CLIENT_APP_TYPES)[number];

/** Graph's `riskLevel` values a policy condition may list. */
export const RISK_LEVELS = ["low", "medium", "high", "hidden", "none"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The built-in grant controls this project declares (Graph's, as the azuread provider knows them). */
export const BUILT_IN_CONTROLS = PROVIDER_GRANT_CONTROLS;
export type BuiltInControl = (typeof BUILT_IN_CONTROLS)[number];

export const GRANT_OPERATORS = ["AND", "OR"] as const;
export type GrantOperator = (typeof GRANT_OPERATORS)[number];

export const SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES = ["primaryAndSecondaryAuthentication", "secondaryAuthentication"] as const;
export const SIGN_IN_FREQUENCY_INTERVALS = ["timeBased", "everyTime"] as const;
export const SIGN_IN_FREQUENCY_PERIODS = ["hours", "days"] as const;

/** The external tenants a guest condition covers: every one, or the listed tenant ids (lower case). */
export type ConditionalAccessExternalTenants =
  { readonly membershipKind: "all" } | { readonly membershipKind: "enumerated"; readonly members: readonly string[] };

/** Guest or external users, as Graph's `conditionalAccessGuestsOrExternalUsers` holds them. */
export interface ConditionalAccessGuestsOrExternalUsers {
  /**
   * Comma-separated, as Graph spells it: internalGuest, b2bCollaborationGuest, b2bCollaborationMember,
   * b2bDirectConnectUser, otherExternalUser, serviceProvider.
   */
  readonly guestOrExternalUserTypes: string;
  /** Absent (Graph's null): every external tenant, as `all`; kept apart from `all` because Graph and the provider do. */
  readonly externalTenants?: ConditionalAccessExternalTenants;
}

export interface ConditionalAccessUsers {
  readonly includeUsers: readonly string[];
  readonly excludeUsers: readonly string[];
  readonly includeGroups: readonly string[];
  readonly excludeGroups: readonly string[];
  readonly includeRoles: readonly string[];
  readonly excludeRoles: readonly string[];
  /** Guest or external user types included; only custom and tenant policies set them. */
  readonly includeGuestsOrExternalUsers?: ConditionalAccessGuestsOrExternalUsers;
  /** Guest or external user types excluded; only custom and tenant policies set them. */
  readonly excludeGuestsOrExternalUsers?: ConditionalAccessGuestsOrExternalUsers;
}

export interface ConditionalAccessApplications {
  readonly includeApplications: readonly string[];
  readonly excludeApplications: readonly string[];
  readonly includeUserActions: readonly string[];
  /** Authentication context ids (`c1` …); the azuread provider cannot express them. */
  readonly includeAuthenticationContextClassReferences?: readonly string[];
  /** A filter on the apps' custom security attributes; the azuread provider cannot express it. */
  readonly applicationFilter?: ConditionalAccessFilter;
}

/** Graph's `conditionalAccessFilter`: a rule in Entra's filter grammar, including or excluding what it matches. */
export interface ConditionalAccessFilter {
  readonly mode: "include" | "exclude";
  readonly rule: string;
}

/** Workload identities (service principals) a policy targets. */
export interface ConditionalAccessClientApplications {
  readonly includeServicePrincipals?: readonly string[];
  readonly excludeServicePrincipals?: readonly string[];
  readonly servicePrincipalFilter?: ConditionalAccessFilter;
}

export interface ConditionalAccessConditions {
  readonly users: ConditionalAccessUsers;
  readonly applications: ConditionalAccessApplications;
  readonly clientAppTypes: readonly ClientAppType[];
  readonly signInRiskLevels: readonly RiskLevel[];
  readonly userRiskLevels: readonly RiskLevel[];
  /** Named locations (ids, or All / AllTrusted); only custom and tenant policies set them. */
  readonly locations?: { readonly includeLocations: readonly string[]; readonly excludeLocations: readonly string[] };
  /** Device platforms; only custom and tenant policies set them. */
  readonly platforms?: { readonly includePlatforms: readonly string[]; readonly excludePlatforms: readonly string[] };
  /** Service principals (workload identities): such a policy never applies to a user's sign-in. */
  readonly clientApplications?: ConditionalAccessClientApplications;
  readonly devices?: { readonly deviceFilter?: ConditionalAccessFilter };
  readonly servicePrincipalRiskLevels?: readonly RiskLevel[];
  /** Comma-separated, as Graph spells it: minor, moderate, elevated. */
  readonly insiderRiskLevels?: string;
  /** Comma-separated, as Graph spells it: deviceCodeFlow, authenticationTransfer. */
  readonly authenticationFlows?: { readonly transferMethods: string };
}

export interface AuthenticationStrengthReference {
  /** Id of an authentication strength policy, e.g. the built-in phishing-resistant `00000000-0000-0000-0000-000000000004`. */
  readonly id: string;
}

export interface ConditionalAccessGrantControls {
  readonly operator: GrantOperator;
  readonly builtInControls: readonly BuiltInControl[];
  readonly authenticationStrength?: AuthenticationStrengthReference;
  /** Terms of use agreement ids; only custom and tenant policies set them. Under `OR`, accepting one is a way in. */
  readonly termsOfUse?: readonly string[];
  /** Custom control ids; only custom and tenant policies set them. */
  readonly customAuthenticationFactors?: readonly string[];
}

export interface SignInFrequencySessionControl {
  readonly isEnabled: boolean;
  readonly authenticationType: (typeof SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES)[number];
  readonly frequencyInterval: (typeof SIGN_IN_FREQUENCY_INTERVALS)[number];
  /** Only with `frequencyInterval: timeBased`. */
  readonly value?: number;
  /** Only with `frequencyInterval: timeBased`. */
  readonly type?: (typeof SIGN_IN_FREQUENCY_PERIODS)[number];
}

export interface ConditionalAccessSessionControls {
  readonly signInFrequency?: SignInFrequencySessionControl;
  /** On: the apps (Exchange Online, SharePoint Online) limit what the session can do. */
  readonly applicationEnforcedRestrictions?: { readonly isEnabled: true };
  /** On: Defender for Cloud Apps' session control (`mcasConfigured`, `monitorOnly`, `blockDownloads`). */
  readonly cloudAppSecurity?: { readonly isEnabled: true; readonly cloudAppSecurityType?: string };
  /** On: the browser session persists (`always`) or never does (`never`). */
  readonly persistentBrowser?: { readonly isEnabled: true; readonly mode?: "always" | "never" };
  /** True: no resilience defaults extend sessions during an outage. */
  readonly disableResilienceDefaults?: true;
}

export interface ConditionalAccessPolicy {
  readonly displayName: string;
  readonly state: ConditionalAccessPolicyState;
  readonly conditions: ConditionalAccessConditions;
  readonly grantControls: ConditionalAccessGrantControls;
  readonly sessionControls?: ConditionalAccessSessionControls;
}
