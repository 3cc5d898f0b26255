import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { NameKind } from "./names";

/** One principal some policy excludes, and which. */
export interface Exclusion {
  readonly kind: NameKind | "guests";
  /** An object id, a role template id, or (guests) the guest or external user types as Graph lists them. */
  readonly id: string;
  readonly breakGlass: boolean;
  /** Display names of the policies that exclude it, in the plan's order. */
  readonly from: readonly string[];
  /** Display names of the policies that do not: for break-glass, where emergency access is not excluded. */
  readonly notFrom: readonly string[];
}

/** Who is excluded from what: every excluded user, group, role and guest type, break-glass first, with the policies on each side. */
export function exclusionsOf(
  policies: readonly ConditionalAccessPolicy[],
  breakGlass: { readonly users: readonly string[]; readonly groups: readonly string[] },
): Exclusion[] {
  const byKey = new Map<string, { kind: Exclusion["kind"]; id: string; from: Set<string> }>();
  const add = (kind: Exclusion["kind"], id: string, policy: string) => {
    const key = `${kind}|${id.toLowerCase()}`;
    const entry = byKey.get(key) ?? { kind, id, from: new Set<string>() };
    entry.from.add(policy);
    byKey.set(key, entry);
  };
  for (const bg of breakGlass.users) byKey.set(`users|${bg.toLowerCase()}`, { kind: "users", id: bg, from: new Set() });
  for (const bg of breakGlass.groups) byKey.set(`groups|${bg.toLowerCase()}`, { kind: "groups", id: bg, from: new Set() });
  for (const p of policies) {
    const u = p.conditions.users;
    for (const id of u.excludeUsers) add("users", id, p.displayName);
    for (const id of u.excludeGroups) add("groups", id, p.displayName);
    for (const id of u.excludeRoles) add("roles", id, p.displayName);
    if (u.excludeGuestsOrExternalUsers) add("guests", u.excludeGuestsOrExternalUsers.guestOrExternalUserTypes, p.displayName);
  }
  const isBreakGlass = (kind: Exclusion["kind"], id: string) =>
    (kind === "users" && breakGlass.users.some((b) => b.toLowerCase() === id.toLowerCase())) ||
    (kind === "groups" && breakGlass.groups.some((b) => b.toLowerCase() === id.toLowerCase()));
  return [...byKey.values()]
    .map(({ kind, id, from }) => ({
      kind,
      id,
      breakGlass: isBreakGlass(kind, id),
      from: policies.filter((p) => from.has(p.displayName)).map((p) => p.displayName),
      notFrom: policies.filter((p) => !from.has(p.displayName)).map((p) => p.displayName),
    }))
    .sort((a, b) => Number(b.breakGlass) - Number(a.breakGlass));
}
