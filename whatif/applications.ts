/**
 * The special application values of Conditional Access, and the apps this project knows to
 * belong to them. Microsoft's real groups are larger and change; this map covers the apps the
 * coverage report signs in to, and any app can be named by its id.
 */
export const KNOWN_APPS = {
  /** A line-of-business app: in "All" only. */
  lineOfBusiness: "5e1c0f2a-0000-4000-8000-00000000a991",
  /** Exchange Online: in Office 365. */
  exchangeOnline: "00000002-0000-0ff1-ce00-000000000000",
  /** Windows Azure Service Management API (portal, CLI, PowerShell, ARM). */
  azureManagement: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
  /** Microsoft 365 admin center: in Microsoft Admin Portals (and Office 365). */
  adminCenter: "00000006-0000-0ff1-ce00-000000000000",
} as const;

const OFFICE365 = new Set<string>([KNOWN_APPS.exchangeOnline, KNOWN_APPS.adminCenter, "00000003-0000-0ff1-ce00-000000000000" /* SharePoint */, "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe" /* Teams */]);
const ADMIN_PORTALS = new Set<string>([KNOWN_APPS.adminCenter, "c44b4083-3bb0-49c1-b47d-974e53cbdf3c" /* Azure portal */]);

/** Whether a policy's application value (an id, "All", "None", "Office365", "MicrosoftAdminPortals") covers the app. */
export function appMatches(value: string, applicationId: string): boolean {
  switch (value) {
    case "All":
      return true;
    case "None":
      return false;
    case "Office365":
      return OFFICE365.has(applicationId);
    case "MicrosoftAdminPortals":
      return ADMIN_PORTALS.has(applicationId);
    default:
      return value === applicationId;
  }
}
