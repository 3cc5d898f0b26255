/**
 * The special application values of Conditional Access ("All", "None", "Office365",
 * "MicrosoftAdminPortals") and the apps this project knows to belong to them.
 *
 * Microsoft's real groups are larger and change over time; this map covers the apps the
 * coverage report signs in to plus a few common ones. Any other app is matched by its id only,
 * so a policy on "Office365" does not apply to an Office app missing here (docs/whatif.md).
 */
export const KNOWN_APPS = {
  /** A line-of-business app: in "All" only. */
  lineOfBusiness: "5e1c0f2a-0000-4000-8000-00000000a991",
  /** Exchange Online: in Office 365. */
  exchangeOnline: "00000002-0000-0ff1-ce00-000000000000",
  /** Windows Azure Service Management API (portal, CLI, PowerShell, ARM). */
  azureManagement: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
  /** Microsoft 365 admin center (Office 365 portal): in Microsoft Admin Portals and in Office 365. */
  adminCenter: "00000006-0000-0ff1-ce00-000000000000",
} as const;

/** SharePoint Online. */
const SHAREPOINT = "00000003-0000-0ff1-ce00-000000000000";
/** Microsoft Teams. */
const TEAMS = "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe";
/** Azure portal. */
const AZURE_PORTAL = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";

/** Apps this project treats as members of the "Office365" suite. */
export const OFFICE365_APPS: ReadonlySet<string> = new Set<string>([KNOWN_APPS.exchangeOnline, KNOWN_APPS.adminCenter, SHAREPOINT, TEAMS]);
/** Apps this project treats as members of "MicrosoftAdminPortals". */
export const ADMIN_PORTAL_APPS: ReadonlySet<string> = new Set<string>([KNOWN_APPS.adminCenter, AZURE_PORTAL]);

/** Whether a policy's application value (an id, "All", "None", "Office365", "MicrosoftAdminPortals") covers the app. */
export function appMatches(value: string, applicationId: string): boolean {
  switch (value) {
    case "All":
      return true;
    case "None":
      return false;
    case "Office365":
      return OFFICE365_APPS.has(applicationId);
    case "MicrosoftAdminPortals":
      return ADMIN_PORTAL_APPS.has(applicationId);
    default:
      return value === applicationId;
  }
}

/**
 * A policy's application list (`includeApplications` or `excludeApplications`) compiled once
 * into a test: the union of its values, each as {@link appMatches} reads it.
 */
export function appListMatcher(values: readonly string[]): (applicationId: string) => boolean {
  if (values.includes("All")) return () => true;
  const ids = new Set(values.filter((v) => v !== "None" && v !== "Office365" && v !== "MicrosoftAdminPortals"));
  const office365 = values.includes("Office365");
  const adminPortals = values.includes("MicrosoftAdminPortals");
  if (ids.size === 0 && !office365 && !adminPortals) return () => false;
  return (applicationId) => ids.has(applicationId) || (office365 && OFFICE365_APPS.has(applicationId)) || (adminPortals && ADMIN_PORTAL_APPS.has(applicationId));
}
