import { AZURE_SERVICE_MANAGEMENT_API, EXCHANGE_ONLINE, OFFICE_365_PORTAL } from "../policies/facts";

export { ADMIN_PORTAL_APPS, AZURE_MANAGEMENT_APPS, OFFICE_365_APPS } from "../policies/facts";

/** Apps the coverage report signs in to, one of each kind the baseline's policies name. */
export const KNOWN_APPS = {
  /** A line-of-business app: in "All" only. */
  lineOfBusiness: "5e1c0f2a-0000-4000-8000-00000000a991",
  /** Exchange Online: in Office 365. */
  exchangeOnline: EXCHANGE_ONLINE,
  /** Windows Azure Service Management API (its suite: portal, CLI, PowerShell, ARM). */
  azureManagement: AZURE_SERVICE_MANAGEMENT_API,
  /** Microsoft 365 admin center (Office 365 portal): in Microsoft Admin Portals and in Office 365. */
  adminCenter: OFFICE_365_PORTAL,
} as const;
