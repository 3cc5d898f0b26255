import { KNOWN_APPS } from "./applications";
import { SIGN_IN_CLIENT_APP_TYPES } from "../policies/graphTypes";
import { RISK_STATES, type SignIn } from "./signIn";

export { isModernClient } from "../policies/facts";

/**
 * Where the simulated sign-ins come from unless a persona says otherwise: a Windows device (a
 * platform Entra identifies) at an address in no named location (so no trusted location).
 */
export const DEFAULT_WHERE: Pick<SignIn, "devicePlatform"> = { devicePlatform: "windows" };

/** One app of each kind the baseline's policies name: any app, the Office 365 suite, Azure management, the admin portals. */
export const KEY_APPS: readonly { readonly id: string; readonly label: string }[] = [
  { id: KNOWN_APPS.lineOfBusiness, label: "any app" },
  { id: KNOWN_APPS.exchangeOnline, label: "Office 365" },
  { id: KNOWN_APPS.azureManagement, label: "Azure management" },
  { id: KNOWN_APPS.adminCenter, label: "admin portals" },
];

export { RISK_STATES };

/** One simulated sign-in's circumstances: client, key app, sign-in and user risk, from {@link DEFAULT_WHERE}. */
export type SignInContext = Pick<SignIn, "clientAppType" | "applicationId" | "signInRisk" | "userRisk" | "devicePlatform"> & { readonly appLabel: string };

let everyContext: readonly SignInContext[] | undefined;

/**
 * Every client × key app × sign-in risk × user risk, for one person, from {@link DEFAULT_WHERE}: built on the
 * first call and shared, frozen, by every later one (a lockout proof walks it once per break-glass account).
 */
export function contexts(): readonly SignInContext[] {
  if (!everyContext) {
    const built: SignInContext[] = [];
    for (const clientAppType of SIGN_IN_CLIENT_APP_TYPES)
      for (const app of KEY_APPS)
        for (const signInRisk of RISK_STATES)
          for (const userRisk of RISK_STATES) {
            built.push(Object.freeze({ ...DEFAULT_WHERE, clientAppType, applicationId: app.id, appLabel: app.label, signInRisk, userRisk }));
          }
    everyContext = Object.freeze(built);
  }
  return everyContext;
}
