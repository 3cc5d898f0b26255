import type { SignInClientAppType } from "../policies/graphTypes";

/** The risk levels Identity Protection gives a sign-in or a user (`hidden` is never a sign-in's own state). */
export const RISK_STATES = ["none", "low", "medium", "high"] as const;
export type RiskState = (typeof RISK_STATES)[number];

/** One sign-in, as Conditional Access sees it. */
export interface SignIn {
  readonly userId: string;
  /** Groups the user is a (transitive) member of. */
  readonly groupIds: readonly string[];
  /** Directory role template ids the user holds (active). */
  readonly roleIds: readonly string[];
  readonly userType: "member" | "guest";
  /** The resource (cloud app) signed in to: an application id. */
  readonly applicationId: string;
  /** The client: a modern one (`browser`, `mobileAppsAndDesktopClients`) or legacy (`exchangeActiveSync`, `other`). */
  readonly clientAppType: SignInClientAppType;
  readonly signInRisk: RiskState;
  readonly userRisk: RiskState;
  /** Not evaluated by the baseline's policies (no platform or location conditions); kept for user-written policies' reports. */
  readonly devicePlatform?: string;
  readonly trustedLocation?: boolean;
}

/** A control a policy asks for. */
export type Control =
  | { readonly kind: "mfa" }
  | { readonly kind: "authenticationStrength"; readonly id: string }
  | { readonly kind: "passwordChange" }
  | { readonly kind: "other"; readonly name: string };

/** What one policy asks of the sign-in: all of the controls (AND) or any one (OR). */
export interface Requirement {
  readonly policy: string;
  readonly operator: "AND" | "OR";
  readonly controls: readonly Control[];
}

export type Outcome =
  | { readonly kind: "allowed" }
  | { readonly kind: "blocked"; readonly by: readonly string[] }
  /** Every requirement must be met (AND across policies). */
  | { readonly kind: "challenge"; readonly requirements: readonly Requirement[] };

export interface Evaluation {
  /** Enabled policies that apply. */
  readonly applied: readonly string[];
  /** Report-only policies that would apply (they never enforce). */
  readonly reportOnly: readonly string[];
  readonly outcome: Outcome;
}
