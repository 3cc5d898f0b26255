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

/** Every client × key app × sign-in risk × user risk, for one person, from {@link DEFAULT_WHERE}. */
export function* contexts(): Generator<
  Pick<SignIn, "clientAppType" | "applicationId" | "signInRisk" | "userRisk" | "devicePlatform"> & { readonly appLabel: string }
> {
  for (const clientAppType of SIGN_IN_CLIENT_APP_TYPES)
    for (const app of KEY_APPS)
      for (const signInRisk of RISK_STATES)
        for (const userRisk of RISK_STATES) yield { ...DEFAULT_WHERE, clientAppType, applicationId: app.id, appLabel: app.label, signInRisk, userRisk };
}
