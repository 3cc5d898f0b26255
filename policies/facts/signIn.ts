import type { DevicePlatform, GuestOrExternalUserType, RiskState, SignInClientAppType } from "./vocabulary";

/** One sign-in, as Conditional Access sees it. Optional fields left out are unknown to Entra too. */
export interface SignIn {
  readonly userId: string;
  /** Groups the user is a (transitive) member of. */
  readonly groupIds: readonly string[];
  /** Directory role template ids the user holds (active). */
  readonly roleIds: readonly string[];
  /** `guest` without {@link guestOrExternalUserType} is read as a B2B collaboration guest. */
  readonly userType: "member" | "guest";
  /** The kind of guest or external user, when the user is one. */
  readonly guestOrExternalUserType?: GuestOrExternalUserType;
  /** The external user's home tenant id (every type but internalGuest). */
  readonly homeTenantId?: string;
  /** The resource (cloud app) signed in to: an application id. */
  readonly applicationId: string;
  /** The client: a modern one (`browser`, `mobileAppsAndDesktopClients`) or legacy (`exchangeActiveSync`, `other`). */
  readonly clientAppType: SignInClientAppType;
  readonly signInRisk: RiskState;
  readonly userRisk: RiskState;
  /** The device platform; absent or another value: Entra could not identify it (only a policy on `all` platforms matches). */
  readonly devicePlatform?: DevicePlatform | "unknown";
  /** The client's public IP address (IPv4 or IPv6), matched against IP named locations. */
  readonly ipAddress?: string;
  /** ISO 3166 alpha-2 country of the sign-in; absent: unknown country or region. */
  readonly countryCode?: string;
  /** Insider risk (Purview adaptive protection): minor, moderate or elevated. */
  readonly insiderRisk?: string;
  /** An authentication flow in use: deviceCodeFlow or authenticationTransfer. */
  readonly authenticationFlow?: string;
}

/** The guest or external user type of the sign-in, undefined for a member. */
export function guestTypeOf(s: Pick<SignIn, "userType" | "guestOrExternalUserType">): GuestOrExternalUserType | undefined {
  return s.guestOrExternalUserType ?? (s.userType === "guest" ? "b2bCollaborationGuest" : undefined);
}
