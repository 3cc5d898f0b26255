import { factsOf, grantOf, GraphGrantControls, isLegacyClient, SIGN_IN_CLIENT_APP_TYPES } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { allAdminRoles, appName, clientAppName, count, grantName, groupName, listOf, roleName, userName } from "./names";

/** The client app types a policy applies to, "all" and an empty list expanded. */
export function clientAppsOf(policy: ConditionalAccessPolicy): string[] {
  const covered = factsOf(policy).clientAppTypes;
  return SIGN_IN_CLIENT_APP_TYPES.filter((c) => covered.has(c));
}

/** Whether the policy targets exactly the legacy clients (Exchange ActiveSync and other clients). */
export function isLegacyOnly(policy: ConditionalAccessPolicy): boolean {
  const clients = clientAppsOf(policy);
  return clients.length > 0 && clients.every(isLegacyClient);
}

/** Whether the grant blocks access. */
export function blocks(grant: GraphGrantControls | null | undefined): boolean {
  return grantOf({ grantControls: grant })?.block === true;
}

/** "are now blocked" / "now need MFA". */
export function nowNeed(grant: GraphGrantControls | null | undefined): string {
  return blocks(grant) ? "are now blocked" : `now need ${grantName(grant)}`;
}

/** "are no longer blocked" / "lose MFA". */
export function loses(grant: GraphGrantControls | null | undefined): string {
  return blocks(grant) ? "are no longer blocked" : `lose ${grantName(grant)}`;
}

/** "2 admin roles" / "1 directory role". */
export function rolesPhrase(ids: readonly string[]): string {
  return count(ids.length, allAdminRoles(ids) ? "admin role" : "directory role");
}

/** Who the policy includes, e.g. "all users", "14 admin roles", "group …". */
export function whoIncluded(policy: ConditionalAccessPolicy, breakGlassUsers: readonly string[] = []): string {
  const u = factsOf(policy).users;
  if (u.includeUsers.includes("All")) return "all users";
  const parts = [
    ...u.includeUsers.map((id) => userName(id, breakGlassUsers)),
    ...u.includeGroups.map((id) => groupName(id, [])),
    ...(u.includeRoles.length > 0 ? [rolesPhrase(u.includeRoles)] : []),
  ];
  const guests = factsOf(policy).users.includeGuestsOrExternalUsers;
  if (guests) parts.push(`guest or external users (${[...guests.types].join(", ")}${guests.tenants === "all" ? "" : ", some tenants"})`);
  return parts.length > 0 ? listOf(parts) : "no one";
}

/** The apps and user actions the policy targets, in words. */
export function appsIncluded(policy: ConditionalAccessPolicy): string {
  const a = factsOf(policy).applications;
  const names = [...a.includeApplications, ...a.includeUserActions].map(appName);
  return names.length > 0 ? listOf(names) : "no app";
}

/** Role names, for a sentence: "Global Administrator, Security Administrator and 10 more". */
export function roleNames(ids: readonly string[]): string {
  return listOf(ids.map(roleName));
}

/** What the policy does, e.g. "MFA for all users on all cloud apps", "a block of legacy authentication for all users". */
export function describePolicy(policy: ConditionalAccessPolicy): string {
  const c = factsOf(policy);
  const clients = clientAppsOf(policy);
  const clientPart = clients.length < 4 ? ` from ${listOf(clients.map(clientAppName))}` : "";
  const risk = [
    ...(c.signInRiskLevels.length > 0 ? [`${listOf(c.signInRiskLevels)} sign-in risk`] : []),
    ...(c.userRiskLevels.length > 0 ? [`${listOf(c.userRiskLevels)} user risk`] : []),
  ];
  const riskPart = risk.length > 0 ? ` at ${risk.join(" or ")}` : "";
  const what = blocks(policy.grantControls) ? (isLegacyOnly(policy) ? "a block of legacy authentication" : "a block") : grantName(policy.grantControls);
  return `${what} for ${whoIncluded(policy)} on ${appsIncluded(policy)}${blocks(policy.grantControls) && isLegacyOnly(policy) ? "" : clientPart}${riskPart}`;
}
