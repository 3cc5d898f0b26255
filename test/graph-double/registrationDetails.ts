import type { Answer, GraphDouble } from "./server";
import { graphError, graphOk } from "./server";

/** A tenant's users' registration details, made on demand by index so a 100,000-user tenant costs no memory in the double. */
export interface RegistrationSource {
  readonly count: number;
  at(index: number): Record<string, unknown>;
}

export const noRegistrations = (): RegistrationSource => ({ count: 0, at: () => ({}) });

/** The object id of the i-th user of {@link mixedRegistrations}. */
export const userIdOf = (i: number) => `0000${i.toString(16).padStart(4, "0").slice(-4)}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/**
 * Users in mixed states, by i % 10: 0-2 Authenticator push, 3 Authenticator and SMS, 4 a passkey,
 * 5 SMS only, 6 nothing, 7 office phone only, 8 Authenticator and email, 9 a software OATH code only
 * (registered, but not capable while the policy has software OATH off). Every 50th user is an admin,
 * every 20th (from 7) a guest; SSPR is enabled for i % 3 != 0 and registered with two methods or more.
 * The record is Graph's full v1.0 shape, nulls included.
 */
export function mixedRegistrations(count: number): RegistrationSource {
  const METHODS: string[][] = [
    ["microsoftAuthenticatorPush"],
    ["microsoftAuthenticatorPush"],
    ["microsoftAuthenticatorPush"],
    ["microsoftAuthenticatorPush", "mobilePhone"],
    ["passKeyDeviceBound"],
    ["mobilePhone"],
    [],
    ["officePhone"],
    ["microsoftAuthenticatorPush", "email"],
    ["softwareOneTimePasscode"],
  ];
  return {
    count,
    at(i) {
      const methods = METHODS[i % 10];
      const registered = methods.some((m) => m !== "email");
      const ssprEnabled = i % 3 !== 0;
      const ssprRegistered = methods.length >= 2;
      return {
        id: userIdOf(i),
        userPrincipalName: `user${i}@contoso.example`,
        userDisplayName: `User ${i}`,
        userType: i % 20 === 7 ? "guest" : "member",
        isAdmin: i % 50 === 0,
        isSsprRegistered: ssprRegistered,
        isSsprEnabled: ssprEnabled,
        isSsprCapable: ssprEnabled && ssprRegistered,
        isMfaRegistered: registered,
        isMfaCapable: registered && i % 10 !== 9,
        isPasswordlessCapable: i % 10 === 4,
        methodsRegistered: methods,
        isSystemPreferredAuthenticationMethodEnabled: false,
        systemPreferredAuthenticationMethods: [],
        userPreferredMethodForSecondaryAuthentication: registered ? "push" : null,
        lastUpdatedDateTime: "2026-11-01T08:00:00Z",
      };
    },
  };
}

const REGISTRATION_PATH = "/v1.0/reports/authenticationMethods/userRegistrationDetails";
const denied = () => graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
const hasP1 = (double: GraphDouble) =>
  double.tenant.skus.some((sku) =>
    sku.servicePlans.some((sp: { servicePlanName: string }) => sp.servicePlanName === "AAD_PREMIUM" || sp.servicePlanName === "AAD_PREMIUM_P2"),
  );

function pageOf(double: GraphDouble, url: URL, total: number, item: (i: number) => unknown, context: string): Answer {
  const skip = Number(url.searchParams.get("$skiptoken") ?? "0");
  const top = Math.min(Number(url.searchParams.get("$top") ?? double.pageSize) || double.pageSize, 999);
  const value = [];
  for (let i = skip; i < Math.min(skip + top, total); i++) value.push(item(i));
  const next = skip + top < total ? new URL(url.toString()) : undefined;
  next?.searchParams.set("$skiptoken", String(skip + top));
  return { status: 200, body: { "@odata.context": context, value, ...(next ? { "@odata.nextLink": `${double.url}${next.pathname}${next.search}` } : {}) } };
}

/** The registration report, the authorization policy, group members and role assignments; `undefined` when not their route. */
export function registrationRoutes(double: GraphDouble, method: string, url: URL): Answer | undefined {
  if (method !== "GET") return undefined;
  const t = double.tenant;
  const can = (p: string) => t.permissions.has(p);
  if (url.pathname === REGISTRATION_PATH) {
    if (!can("AuditLog.Read.All")) return denied();
    if (!hasP1(double))
      return graphError(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license");
    const source = t.registrationDetails;
    return pageOf(
      double,
      url,
      source.count,
      (i) => source.at(i),
      "https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails",
    );
  }
  if (url.pathname === "/v1.0/policies/authorizationPolicy") {
    if (!can("Policy.Read.All")) return denied();
    return graphOk("policies/authorizationPolicy/$entity", {
      id: "authorizationPolicy",
      allowInvitesFrom: "everyone",
      allowedToSignUpEmailBasedSubscriptions: true,
      allowedToUseSSPR: t.adminSspr,
      allowEmailVerifiedUsersToJoinOrganization: false,
      blockMsolPowerShell: null,
      displayName: "Authorization Policy",
      description: "Used to manage authorization related settings across the company.",
      guestUserRoleId: "10dae51f-b6af-4016-8d66-8c2a99b929b3",
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateSecurityGroups: true,
        allowedToReadOtherUsers: true,
        permissionGrantPoliciesAssigned: [],
      },
    });
  }
  const members = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/.exec(url.pathname);
  if (members) {
    if (!can("GroupMember.Read.All")) return denied();
    const ids = t.groupMembers.has(members[1]) ? transitiveUsers(t.groupMembers, members[1]) : undefined;
    if (!ids)
      return graphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${members[1]}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return pageOf(
      double,
      url,
      ids.length,
      (i) => ({ "@odata.type": "#microsoft.graph.user", id: ids[i] }),
      "https://graph.microsoft.com/v1.0/$metadata#directoryObjects(id)",
    );
  }
  if (url.pathname === "/v1.0/roleManagement/directory/roleAssignments") {
    if (!can("RoleManagement.Read.Directory")) return denied();
    const role = /roleDefinitionId eq '([^']+)'/.exec(url.searchParams.get("$filter") ?? "")?.[1];
    const matching = t.roleAssignments.filter((a) => role === undefined || a.roleDefinitionId === role);
    return pageOf(
      double,
      url,
      matching.length,
      (i) => ({ principalId: matching[i].principalId }),
      "https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleAssignments(principalId)",
    );
  }
  return undefined;
}

/**
 * A group's users as `transitiveMembers/microsoft.graph.user` lists them: a member that is itself a group of the tenant
 * (a nested group) is expanded, never listed, each group read once (Graph tolerates membership cycles).
 */
function transitiveUsers(groups: ReadonlyMap<string, readonly string[]>, group: string, seen = new Set<string>([group])): string[] {
  const users = new Set<string>();
  for (const id of groups.get(group) ?? []) {
    if (!groups.has(id)) users.add(id);
    else if (!seen.has(id)) {
      seen.add(id);
      for (const nested of transitiveUsers(groups, id, seen)) users.add(nested);
    }
  }
  return [...users];
}
