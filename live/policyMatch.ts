import type { GuardInput, StackPolicies } from "../guard/input";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { equivalentsOf, LocationLookups, locationLookup } from "./equivalence";
import { graphShapeOf } from "./namedLocationDrift";
import { isMicrosoftManaged, TenantNamedLocation, TenantPolicy } from "./tenant";

export type { AdoptEntry, StackPolicies } from "../guard/input";

/** How a declared policy found its tenant policy: the id of the state, an `adopt` entry, its own declared id (imported), or its display name. */
export type MatchedBy = "state" | "adopt" | "import" | "name";

/** A declared policy and what the tenant holds for it. */
export interface PolicyMatch {
  readonly key: string;
  readonly policy: ConditionalAccessPolicy;
  /** The tenant policy `pulumi up` updates; none: it creates one. */
  readonly tenant?: TenantPolicy;
  readonly matchedBy?: MatchedBy;
  /** An id the stack claims (state or adopt) that the tenant does not have. */
  readonly missingId?: string;
  /** Other tenant policies with the declared display name, owned by no key of the stack. */
  readonly sameName: readonly TenantPolicy[];
  /** Other tenant policies enforcing the same thing, owned by no key of the stack, enabled first. */
  readonly equivalents: readonly TenantPolicy[];
}

const lower = (id: string | undefined) => id?.toLowerCase();

/** The ids the stack claims, adopted or in its state, lower case. */
export function claimedIds(stack: StackPolicies): Set<string> {
  return new Set(
    [...Object.values(stack.adopt).map((a) => a.id), ...Object.values(stack.imports ?? {}), ...Object.values(stack.stateIds ?? {})].map((id) =>
      id.toLowerCase(),
    ),
  );
}

/**
 * The named locations both sides name, for equivalence: the stack's by the names its policies use, the tenant's
 * (as Graph answered) by object id.
 */
export function locationLookupsOf(stack: StackPolicies, tenantLocations: readonly TenantNamedLocation[] | undefined): LocationLookups {
  const declared = locationLookup(stack.namedLocations);
  const tenant = locationLookup(tenantLocations?.map(graphShapeOf));
  return { ...(declared ? { declared } : {}), ...(tenant ? { tenant } : {}) };
}

/**
 * Pairs each declared policy with the tenant policy it manages: the adopted id, else the id in
 * the stack's state, else (state unknown) the display name. Microsoft-managed policies are never
 * matched, nor listed as same-name or equivalent. Equivalents judge named locations by their content, from the
 * stack's named locations and the tenant's (when read).
 */
export function matchStackPolicies(tenant: readonly TenantPolicy[], stack: StackPolicies, tenantLocations?: readonly TenantNamedLocation[]): PolicyMatch[] {
  const locations = locationLookupsOf(stack, tenantLocations);
  const claimed = claimedIds(stack);
  const candidates = tenant.filter((p) => !isMicrosoftManaged(p));
  const byId = new Map(candidates.map((p) => [p.id.toLowerCase(), p]));
  const takenByName = new Set<TenantPolicy>();
  return stack.declared.map(({ key, policy }) => {
    const wanted = lower(stack.adopt[key]?.id) ?? lower(stack.imports?.[key]) ?? lower(stack.stateIds?.[key]);
    let match: TenantPolicy | undefined;
    let matchedBy: MatchedBy | undefined;
    if (wanted !== undefined) {
      match = byId.get(wanted);
      matchedBy = match ? (stack.adopt[key] ? "adopt" : stack.imports?.[key] ? "import" : "state") : undefined;
    } else if (stack.stateIds === undefined) {
      match = candidates.find((p) => p.displayName === policy.displayName && !claimed.has(p.id.toLowerCase()) && !takenByName.has(p));
      if (match) {
        takenByName.add(match);
        matchedBy = "name";
      }
    }
    const others = candidates.filter((p) => p !== match && !claimed.has(p.id.toLowerCase()));
    return {
      key,
      policy,
      ...(match ? { tenant: match, matchedBy } : {}),
      ...(wanted !== undefined && !match ? { missingId: wanted } : {}),
      sameName: others.filter((p) => p.displayName === policy.displayName),
      equivalents: equivalentsOf(policy, others, locations),
    };
  });
}

/** The config line that adopts a tenant policy as a baseline policy. */
export const adoptStep = (key: string, id: string) => `pulumi config set --path 'entra-baseline:adopt.${key}' ${id}`;

/** The stack's ownership as the guard input carries it; without one, every declared policy is keyed by its display name and matched by name. */
export function stackPoliciesOf(stack: GuardInput): StackPolicies {
  return stack.ownership ?? { declared: stack.policies.map((policy) => ({ key: policy.displayName, policy })), adopt: {} };
}
