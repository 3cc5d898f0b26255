import { GUID } from "../config/objectIds";
import { appName, roleName } from "../diff/names";
import { ADMIN_PORTAL_APPS, ALL_USERS, AZURE_MANAGEMENT_APPS, GUESTS_OR_EXTERNAL_USERS, NO_USERS, OFFICE_365_APPS } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE, PRIVILEGED_ROLES } from "../policies/wellKnownIds";

/** The kinds of directory object a policy names by id. */
export const NAME_KINDS = ["users", "groups", "roles", "apps"] as const;
export type NameKind = (typeof NAME_KINDS)[number];

/** Display names by object id (apps: by application id), per kind, as the tenant answered them. */
export type DirectoryNames = { readonly [K in NameKind]: ReadonlyMap<string, string> };

/** Where a shown name came from: the tenant (read live), the project's list of well-known ids, or nowhere (the id is shown). */
export type NameSource = "tenant" | "well-known" | "id";

export interface ShownName {
  readonly text: string;
  readonly source: NameSource;
  /** The id the name stands for; absent for the special values (`All`, `GuestsOrExternalUsers` …). */
  readonly id?: string;
}

export const NO_NAMES: DirectoryNames = { users: new Map(), groups: new Map(), roles: new Map(), apps: new Map() };

const SPECIAL_USERS: Readonly<Record<string, string>> = {
  [ALL_USERS]: "all users",
  [NO_USERS]: "no user",
  [GUESTS_OR_EXTERNAL_USERS]: "guests and external users",
};

/** Role template ids and application ids whose names Microsoft publishes: shown without reading the tenant. */
const WELL_KNOWN: { readonly [K in NameKind]: ReadonlyMap<string, string> } = {
  users: new Map(),
  groups: new Map(),
  roles: new Map([...Object.entries(PRIVILEGED_ROLES), [DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE, roleName(DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE)]]),
  apps: new Map([...OFFICE_365_APPS, ...ADMIN_PORTAL_APPS, ...AZURE_MANAGEMENT_APPS]),
};

/** The name of one id a policy lists: the tenant's, then the well-known one, else the id itself. */
export function nameOf(kind: NameKind, id: string, names: DirectoryNames = NO_NAMES): ShownName {
  if (kind === "users" && SPECIAL_USERS[id]) return { text: SPECIAL_USERS[id], source: "well-known" };
  if (kind === "roles" && id === ALL_USERS) return { text: "all roles", source: "well-known" };
  if (kind === "apps" && !/^[0-9a-f]{8}-/i.test(id)) return { text: appName(id), source: "well-known" };
  const key = id.toLowerCase();
  const fromTenant = names[kind].get(key);
  if (fromTenant !== undefined) return { text: fromTenant, source: "tenant", id };
  const known = WELL_KNOWN[kind].get(key);
  if (known !== undefined) return { text: known, source: "well-known", id };
  return { text: id, source: "id", id };
}

/** Every id the policies name, per kind (special values such as `All` apart), each once, lower case: what to resolve. */
export function idsToResolve(policies: readonly ConditionalAccessPolicy[]): { readonly [K in NameKind]: readonly string[] } {
  const sets = { users: new Set<string>(), groups: new Set<string>(), roles: new Set<string>(), apps: new Set<string>() };
  const add = (kind: NameKind, ids: readonly string[]) => {
    for (const id of ids) if (GUID.test(id)) sets[kind].add(id.toLowerCase());
  };
  for (const p of policies) {
    const u = p.conditions.users;
    add("users", [...u.includeUsers, ...u.excludeUsers]);
    add("groups", [...u.includeGroups, ...u.excludeGroups]);
    add("roles", [...u.includeRoles, ...u.excludeRoles]);
    add("apps", [...p.conditions.applications.includeApplications, ...p.conditions.applications.excludeApplications]);
  }
  return { users: [...sets.users], groups: [...sets.groups], roles: [...sets.roles], apps: [...sets.apps] };
}
