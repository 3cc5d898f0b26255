/**
 * Directory role template ids of Microsoft's "Require multifactor authentication for admins"
 * template (c7503427-338e-4c5e-902d-abe252abfb43): the roles Security Defaults protects.
 */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = {
  "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
  "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
  "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
  "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
  "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
  "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
  "b0f54661-2d74-4c50-afa3-1ec803f12efe": "Billing Administrator",
  "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
  "c4e39bd9-1100-46d3-8c65-fb160da0071f": "Authentication Administrator",
  "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
  "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
  "966707d0-3269-4727-9be2-8c3a10f19b9d": "Password Administrator",
  "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
  "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
};

export const PRIVILEGED_ROLE_IDS: readonly string[] = Object.keys(PRIVILEGED_ROLES);

/** Directory Synchronization Accounts: Microsoft's all-users template excludes it so Entra Connect keeps syncing. */
export const DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE = "d29b2b05-8046-44ba-8758-1e26182fcf32";

/** Windows Azure Service Management API: the Azure portal, CLI, PowerShell and ARM. */
export const AZURE_MANAGEMENT_APP_ID = "797f4846-ba00-4fd7-ba43-dac1f8f63013";

/** Built-in authentication strength "Phishing-resistant MFA". */
export const PHISHING_RESISTANT_STRENGTH_ID = "00000000-0000-0000-0000-000000000004";

/** Prefix of every display name this project declares, so its policies are recognisable in the portal and in Graph. */
export const DISPLAY_NAME_PREFIX = "entra-baseline:";

/** Graph's state for report-only. */
export const REPORT_ONLY = "enabledForReportingButNotEnforced";
