import { defaultAuthenticationMethodsPolicy, defaultMethodConfigurations } from "./authenticationMethods";
import { noRegistrations, RegistrationSource } from "./registrationDetails";

/** What the double's tenant holds; tests set it up and read it back. */
export interface DoubleTenant {
  securityDefaults: boolean;
  /** CA policies by id, as Graph stores them. */
  policies: Map<string, Record<string, any>>;
  skus: Record<string, any>[];
  /** Graph application permissions the app was granted. */
  permissions: Set<string>;
  /** Users with their legacy per-user MFA state. */
  users: Map<string, { id: string; userPrincipalName: string; perUserMfaState: "disabled" | "enabled" | "enforced"; userType?: "Member" | "Guest" }>;
  /** Users in the recycle bin, as Graph lists them: the UPN prefixed with the id without dashes. */
  deletedUsers: { id: string; userPrincipalName: string; userType: "Member" | "Guest" }[];
  /** Named locations by id, as Graph stores them (`@odata.type` ipNamedLocation or countryNamedLocation). */
  namedLocations: Map<string, Record<string, any>>;
  /** The authentication methods policy's registration campaign, as last PATCHed. */
  registrationCampaign: Record<string, unknown>;
  /** The authentication methods policy's own fields (the campaign and the method configurations apart). */
  authenticationMethodsPolicy: Record<string, any>;
  /** Method configurations as Graph returns them. */
  authenticationMethodConfigurations: Record<string, any>[];
  /** Users' registration details (`/reports/authenticationMethods/userRegistrationDetails`), made on demand. */
  registrationDetails: RegistrationSource;
  /** `authorizationPolicy.allowedToUseSSPR` (administrators' SSPR). */
  adminSspr: boolean;
  /** Members by group id: users, and nested groups of this map, which `transitiveMembers` expands. */
  groupMembers: Map<string, string[]>;
  /** Active directory role assignments (role template id, principal). */
  roleAssignments: { roleDefinitionId: string; principalId: string }[];
  /** Users and groups by object id, as `directoryObjects/getByIds` returns them. */
  directoryObjects: Map<string, { "@odata.type": "#microsoft.graph.user" | "#microsoft.graph.group"; id: string; displayName: string }>;
  /** Role display names by template id (`roleManagement/directory/roleDefinitions`). */
  roleDefinitions: Map<string, string>;
  /** Service principal display names by application id. */
  servicePrincipals: Map<string, string>;
}

export const ALL_PERMISSIONS = [
  "Policy.Read.All",
  "Policy.ReadWrite.ConditionalAccess",
  "Policy.ReadWrite.SecurityDefaults",
  "Organization.Read.All",
  "User.Read.All",
  "Policy.ReadWrite.AuthenticationMethod",
  "AuditLog.Read.All",
  "GroupMember.Read.All",
  "RoleManagement.Read.Directory",
  "Directory.Read.All",
  "Application.Read.All",
];

export function newTenant(): DoubleTenant {
  return {
    securityDefaults: true,
    policies: new Map(),
    skus: [
      {
        id: "sku-e5",
        skuPartNumber: "SPE_E5",
        capabilityStatus: "Enabled",
        servicePlans: [
          { servicePlanName: "AAD_PREMIUM", provisioningStatus: "Success" },
          { servicePlanName: "AAD_PREMIUM_P2", provisioningStatus: "Success" },
        ],
      },
    ],
    permissions: new Set(ALL_PERMISSIONS),
    users: new Map(),
    deletedUsers: [],
    authenticationMethodsPolicy: defaultAuthenticationMethodsPolicy(),
    registrationDetails: noRegistrations(),
    adminSspr: true,
    groupMembers: new Map(),
    roleAssignments: [],
    directoryObjects: new Map(),
    roleDefinitions: new Map(),
    servicePrincipals: new Map(),
    authenticationMethodConfigurations: defaultMethodConfigurations(),
    namedLocations: new Map(),
    registrationCampaign: {
      state: "default",
      snoozeDurationInDays: 1,
      includeTargets: [{ id: "all_users", targetType: "group", targetedAuthenticationMethod: "microsoftAuthenticator" }],
      excludeTargets: [],
    },
  };
}

/** Whether the tenant's SKUs carry Entra ID P2 (risk conditions need it). */
export const hasP2 = (tenant: DoubleTenant) =>
  tenant.skus.some((sku) => sku.servicePlans.some((sp: { servicePlanName: string }) => sp.servicePlanName === "AAD_PREMIUM_P2"));
