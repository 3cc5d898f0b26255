import { KNOWN_APPS } from "./applications";
import type { RiskState, SignIn } from "./signIn";

/** The client app types a sign-in can have: two modern, two legacy. */
export const CLIENT_APP_TYPES: readonly SignIn["clientAppType"][] = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"];

/** Whether the client is a modern one (it can do MFA); `exchangeActiveSync` and `other` are legacy authentication. */
export const isModernClient = (clientAppType: SignIn["clientAppType"]): boolean => clientAppType === "browser" || clientAppType === "mobileAppsAndDesktopClients";

/** One app of each kind the baseline's policies name: any app, the Office 365 suite, Azure management, the admin portals. */
export const KEY_APPS: readonly { readonly id: string; readonly label: string }[] = [
  { id: KNOWN_APPS.lineOfBusiness, label: "any app" },
  { id: KNOWN_APPS.exchangeOnline, label: "Office 365" },
  { id: KNOWN_APPS.azureManagement, label: "Azure management" },
  { id: KNOWN_APPS.adminCenter, label: "admin portals" },
];

/** The risk levels Identity Protection gives a sign-in or a user (`hidden` is never a sign-in's own state). */
export const RISK_STATES: readonly RiskState[] = ["none", "low", "medium", "high"];

/** Every client × key app × sign-in risk × user risk, for one person. */
export function* contexts(): Generator<Pick<SignIn, "clientAppType" | "applicationId" | "signInRisk" | "userRisk"> & { readonly appLabel: string }> {
  for (const clientAppType of CLIENT_APP_TYPES)
    for (const app of KEY_APPS)
      for (const signInRisk of RISK_STATES)
        for (const userRisk of RISK_STATES) yield { clientAppType, applicationId: app.id, appLabel: app.label, signInRisk, userRisk };
}
