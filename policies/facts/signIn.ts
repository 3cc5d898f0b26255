import type { ExtensionAttribute } from "../../config/deviceFilterRule";
import type { DevicePlatform, GuestOrExternalUserType, RiskState, SignInClientAppType } from "./vocabulary";

/**
 * The device a sign-in comes from, as Entra knows it (Graph's `device` resource): present only when the device is
 * registered in Microsoft Entra ID (joined, hybrid joined or registered). A property left out is null to Entra.
 */
export interface SignInDevice {
  readonly deviceId?: string;
  readonly displayName?: string;
  /** `Company` or `Personal`. */
  readonly deviceOwnership?: string;
  readonly enrollmentProfileName?: string;
  /** Marked compliant by Intune (or a compliance partner). */
  readonly isCompliant?: boolean;
  /** Managed by an MDM (Intune). */
  readonly isManaged?: boolean;
  readonly manufacturer?: string;
  readonly mdmAppId?: string;
  readonly model?: string;
  readonly operatingSystem?: string;
  readonly operatingSystemVersion?: string;
  readonly physicalIds?: readonly string[];
  readonly profileType?: string;
  readonly systemLabels?: readonly string[];
  /** `AzureAD` (Microsoft Entra joined), `ServerAD` (hybrid joined) or `Workplace` (registered). */
  readonly trustType?: string;
  readonly extensionAttributes?: Readonly<Partial<Record<ExtensionAttribute, string | null>>>;
}

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
  /** The device, when it is registered in Microsoft Entra ID; absent: an unregistered device (every property null). */
  readonly device?: SignInDevice;
  /** The country of the Authenticator app's GPS location (ISO 3166 alpha-2), for country locations that look up by GPS; absent: not shared. */
  readonly gpsCountryCode?: string;
  /** A federated user's sign-in carrying AD FS's insidecorporatenetwork claim (the legacy MFA service's "federated users on my intranet"). */
  readonly insideCorporateNetwork?: boolean;
}

/** The guest or external user type of the sign-in, undefined for a member. */
export function guestTypeOf(s: Pick<SignIn, "userType" | "guestOrExternalUserType">): GuestOrExternalUserType | undefined {
  // No `??` here: sucrase, which runs the CLIs, turns it into a call with a closure, and this runs per sign-in.
  const type = s.guestOrExternalUserType;
  return type !== undefined && type !== null ? type : s.userType === "guest" ? "b2bCollaborationGuest" : undefined;
}
