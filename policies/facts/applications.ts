import { ALL_APPS, canonicalValue, MICROSOFT_ADMIN_PORTALS, NO_APPS, OFFICE_365 } from "./vocabulary";

/**
 * Which application ids the special application values stand for, by Microsoft's published
 * membership ("Conditional Access: Target resources"; "Apps included in Conditional Access Office
 * 365 app suite"). A sign-in names the resource it signs in to by application (client) id.
 */

/** Windows Azure Service Management API (Azure Resource Manager). */
export const AZURE_SERVICE_MANAGEMENT_API = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
/** Azure portal, which also covers the Microsoft Entra admin center. */
export const AZURE_PORTAL = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";
/** Microsoft Office 365 Portal: the Microsoft 365 admin center. */
export const OFFICE_365_PORTAL = "00000006-0000-0ff1-ce00-000000000000";
export const EXCHANGE_ONLINE = "00000002-0000-0ff1-ce00-000000000000";
export const SHAREPOINT_ONLINE = "00000003-0000-0ff1-ce00-000000000000";
export const EXCHANGE_ADMIN_CENTER = "497effe9-df71-4043-a8bb-14cf78c4b63b";
/** Microsoft 365 Security and Compliance Center (Protection Center). */
export const PROTECTION_CENTER = "80ccca67-54bd-44ab-8625-4b79c4dc7775";
export const AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
export const AZURE_POWERSHELL = "1950a258-227b-4e31-a9cf-717495945fc2";

/** Office 365 suite members whose application ids Microsoft publishes or that are well known (the full list changes over time). */
export const OFFICE_365_APPS: ReadonlyMap<string, string> = new Map([
  [EXCHANGE_ONLINE, "Office 365 Exchange Online"],
  [SHAREPOINT_ONLINE, "Office 365 SharePoint Online"],
  ["00000004-0000-0ff1-ce00-000000000000", "Skype for Business Online"],
  ["00000005-0000-0ff1-ce00-000000000000", "Viva Engage (Yammer)"],
  [OFFICE_365_PORTAL, "Microsoft Office 365 Portal"],
  ["cc15fd57-2c6c-4117-a88c-83b1d56b4bbe", "Microsoft Teams Services"],
  ["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"],
  ["5e3ce6c0-2b1f-4285-8d4b-75ee78787346", "Microsoft Teams Web Client"],
  ["d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office"],
  ["4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome"],
  ["72782ba9-4490-4f03-8d82-562370ea3566", "Office 365"],
  ["66a88757-258c-4c72-893c-3e8bed4d6899", "Office 365 Search Service"],
  ["94c63fef-13a3-47bc-8074-75af8c65887a", "Office Delve"],
  ["905fcf26-4eb7-48a0-9ff0-8dcc7194b5ba", "Sway"],
  ["c9a559d2-7aab-4f13-a6ed-e7e9c52aec87", "Microsoft Forms"],
  ["475226c6-020e-4fb2-8a90-7a972cbfc1d4", "PowerApps Service"],
  ["ab9b8c07-8f02-4f72-87fa-80105867a763", "OneDrive SyncEngine"],
  ["2d4d3d8e-2be3-4bef-9f87-7875a61c29de", "OneNote"],
]);

/** The application ids Microsoft lists for "Microsoft Admin Portals". */
export const ADMIN_PORTAL_APPS: ReadonlyMap<string, string> = new Map([
  [EXCHANGE_ADMIN_CENTER, "Exchange admin center"],
  [AZURE_PORTAL, "Azure portal"],
  [OFFICE_365_PORTAL, "Microsoft 365 admin center"],
  [PROTECTION_CENTER, "Microsoft 365 Security and Compliance Center"],
]);

/**
 * What a policy on Windows Azure Service Management API is enforced for: Azure Resource Manager,
 * the Azure portal (and Entra admin center), Azure Data Lake, Log Analytics API, and the Azure CLI
 * and Azure PowerShell, which Microsoft groups in the same suite.
 */
export const AZURE_MANAGEMENT_APPS: ReadonlyMap<string, string> = new Map([
  [AZURE_SERVICE_MANAGEMENT_API, "Windows Azure Service Management API"],
  [AZURE_PORTAL, "Azure portal"],
  ["e9f49c6b-5ce5-44c8-925d-015017e9f7ad", "Azure Data Lake"],
  ["ca7f3f0b-7d91-482c-8e09-c5d840d0eac5", "Log Analytics API"],
  [AZURE_CLI, "Azure CLI"],
  [AZURE_POWERSHELL, "Azure PowerShell"],
]);

/** The application ids one value of `includeApplications`/`excludeApplications` stands for ("All" excepted). */
export function applicationsOf(value: string): readonly string[] {
  const v = canonicalValue(value);
  if (v === NO_APPS || v === ALL_APPS) return [];
  if (v === OFFICE_365) return [...OFFICE_365_APPS.keys()];
  if (v === MICROSOFT_ADMIN_PORTALS) return [...ADMIN_PORTAL_APPS.keys()];
  if (v === AZURE_SERVICE_MANAGEMENT_API) return [...AZURE_MANAGEMENT_APPS.keys()];
  return [v];
}

/**
 * A policy's application list compiled once into a test of an application id: "All" covers every
 * app, "None" none, a group its members, an id itself (Windows Azure Service Management API its suite).
 */
export function applicationListMatcher(values: readonly string[]): (applicationId: string) => boolean {
  if (values.some((v) => canonicalValue(v) === ALL_APPS)) return () => true;
  const ids = new Set(values.flatMap(applicationsOf));
  if (ids.size === 0) return () => false;
  return (applicationId) => ids.has(applicationId) || ids.has(applicationId.toLowerCase());
}
