import { ALL_USERS, GUESTS_OR_EXTERNAL_USERS, guestTypeOf, inGuestScope, Who } from "../policies/facts";
import type { CompiledPolicy } from "./compile";

/**
 * A set of policies as bits: bit `i % 32` of word `i >> 5` is the policy at `index` i among those an evaluator
 * compiled. A sign-in then costs a few map look-ups and word-wise ANDs instead of a test of every policy; each set
 * holds exactly the policies whose compiled test (whatif/compile.ts) holds, which test/whatif-oracle.test.ts
 * checks against the policy-by-policy reference.
 */
export type PolicyBits = Uint32Array;

/** An empty set for `count` policies. */
export function noPolicies(count: number): PolicyBits {
  return new Uint32Array((count + 31) >>> 5);
}

/** Adds the policy at `index`. */
export function addPolicy(bits: PolicyBits, index: number): void {
  bits[index >>> 5] |= 1 << (index & 31);
}

/** Whether the policy at `index` is in the set. */
export function hasPolicy(bits: PolicyBits, index: number): boolean {
  return (bits[index >>> 5] & (1 << (index & 31))) !== 0;
}

/** `into` ∪= `other` (nothing when `other` is undefined). */
function addAll(into: PolicyBits, other: PolicyBits | undefined): void {
  if (other) for (let w = 0; w < into.length; w++) into[w] |= other[w];
}

/** The policies of the set, in index order, written into `out` from its start (reused: no allocation); returns how many. */
export function policiesIn(bits: PolicyBits, policies: readonly CompiledPolicy[], out: CompiledPolicy[]): number {
  let count = 0;
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      out[count++] = policies[(w << 5) + 31 - Math.clz32(low)];
      word ^= low;
    }
  }
  return count;
}

/** Whether two sets hold the same policies. */
export function samePolicies(a: PolicyBits, b: PolicyBits): boolean {
  for (let w = 0; w < a.length; w++) if (a[w] !== b[w]) return false;
  return true;
}

type ById = Map<string, PolicyBits>;

/**
 * The users conditions of the policies as bits: the returned function writes into `into` the policies whose users
 * condition holds for `who` (ids in lower case, as `whoOf` gives them). It reads the same normalised condition as
 * the policy's own test (`appliesToUser`, policies/facts/applicability.ts): included by All, the user's id, a group,
 * a role, any guest or a guest scope; then not excluded by any of the same.
 */
export function usersIndex(policies: readonly CompiledPolicy[]): (who: Who, into: PolicyBits) => PolicyBits {
  const count = policies.length;
  const all = noPolicies(count);
  const anyGuestIn = noPolicies(count);
  const anyGuestOut = noPolicies(count);
  const [userIn, groupIn, roleIn, userOut, groupOut, roleOut]: ById[] = [new Map(), new Map(), new Map(), new Map(), new Map(), new Map()];
  const add = (map: ById, ids: readonly string[], index: number) => {
    for (const id of ids) {
      let bits = map.get(id);
      if (!bits) map.set(id, (bits = noPolicies(count)));
      addPolicy(bits, index);
    }
  };
  const scoped: CompiledPolicy[] = [];
  for (const p of policies) {
    const u = p.users;
    if (u.includeUsers.includes(ALL_USERS)) addPolicy(all, p.index);
    if (u.includeUsers.includes(GUESTS_OR_EXTERNAL_USERS)) addPolicy(anyGuestIn, p.index);
    if (u.excludeUsers.includes(GUESTS_OR_EXTERNAL_USERS)) addPolicy(anyGuestOut, p.index);
    add(userIn, u.includeUsers, p.index);
    add(groupIn, u.includeGroups, p.index);
    add(roleIn, u.includeRoles, p.index);
    add(userOut, u.excludeUsers, p.index);
    add(groupOut, u.excludeGroups, p.index);
    add(roleOut, u.excludeRoles, p.index);
    if (u.includeGuestsOrExternalUsers || u.excludeGuestsOrExternalUsers) scoped.push(p);
  }
  // Guest scopes read only the guest type and the home tenant: their bits per pair, computed once (afresh past 10,000 tenants).
  let byGuest = new Map<string, Map<string | undefined, { readonly inside: PolicyBits; readonly outside: PolicyBits }>>();
  let pairs = 0;
  const guestScopes = (who: Who, type: string) => {
    if (pairs > 10_000) [byGuest, pairs] = [new Map(), 0];
    let byTenant = byGuest.get(type);
    if (!byTenant) byGuest.set(type, (byTenant = new Map()));
    let scopes = byTenant.get(who.homeTenantId);
    if (!scopes) {
      scopes = { inside: noPolicies(count), outside: noPolicies(count) };
      for (const p of scoped) {
        if (inGuestScope(p.users.includeGuestsOrExternalUsers, who)) addPolicy(scopes.inside, p.index);
        if (inGuestScope(p.users.excludeGuestsOrExternalUsers, who)) addPolicy(scopes.outside, p.index);
      }
      byTenant.set(who.homeTenantId, scopes);
      pairs++;
    }
    return scopes;
  };
  const excluded = noPolicies(count);
  return (who, into) => {
    into.set(all);
    excluded.fill(0);
    addAll(into, userIn.get(who.userId));
    addAll(excluded, userOut.get(who.userId));
    for (let i = 0; i < who.groupIds.length; i++) {
      addAll(into, groupIn.get(who.groupIds[i]));
      addAll(excluded, groupOut.get(who.groupIds[i]));
    }
    for (let i = 0; i < who.roleIds.length; i++) {
      addAll(into, roleIn.get(who.roleIds[i]));
      addAll(excluded, roleOut.get(who.roleIds[i]));
    }
    const guest = guestTypeOf(who);
    if (guest !== undefined) {
      addAll(into, anyGuestIn);
      addAll(excluded, anyGuestOut);
      if (scoped.length > 0) {
        const scopes = guestScopes(who, guest);
        addAll(into, scopes.inside);
        addAll(excluded, scopes.outside);
      }
    }
    for (let w = 0; w < into.length; w++) into[w] &= ~excluded[w];
    return into;
  };
}

/**
 * The policies for which `holds(policy, value)`, remembered per value: one test of each policy per distinct value,
 * not per sign-in. Past 10,000 values the memory starts afresh, so a stream of distinct values stays bounded.
 */
export function policiesPerValue<V>(policies: readonly CompiledPolicy[], holds: (policy: CompiledPolicy, value: V) => boolean): (value: V) => PolicyBits {
  let memo = new Map<V, PolicyBits>();
  return (value) => {
    let bits = memo.get(value);
    if (!bits) {
      bits = noPolicies(policies.length);
      for (const p of policies) if (holds(p, value)) addPolicy(bits, p.index);
      if (memo.size >= 10_000) memo = new Map();
      memo.set(value, bits);
    }
    return bits;
  };
}
