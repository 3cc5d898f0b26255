import { GUEST_TYPES } from "../../config/graph/policyFields";
import { LEGACY_CLIENT_APP_TYPES, MODERN_CLIENT_APP_TYPES } from "../graphTypes";

/**
 * Graph's special values and value groups as Conditional Access reads them (docs/whatif.md cites
 * Microsoft's pages for each).
 */

export { LEGACY_CLIENT_APP_TYPES, MODERN_CLIENT_APP_TYPES, SIGN_IN_CLIENT_APP_TYPES } from "../graphTypes";
export type { SignInClientAppType } from "../graphTypes";

/** Whether the client is a modern one (it can do MFA); `exchangeActiveSync` and `other` are legacy authentication. */
export const isModernClient = (clientAppType: string): boolean => (MODERN_CLIENT_APP_TYPES as readonly string[]).includes(clientAppType);
/** Whether the client uses legacy authentication: it cannot do MFA nor pass device state. */
export const isLegacyClient = (clientAppType: string): boolean => (LEGACY_CLIENT_APP_TYPES as readonly string[]).includes(clientAppType);

/** Guest and external user types of `includeGuestsOrExternalUsers` / `excludeGuestsOrExternalUsers`. */
export const GUEST_OR_EXTERNAL_USER_TYPES = GUEST_TYPES;
export type GuestOrExternalUserType = (typeof GUEST_OR_EXTERNAL_USER_TYPES)[number];

/** Device platforms Conditional Access identifies; a sign-in whose platform it cannot identify is `unknown`. */
export const DEVICE_PLATFORMS = ["android", "iOS", "windows", "windowsPhone", "macOS", "linux"] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/** Risk levels a sign-in or user has. */
export const RISK_STATES = ["none", "low", "medium", "high"] as const;
export type RiskState = (typeof RISK_STATES)[number];

/** Special values of the users condition. */
export const ALL_USERS = "All";
export const NO_USERS = "None";
export const GUESTS_OR_EXTERNAL_USERS = "GuestsOrExternalUsers";
/** Special values of the applications condition. */
export const ALL_APPS = "All";
export const NO_APPS = "None";
export const OFFICE_365 = "Office365";
export const MICROSOFT_ADMIN_PORTALS = "MicrosoftAdminPortals";
/** Special values of the locations condition. */
export const ALL_LOCATIONS = "All";
export const ALL_TRUSTED_LOCATIONS = "AllTrusted";
/** Special value of the platforms condition. */
export const ALL_PLATFORMS = "all";

const SPECIAL = [ALL_USERS, NO_USERS, GUESTS_OR_EXTERNAL_USERS, OFFICE_365, MICROSOFT_ADMIN_PORTALS, ALL_TRUSTED_LOCATIONS];
const SPECIAL_BY_LOWER = new Map(SPECIAL.map((v) => [v.toLowerCase(), v]));

/**
 * One value of a users, applications or locations list: a special value in Graph's spelling, or an
 * object id / app id in lower case (ids are case-insensitive; `harden` normalises them at the
 * edges, this keeps mixed case from breaking a match).
 */
export const canonicalValue = (value: string): string => SPECIAL_BY_LOWER.get(value.toLowerCase()) ?? value.toLowerCase();
