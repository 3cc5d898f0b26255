import type { PlannedPolicies } from "./plannedPolicies";
import { factsOf, GUEST_OR_EXTERNAL_USER_TYPES, GUESTS_OR_EXTERNAL_USERS, GuestOrExternalUserType } from "../policies/facts";
import { DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE, PRIVILEGED_ROLES } from "../policies/wellKnownIds";
import { excludedByText } from "./exclusions";
import type { SignIn } from "./signIn";

export type PersonaKind =
  | "admin"
  | "member"
  | "guest"
  | "breakGlass"
  | "directorySync"
  | "serviceAccount"
  | "pilot"
  | "includedGroup"
  | "unknownPlatform"
  | "untrustedLocation"
  | "unregisteredDevice"
  | "managedDevice"
  | "hybridJoinedDevice"
  | "deviceCodeFlow";

/** The home tenant the simulated external users come from. */
export const EXTERNAL_TENANT = "e0e0e0e0-0000-4000-8000-00000000e71e";
/** An address in no named location (documentation range, RFC 5737). */
export const UNTRUSTED_ADDRESS = "198.51.100.23";

/** Someone who signs in, as the coverage report imagines them. */
export interface Persona {
  readonly id: string;
  readonly label: string;
  readonly kind: PersonaKind;
  readonly who: Pick<SignIn, "userId" | "groupIds" | "roleIds" | "userType" | "guestOrExternalUserType" | "homeTenantId">;
  /** Where this persona signs in from, when not from the report's default (a Windows device, no named location). */
  readonly where?: Pick<SignIn, "devicePlatform" | "ipAddress" | "countryCode" | "device" | "authenticationFlow">;
  /** Why a gap for this persona is a documented choice rather than a mistake. */
  readonly deliberate?: string;
}

const person = (userId: string, groupIds: string[] = [], roleIds: string[] = [], userType: "member" | "guest" = "member") => ({
  userId,
  groupIds,
  roleIds,
  userType,
});

/** A Windows device joined to Microsoft Entra ID, enrolled in Intune and marked compliant. */
export const COMPLIANT_DEVICE: NonNullable<SignIn["device"]> = {
  deviceId: "d0d0d0d0-0000-4000-8000-00000000c0de",
  displayName: "CONTOSO-LAPTOP-7",
  trustType: "AzureAD",
  isCompliant: true,
  isManaged: true,
  deviceOwnership: "Company",
  operatingSystem: "Windows",
  operatingSystemVersion: "10.0.22631",
  mdmAppId: "0000000a-0000-0000-c000-000000000000",
  profileType: "RegisteredDevice",
};
/** A Windows device joined to the on-premises domain and registered in Microsoft Entra ID (hybrid joined), not enrolled. */
export const HYBRID_JOINED_DEVICE: NonNullable<SignIn["device"]> = {
  deviceId: "d0d0d0d0-0000-4000-8000-0000000040ad",
  displayName: "CONTOSO-DESKTOP-3",
  trustType: "ServerAD",
  isCompliant: false,
  isManaged: false,
  deviceOwnership: "Company",
  operatingSystem: "Windows",
  operatingSystemVersion: "10.0.19045",
  profileType: "RegisteredDevice",
};

/** The policies (display names) whose users condition matches `pick`. */
const namesOf = (policies: PlannedPolicies["conditionalAccessPolicies"], pick: (users: ReturnType<typeof factsOf>["users"]) => boolean) =>
  policies.filter((p) => pick(factsOf(p).users)).map((p) => factsOf(p).displayName);

/** A guest or external user of one type: from another tenant, except a local (internal) guest. */
function guestOf(type: GuestOrExternalUserType): Persona["who"] {
  return {
    ...person(`guest-${type}`, [], [], type === "b2bCollaborationMember" ? "member" : "guest"),
    guestOrExternalUserType: type,
    ...(type === "internalGuest" ? {} : { homeTenantId: EXTERNAL_TENANT }),
  };
}

/** The personas a plan's policies speak of: every admin role, member, guest, break-glass, sync, exclusions, pilot. */
export function personasOf(plan: PlannedPolicies): Persona[] {
  const breakGlassUsers = new Set(plan.breakGlass.users.map((id) => id.toLowerCase()));
  const breakGlassGroups = new Set(plan.breakGlass.groups.map((id) => id.toLowerCase()));
  const policies = plan.conditionalAccessPolicies;
  const roles = new Map<string, string>(Object.entries(PRIVILEGED_ROLES));
  for (const p of policies) for (const r of factsOf(p).users.includeRoles) if (!roles.has(r)) roles.set(r, `role ${r}`);

  const personas: Persona[] = [...roles].map(([id, name]) => ({
    id: `admin:${id}`,
    label: name,
    kind: "admin" as const,
    who: person(`admin-${id}`, [], [id]),
  }));
  personas.push({ id: "member", label: "member", kind: "member", who: person("member") });
  personas.push({
    id: "member:unknownPlatform",
    label: "member on an unknown platform",
    kind: "unknownPlatform",
    who: person("member"),
    where: { devicePlatform: "unknown" },
  });
  personas.push({
    id: "member:untrustedLocation",
    label: "member at an untrusted address",
    kind: "untrustedLocation",
    who: person("member"),
    where: { devicePlatform: "windows", ipAddress: UNTRUSTED_ADDRESS },
  });
  // Device state: what device controls and filters read (the default sign-in's device is unregistered).
  personas.push({
    id: "member:unregisteredDevice",
    label: "member on an unregistered device",
    kind: "unregisteredDevice",
    who: person("member"),
    where: { devicePlatform: "windows" },
  });
  personas.push({
    id: "member:compliantDevice",
    label: "member on a compliant managed device",
    kind: "managedDevice",
    who: person("member"),
    where: { devicePlatform: "windows", device: COMPLIANT_DEVICE },
  });
  personas.push({
    id: "member:hybridJoinedDevice",
    label: "member on a hybrid joined device",
    kind: "hybridJoinedDevice",
    who: person("member"),
    where: { devicePlatform: "windows", device: HYBRID_JOINED_DEVICE },
  });
  personas.push({
    id: "member:deviceCodeFlow",
    label: "member signing in with device code flow",
    kind: "deviceCodeFlow",
    who: person("member"),
    where: { devicePlatform: "windows", device: COMPLIANT_DEVICE, authenticationFlow: "deviceCodeFlow" },
  });
  // "guest" is a B2B collaboration guest, the guest the admin center has always meant; then every other type.
  personas.push({ id: "guest", label: "guest", kind: "guest", who: guestOf("b2bCollaborationGuest") });
  for (const type of GUEST_OR_EXTERNAL_USER_TYPES.filter((t) => t !== "b2bCollaborationGuest")) {
    personas.push({ id: `guest:${type}`, label: `guest or external user: ${type}`, kind: "guest", who: guestOf(type) });
  }
  for (const id of plan.breakGlass.users) personas.push({ id: `breakGlass:${id}`, label: `break-glass ${id}`, kind: "breakGlass", who: person(id) });
  for (const id of plan.breakGlass.groups)
    personas.push({ id: `breakGlassGroup:${id}`, label: `break-glass group member ${id}`, kind: "breakGlass", who: person(`member-of-${id}`, [id]) });
  personas.push({
    id: "directorySync",
    label: "Directory Synchronization account",
    kind: "directorySync",
    who: person("directory-sync", [], [DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE]),
    deliberate: "Microsoft's all-users MFA template excludes the Directory Synchronization Accounts role so Entra Connect keeps syncing",
  });
  const excludedUsers = new Set(
    policies.flatMap((p) => factsOf(p).users.excludeUsers).filter((id) => !breakGlassUsers.has(id) && id !== GUESTS_OR_EXTERNAL_USERS),
  );
  for (const id of excludedUsers) {
    personas.push({
      id: `service:${id}`,
      label: `excluded service account ${id}`,
      kind: "serviceAccount",
      who: person(id),
      deliberate: excludedByText(
        namesOf(policies, (u) => u.excludeUsers.includes(id)),
        ["excludeUsers"],
      ),
    });
  }
  const excludedGroups = new Set(policies.flatMap((p) => factsOf(p).users.excludeGroups).filter((id) => !breakGlassGroups.has(id)));
  for (const id of excludedGroups) {
    personas.push({
      id: `serviceGroup:${id}`,
      label: `excluded group member ${id}`,
      kind: "serviceAccount",
      who: person(`member-of-${id}`, [id]),
      deliberate: excludedByText(
        namesOf(policies, (u) => u.excludeGroups.includes(id)),
        ["excludeGroups"],
      ),
    });
  }
  // The pilot group is a pilot only when the stack sets pilotGroup; any other included group is just a group.
  const pilot = plan.pilotGroup?.toLowerCase();
  const included = new Set(policies.flatMap((p) => factsOf(p).users.includeGroups).filter((id) => !breakGlassGroups.has(id)));
  for (const id of included) {
    if (id === pilot) personas.push({ id: `pilot:${id}`, label: `pilot member ${id}`, kind: "pilot", who: person(`pilot-${id}`, [id]) });
    else
      personas.push({
        id: `group:${id}`,
        label: `member of group ${id} (included by ${namesOf(policies, (u) => u.includeGroups.includes(id))
          .map((name) => `"${name}"`)
          .join(", ")})`,
        kind: "includedGroup",
        who: person(`member-of-${id}`, [id]),
      });
  }
  return personas;
}
