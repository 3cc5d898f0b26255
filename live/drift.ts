import type { StackPolicies } from "../guard/input";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { undeclaredParts } from "../config/graph/policyShape";
import { adoptStep, matchStackPolicies, MatchedBy } from "./policyMatch";
import type { GraphNamedLocation } from "../policies/facts";
import { NamedLocationDrift, namedLocationDrift } from "./namedLocationDrift";
import { isMicrosoftManaged, LiveTenant, TenantPolicy } from "./tenant";

/** One field whose value differs, by its Graph path (e.g. `conditions.users.excludeUsers`). */
export interface FieldChange {
  readonly field: string;
  readonly tenant: unknown;
  /** Undefined for a part the tenant sets and the stack cannot declare (see {@link undeclaredChanges}). */
  readonly declared: unknown;
}

/** A tenant policy named in the drift: its display name and object id. */
export interface TenantPolicyRef {
  readonly id: string;
  readonly displayName: string;
  readonly state: string;
}

export type PolicyDrift =
  | {
      readonly displayName: string;
      readonly status: "create";
      /** The id the stack's state (or `adopt`) names, which the tenant no longer has. */
      readonly missingId?: string;
      /** Tenant policies that already enforce the same thing: adopt one instead. */
      readonly equivalents?: readonly TenantPolicyRef[];
      /** The config line that adopts the first equivalent (or the same-name policy). */
      readonly adoptStep?: string;
    }
  | { readonly displayName: string; readonly status: "unchanged"; readonly id: string; readonly matchedBy: MatchedBy }
  | { readonly displayName: string; readonly status: "update"; readonly id: string; readonly matchedBy: MatchedBy; readonly changes: readonly FieldChange[] }
  /** The state's policy under another display name in the tenant: `pulumi up` renames it back. */
  | { readonly displayName: string; readonly status: "rename"; readonly id: string; readonly from: string; readonly changes: readonly FieldChange[] }
  /** `pulumi up` imports the tenant policy (config `adopt`), then applies the changes; `before` is the policy as the tenant has it. */
  | {
      readonly displayName: string;
      readonly status: "adopt";
      readonly id: string;
      readonly from: string;
      readonly changes: readonly FieldChange[];
      readonly before: ConditionalAccessPolicy;
    }
  /** A tenant policy beside a managed one with its display name or its enforcement. */
  | { readonly displayName: string; readonly status: "duplicate"; readonly id: string; readonly of: string; readonly sameName: boolean }
  | {
      readonly displayName: string;
      readonly status: "unmanaged";
      readonly microsoftManaged: boolean;
      readonly id?: string;
      /** Why the stack leaves it alone (config `unmanagedPolicies`): acknowledged, not drift. */
      readonly acknowledged?: string;
    };

export interface DriftReport {
  readonly securityDefaults: { readonly status: "unchanged" | "change"; readonly tenant: boolean; readonly declared: boolean };
  readonly policies: readonly PolicyDrift[];
  /**
   * The stack's named locations against the tenant's (when the tenant's were read): created,
   * updated field by field with what each change does to the policies that use the location, unchanged.
   * @default - not compared
   */
  readonly namedLocations?: readonly NamedLocationDrift[];
  /** How the stack's policies were found: by the ids of its state, or (state not given) by display name only. */
  readonly matchedBy: "state" | "name";
  /** True when applying the stack would change the tenant, or the tenant has policies the stack does not manage or duplicates. */
  readonly drifted: boolean;
}

/** Leaf values by path; lists are compared as sets, since Graph does not keep their order. */
function leaves(value: unknown, path = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    out.set(path, [...value].map(String).sort());
  } else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(path, value);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** Field-by-field differences between a tenant policy and the declared one, ignoring `id` and the raw Graph answer. */
export function policyChanges(tenant: ConditionalAccessPolicy, declared: ConditionalAccessPolicy): FieldChange[] {
  const { id: _id, graph: _graph, ...tenantFields } = tenant as ConditionalAccessPolicy & { id?: string; graph?: unknown };
  const t = leaves(tenantFields);
  const d = leaves(declared);
  const fields = [...new Set([...t.keys(), ...d.keys()])].sort();
  return fields.filter((f) => !same(t.get(f), d.get(f))).map((field) => ({ field, tenant: t.get(field), declared: d.get(field) }));
}

/**
 * What the tenant policy sets beyond the declared shape (a guest exclusion, a device filter …), each as a
 * change to "not declared": comparing the projection alone would call such a policy unchanged.
 */
export function undeclaredChanges(tenant: TenantPolicy): FieldChange[] {
  return undeclaredParts(tenant.graph).map(({ path, value }) => ({ field: path, tenant: value, declared: undefined }));
}

/** A tenant policy in the declared shape: without its id and Graph's raw answer. */
function shapeOf(tenantPolicy: TenantPolicy): ConditionalAccessPolicy {
  const { id: _id, graph: _graph, ...policy } = tenantPolicy;
  return policy;
}

const ref = (p: TenantPolicy): TenantPolicyRef => ({ id: p.id, displayName: p.displayName, state: p.state });

/** Declared policies keyed by display name: how drift pairs them when the caller does not say which key each is. */
export const keyedByName = (policies: readonly ConditionalAccessPolicy[]): StackPolicies => ({
  declared: policies.map((policy) => ({ key: policy.displayName, policy })),
  adopt: {},
});

/**
 * What `pulumi up` would change in the tenant, and what the tenant has beyond the stack. Policies
 * are matched by the adopted id, then the id in the stack's state, else (state unknown) by name.
 */
export function computeDrift(
  tenant: LiveTenant,
  declared: {
    readonly securityDefaults: { readonly isEnabled: boolean };
    readonly conditionalAccessPolicies: readonly ConditionalAccessPolicy[];
    readonly namedLocations?: readonly GraphNamedLocation[];
  },
  stack: StackPolicies = keyedByName(declared.conditionalAccessPolicies),
): DriftReport {
  const matches = matchStackPolicies(tenant.policies, { ...stack, namedLocations: stack.namedLocations ?? declared.namedLocations }, tenant.namedLocations);
  const accounted = new Set<TenantPolicy>();
  const policies: PolicyDrift[] = [];
  const duplicates: PolicyDrift[] = [];
  for (const m of matches) {
    const displayName = m.policy.displayName;
    if (!m.tenant) {
      const equivalents = m.equivalents.map(ref);
      const toAdopt = m.equivalents[0] ?? m.sameName[0];
      policies.push({
        displayName,
        status: "create",
        ...(m.missingId ? { missingId: m.missingId } : {}),
        ...(equivalents.length > 0 ? { equivalents } : {}),
        ...(toAdopt && !stack.adopt[m.key] ? { adoptStep: adoptStep(m.key, toAdopt.id) } : {}),
      });
      [...m.equivalents, ...m.sameName].forEach((p) => accounted.add(p));
      continue;
    }
    accounted.add(m.tenant);
    const changes = [...policyChanges(m.tenant, m.policy), ...undeclaredChanges(m.tenant)];
    const renamed = m.tenant.displayName !== displayName;
    if (m.matchedBy === "adopt")
      policies.push({ displayName, status: "adopt", id: m.tenant.id, from: m.tenant.displayName, changes, before: shapeOf(m.tenant) });
    else if (renamed) policies.push({ displayName, status: "rename", id: m.tenant.id, from: m.tenant.displayName, changes });
    else if (changes.length > 0) policies.push({ displayName, status: "update", id: m.tenant.id, matchedBy: m.matchedBy!, changes });
    else policies.push({ displayName, status: "unchanged", id: m.tenant.id, matchedBy: m.matchedBy! });
    for (const copy of [...m.sameName, ...m.equivalents.filter((p) => !m.sameName.includes(p))]) {
      if (accounted.has(copy)) continue;
      accounted.add(copy);
      duplicates.push({ displayName: copy.displayName, status: "duplicate", id: copy.id, of: displayName, sameName: copy.displayName === displayName });
    }
  }
  policies.push(...duplicates);
  const acknowledged = new Map((stack.acknowledged ?? []).map((a) => [a.id.toLowerCase(), a.reason]));
  for (const p of tenant.policies) {
    if (accounted.has(p)) continue;
    const reason = acknowledged.get(p.id.toLowerCase());
    policies.push({
      displayName: p.displayName,
      status: "unmanaged",
      microsoftManaged: isMicrosoftManaged(p),
      id: p.id,
      ...(reason !== undefined ? { acknowledged: reason } : {}),
    });
  }
  const securityDefaults = {
    status: tenant.securityDefaults.isEnabled === declared.securityDefaults.isEnabled ? ("unchanged" as const) : ("change" as const),
    tenant: tenant.securityDefaults.isEnabled,
    declared: declared.securityDefaults.isEnabled,
  };
  const locations =
    tenant.namedLocations && declared.namedLocations
      ? namedLocationDrift(tenant.namedLocations, declared.namedLocations, declared.conditionalAccessPolicies)
      : undefined;
  // Microsoft's own policies and those the stack acknowledges leaving alone are not drift; nor is an adoption that changes nothing.
  const drifted =
    securityDefaults.status === "change" ||
    policies.some(
      (p) =>
        p.status !== "unchanged" &&
        !(p.status === "unmanaged" && (p.microsoftManaged || p.acknowledged !== undefined)) &&
        !(p.status === "adopt" && p.changes.length === 0),
    ) ||
    (locations ?? []).some((l) => l.status !== "unchanged");
  return { securityDefaults, policies, ...(locations ? { namedLocations: locations } : {}), matchedBy: stack.stateIds ? "state" : "name", drifted };
}
