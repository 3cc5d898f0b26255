/**
 * Microsoft Graph v1.0 `conditionalAccessPolicy` as this project holds it: the baseline's own
 * fields always present, every other field of the declaration (config/graph/policyFields.ts)
 * when set, the types derived from that declaration (config/graph/policyTypes.ts). Names and
 * values are Graph's own, so a policy can be compared with Microsoft's templates and validated
 * against Graph's schema.
 */

import { PROVIDER_GRANT_CONTROLS } from "../config/graph/policyFields";
import type { CanonicalBlock } from "../config/graph/policyTypes";

export type {
  AuthenticationStrengthReference,
  ConditionalAccessExternalTenants,
  ConditionalAccessFilter,
  ConditionalAccessGuestsOrExternalUsers,
  SignInFrequencySessionControl,
} from "../config/graph/policyTypes";

/** Graph's `conditionalAccessPolicyState`: on, off, or report-only (evaluated and logged, never enforced). */
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

/** Users, groups, roles, guests and external users a policy includes and excludes. */
export interface ConditionalAccessUsers extends CanonicalBlock<"conditions.users"> {}

/** Apps, user actions, authentication contexts and the application filter. */
export interface ConditionalAccessApplications extends CanonicalBlock<"conditions.applications"> {}

/** Workload identities (service principals) a policy targets. */
export interface ConditionalAccessClientApplications extends CanonicalBlock<"conditions.clientApplications"> {}

/** Every condition of a policy: who, which apps, from where, on what, at which risk. */
export interface ConditionalAccessConditions extends CanonicalBlock<"conditions"> {}

/** What a policy asks for: built-in controls, an authentication strength, terms of use, custom controls, the operator. */
export interface ConditionalAccessGrantControls extends CanonicalBlock<"grantControls"> {}

/** Session controls: sign-in frequency, persistent browser, app-enforced restrictions, Defender for Cloud Apps, resilience defaults. */
export interface ConditionalAccessSessionControls extends CanonicalBlock<"sessionControls"> {}

/**
 * A Conditional Access policy as this project holds it: its name and state, and every declared field, each typed from
 * the one declaration (config/graph/policyFields.ts, derived by config/graph/policyTypes.ts).
 */
export interface ConditionalAccessPolicy extends CanonicalBlock<""> {
  readonly displayName: string;
  readonly state: ConditionalAccessPolicyState;
}
