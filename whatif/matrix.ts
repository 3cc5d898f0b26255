import { KNOWN_APPS } from "./applications";
import { MODERN_CLIENT_APP_TYPES, SIGN_IN_CLIENT_APP_TYPES } from "../policies/graphTypes";
import { RISK_STATES, type SignIn } from "./signIn";


/** Whether the client is a modern one (it can do MFA); `exchangeActiveSync` and `other` are legacy authentication. */
export const isModernClient = (clientAppType: SignIn["clientAppType"]): boolean => (MODERN_CLIENT_APP_TYPES as readonly string[]).includes(clientAppType);

/** One app of each kind the baseline's policies name: any app, the Office 365 suite, Azure management, the admin portals. */
export const KEY_APPS: readonly { readonly id: string; readonly label: string }[] = [
  { id: KNOWN_APPS.lineOfBusiness, label: "any app" },
  { id: KNOWN_APPS.exchangeOnline, label: "Office 365" },
  { id: KNOWN_APPS.azureManagement, label: "Azure management" },
  { id: KNOWN_APPS.adminCenter, label: "admin portals" },
];

export { RISK_STATES };

/** Every client × key app × sign-in risk × user risk, for one person. */
export function* contexts(): Generator<Pick<SignIn, "clientAppType" | "applicationId" | "signInRisk" | "userRisk"> & { readonly appLabel: string }> {
  for (const clientAppType of SIGN_IN_CLIENT_APP_TYPES)
    for (const app of KEY_APPS)
      for (const signInRisk of RISK_STATES)
        for (const userRisk of RISK_STATES) yield { clientAppType, applicationId: app.id, appLabel: app.label, signInRisk, userRisk };
}
