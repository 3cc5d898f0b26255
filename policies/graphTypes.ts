/**
 * Microsoft Graph v1.0 `conditionalAccessPolicy`, restricted to the fields this
 * project emits and reads. Names and values are Graph's own, so a policy can be
 * compared with Microsoft's templates and validated against Graph's schema.
 */

export type ConditionalAccessPolicyState = "enabled" | "disabled" | "enabledForReportingButNotEnforced";

export type ClientAppType =
  | "all"
  | "browser"
  | "mobileAppsAndDesktopClients"
  | "exchangeActiveSync"
  | "easSupported"
  | "other";

export type RiskLevel = "low" | "medium" | "high" | "hidden" | "none";

export type BuiltInControl =
  | "block"
  | "mfa"
  | "compliantDevice"
  | "domainJoinedDevice"
  | "approvedApplication"
  | "compliantApplication"
  | "passwordChange";

export type GrantOperator = "AND" | "OR";

export interface ConditionalAccessUsers {
  readonly includeUsers: readonly string[];
  readonly excludeUsers: readonly string[];
  readonly includeGroups: readonly string[];
  readonly excludeGroups: readonly string[];
  readonly includeRoles: readonly string[];
  readonly excludeRoles: readonly string[];
}

export interface ConditionalAccessApplications {
  readonly includeApplications: readonly string[];
  readonly excludeApplications: readonly string[];
  readonly includeUserActions: readonly string[];
}

export interface ConditionalAccessConditions {
  readonly users: ConditionalAccessUsers;
  readonly applications: ConditionalAccessApplications;
  readonly clientAppTypes: readonly ClientAppType[];
  readonly signInRiskLevels: readonly RiskLevel[];
  readonly userRiskLevels: readonly RiskLevel[];
}

export interface AuthenticationStrengthReference {
  /** Id of an authentication strength policy, e.g. the built-in phishing-resistant `00000000-0000-0000-0000-000000000004`. */
  readonly id: string;
}

export interface ConditionalAccessGrantControls {
  readonly operator: GrantOperator;
  readonly builtInControls: readonly BuiltInControl[];
  readonly authenticationStrength?: AuthenticationStrengthReference;
}

export interface SignInFrequencySessionControl {
  readonly isEnabled: boolean;
  readonly authenticationType: "primaryAndSecondaryAuthentication" | "secondaryAuthentication";
  readonly frequencyInterval: "timeBased" | "everyTime";
  /** Only with `frequencyInterval: timeBased`. */
  readonly value?: number;
  /** Only with `frequencyInterval: timeBased`. */
  readonly type?: "hours" | "days";
}

export interface ConditionalAccessSessionControls {
  readonly signInFrequency?: SignInFrequencySessionControl;
}

export interface ConditionalAccessPolicy {
  readonly displayName: string;
  readonly state: ConditionalAccessPolicyState;
  readonly conditions: ConditionalAccessConditions;
  readonly grantControls: ConditionalAccessGrantControls;
  readonly sessionControls?: ConditionalAccessSessionControls;
}
