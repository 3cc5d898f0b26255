import { factsOf, GuestScope } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { PolicyChange, policyChange, riskFor } from "./changeKinds";
import { grantName, groupName, listOf, userName } from "./names";
import type { DiffContext } from "./report";
import { loses, nowNeed, roleNames, rolesPhrase, whoIncluded } from "./scope";
import { added, removed } from "./sets";

const GUESTS = "GuestsOrExternalUsers";

/** Guest or external user types and tenants in words: "b2bCollaborationGuest, serviceProvider from tenant …". */
const scopeText = (types: readonly string[], tenants: "all" | readonly string[]): string =>
  `${types.join(", ")}${tenants === "all" ? "" : ` from tenant${tenants.length === 1 ? "" : "s"} ${tenants.join(", ")}`}`;

/**
 * The guests a scope covers in the head and not in the base (`gained`), and the other way round (`lost`), in
 * words: types added or dropped, and for the types on both sides, tenants added or dropped ("all" covers any).
 */
export function guestScopeChange(before: GuestScope | undefined, after: GuestScope | undefined): { gained?: string; lost?: string } {
  const typesOf = (scope: GuestScope | undefined) => [...(scope?.types ?? [])];
  const tenantsOf = (scope: GuestScope | undefined): "all" | string[] => (scope?.tenants === "all" ? "all" : [...(scope?.tenants ?? [])].sort());
  const gained: string[] = [];
  const lost: string[] = [];
  const newTypes = added(typesOf(before), typesOf(after));
  const oldTypes = removed(typesOf(before), typesOf(after));
  if (newTypes.length > 0) gained.push(scopeText(newTypes, tenantsOf(after)));
  if (oldTypes.length > 0) lost.push(scopeText(oldTypes, tenantsOf(before)));
  const kept = typesOf(after).filter((t) => before?.types.has(t));
  const [was, now] = [tenantsOf(before), tenantsOf(after)];
  if (kept.length > 0 && JSON.stringify(was) !== JSON.stringify(now)) {
    if (was === "all") {
      const listed = now as string[];
      lost.push(`${kept.join(", ")} from ${listed.length > 0 ? `tenants other than ${listed.join(", ")}` : "any tenant"}`);
    } else if (now === "all") gained.push(`${kept.join(", ")} from any tenant`);
    else {
      const more = added(was, now);
      const fewer = removed(was, now);
      if (more.length > 0) gained.push(scopeText(kept, more));
      if (fewer.length > 0) lost.push(scopeText(kept, fewer));
    }
  }
  return { ...(gained.length > 0 ? { gained: gained.join("; ") } : {}), ...(lost.length > 0 ? { lost: lost.join("; ") } : {}) };
}

/**
 * Who the policy covers, before and after: all users, users, groups, roles, guests, and the
 * break-glass exclusions. Covering fewer people weakens; losing a break-glass exclusion weakens
 * emergency access.
 */
export function diffUsers(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy, ctx: DiffContext): PolicyChange[] {
  const b = factsOf(base).users;
  const h = factsOf(head).users;
  const grant = base.grantControls;
  const changes: PolicyChange[] = [];
  const push = (...args: Parameters<typeof policyChange> extends [unknown, ...infer R] ? R : never) => changes.push(policyChange(head, ...args));
  const baseAll = b.includeUsers.includes("All");
  const headAll = h.includeUsers.includes("All");

  if (!baseAll && headAll) {
    push("users-widened", riskFor(base, head, "high"), `now applies to all users (was ${whoIncluded(base, ctx.breakGlassUsers)})`);
  } else if (baseAll && !headAll) {
    push("users-narrowed", riskFor(base, head, "high"), `no longer applies to all users, only to ${whoIncluded(head, ctx.breakGlassUsers)}`);
  } else if (!baseAll && !headAll) {
    if (added(b.includeUsers, h.includeUsers).includes(GUESTS))
      push("guests-included", riskFor(base, head, "medium"), `now applies to guests and external users`);
    if (removed(b.includeUsers, h.includeUsers).includes(GUESTS))
      push("guests-excluded", riskFor(base, head, "medium"), `no longer applies to guests and external users: they ${loses(grant)}`);
    const usersIn = added(b.includeUsers, h.includeUsers)
      .filter((u) => u !== GUESTS)
      .map((u) => userName(u, ctx.breakGlassUsers));
    const groupsIn = added(b.includeGroups, h.includeGroups).map((g) => groupName(g, ctx.breakGlassGroups));
    if (usersIn.length + groupsIn.length > 0) push("users-widened", riskFor(base, head, "medium"), `now also applies to ${listOf([...usersIn, ...groupsIn])}`);
    const usersOut = removed(b.includeUsers, h.includeUsers)
      .filter((u) => u !== GUESTS)
      .map((u) => userName(u, ctx.breakGlassUsers));
    const groupsOut = removed(b.includeGroups, h.includeGroups).map((g) => groupName(g, ctx.breakGlassGroups));
    if (usersOut.length + groupsOut.length > 0)
      push("users-narrowed", riskFor(base, head, "medium"), `no longer applies to ${listOf([...usersOut, ...groupsOut])}: they ${loses(grant)}`);
    const rolesIn = added(b.includeRoles, h.includeRoles);
    if (rolesIn.length > 0) push("roles-added", riskFor(base, head, "medium"), `${rolesPhrase(rolesIn)} ${nowNeed(head.grantControls)}: ${roleNames(rolesIn)}`);
    const rolesOut = removed(b.includeRoles, h.includeRoles);
    if (rolesOut.length > 0) push("roles-removed", riskFor(base, head, "high"), `${rolesPhrase(rolesOut)} ${loses(grant)}: ${roleNames(rolesOut)}`);
  }

  // Exclusions narrow the policy whatever it includes.
  const excludedUsers = added(b.excludeUsers, h.excludeUsers);
  const excludedGroups = added(b.excludeGroups, h.excludeGroups);
  const reincludedUsers = removed(b.excludeUsers, h.excludeUsers);
  const reincludedGroups = removed(b.excludeGroups, h.excludeGroups);
  const isBreakGlass = (id: string) => ctx.breakGlassUsers.includes(id) || ctx.breakGlassGroups.includes(id);
  // Accounts that stop or start being break-glass are reported once for the tenant (tenantChanges.ts).
  const stillBreakGlass = (id: string) => ctx.headBreakGlass.includes(id);
  const wasAndIsBreakGlass = (id: string) => ctx.headBreakGlass.includes(id) && ctx.baseBreakGlass.includes(id);

  if (excludedUsers.includes(GUESTS)) push("guests-excluded", riskFor(base, head, "medium"), `now excludes guests and external users: they ${loses(grant)}`);
  if (reincludedUsers.includes(GUESTS))
    push("guests-included", riskFor(base, head, "medium"), `no longer excludes guests and external users: they ${nowNeed(head.grantControls)}`);

  // Guest or external user types (and their tenants) the policy includes (all users cover every guest), then those it excludes.
  if (!baseAll && !headAll) {
    const { gained, lost } = guestScopeChange(factsOf(base).users.includeGuestsOrExternalUsers, factsOf(head).users.includeGuestsOrExternalUsers);
    if (gained) push("guests-included", riskFor(base, head, "medium"), `now applies to guest or external users: ${gained}`);
    if (lost) push("guests-excluded", riskFor(base, head, "medium"), `no longer applies to guest or external users: ${lost}; they ${loses(grant)}`);
  }
  const excluded = guestScopeChange(factsOf(base).users.excludeGuestsOrExternalUsers, factsOf(head).users.excludeGuestsOrExternalUsers);
  if (excluded.gained) {
    push("guests-excluded", riskFor(base, head, "medium"), `now excludes guest or external users: ${excluded.gained}; they ${loses(grant)}`);
  }
  if (excluded.lost) {
    push("guests-included", riskFor(base, head, "medium"), `no longer excludes guest or external users: ${excluded.lost}; they ${nowNeed(head.grantControls)}`);
  }

  const bgOut = [
    ...reincludedUsers.filter(stillBreakGlass).map((u) => userName(u, ctx.breakGlassUsers)),
    ...reincludedGroups.filter(stillBreakGlass).map((g) => groupName(g, ctx.breakGlassGroups)),
  ];
  if (bgOut.length > 0) {
    push(
      "break-glass-exclusion-removed",
      riskFor(base, head, "high") === "high" ? "high" : "medium",
      `the break-glass exclusion is removed: ${listOf(bgOut)} ${nowNeed(head.grantControls)}, so emergency access can be locked out`,
    );
  }
  const bgIn = [
    ...excludedUsers.filter(wasAndIsBreakGlass).map((u) => userName(u, ctx.breakGlassUsers)),
    ...excludedGroups.filter(wasAndIsBreakGlass).map((g) => groupName(g, ctx.breakGlassGroups)),
  ];
  if (bgIn.length > 0) push("break-glass-exclusion-added", "low", `now excludes ${listOf(bgIn)} (emergency access)`);

  const out = [
    ...excludedUsers.filter((u) => u !== GUESTS && !isBreakGlass(u)).map((u) => userName(u, [])),
    ...excludedGroups.filter((g) => !isBreakGlass(g)).map((g) => groupName(g, [])),
  ];
  if (out.length > 0) push("users-narrowed", riskFor(base, head, "medium"), `now excludes ${listOf(out)} from ${grantName(grant)}`);
  const back = [
    ...reincludedUsers.filter((u) => u !== GUESTS && !isBreakGlass(u)).map((u) => userName(u, [])),
    ...reincludedGroups.filter((g) => !isBreakGlass(g)).map((g) => groupName(g, [])),
  ];
  if (back.length > 0) push("users-widened", riskFor(base, head, "medium"), `no longer excludes ${listOf(back)}`);

  const rolesExcluded = added(b.excludeRoles, h.excludeRoles);
  if (rolesExcluded.length > 0)
    push("roles-removed", riskFor(base, head, "high"), `${rolesPhrase(rolesExcluded)} ${loses(grant)}: ${roleNames(rolesExcluded)} (now excluded)`);
  const rolesBack = removed(b.excludeRoles, h.excludeRoles);
  if (rolesBack.length > 0)
    push("roles-added", riskFor(base, head, "medium"), `no longer excludes ${rolesPhrase(rolesBack)}: ${roleNames(rolesBack)} ${nowNeed(head.grantControls)}`);
  return changes;
}
