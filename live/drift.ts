import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { isMicrosoftManaged, LiveTenant } from "./tenant";

/** One field whose value differs, by its Graph path (e.g. `conditions.users.excludeUsers`). */
export interface FieldChange {
  readonly field: string;
  readonly tenant: unknown;
  readonly declared: unknown;
}

export type PolicyDrift =
  | { readonly displayName: string; readonly status: "create" | "unchanged" }
  | { readonly displayName: string; readonly status: "update"; readonly changes: readonly FieldChange[] }
  | { readonly displayName: string; readonly status: "unmanaged"; readonly microsoftManaged: boolean };

export interface DriftReport {
  readonly securityDefaults: { readonly status: "unchanged" | "change"; readonly tenant: boolean; readonly declared: boolean };
  readonly policies: readonly PolicyDrift[];
  /** True when applying the stack would change the tenant, or the tenant has policies the stack does not know. */
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

/** What `pulumi up` would change in the tenant, and what the tenant has beyond the stack. */
export function computeDrift(
  tenant: LiveTenant,
  declared: { readonly securityDefaults: { readonly isEnabled: boolean }; readonly conditionalAccessPolicies: readonly ConditionalAccessPolicy[] },
): DriftReport {
  const byName = new Map(tenant.policies.map((p) => [p.displayName, p]));
  const policies: PolicyDrift[] = declared.conditionalAccessPolicies.map((policy) => {
    const existing = byName.get(policy.displayName);
    if (!existing) return { displayName: policy.displayName, status: "create" };
    const changes = policyChanges(existing, policy);
    return changes.length === 0 ? { displayName: policy.displayName, status: "unchanged" } : { displayName: policy.displayName, status: "update", changes };
  });
  const declaredNames = new Set(declared.conditionalAccessPolicies.map((p) => p.displayName));
  for (const p of tenant.policies) {
    if (!declaredNames.has(p.displayName)) policies.push({ displayName: p.displayName, status: "unmanaged", microsoftManaged: isMicrosoftManaged(p) });
  }
  const securityDefaults = {
    status: tenant.securityDefaults.isEnabled === declared.securityDefaults.isEnabled ? ("unchanged" as const) : ("change" as const),
    tenant: tenant.securityDefaults.isEnabled,
    declared: declared.securityDefaults.isEnabled,
  };
  const drifted =
    securityDefaults.status === "change" ||
    policies.some((p) => p.status === "create" || p.status === "update" || (p.status === "unmanaged" && !p.microsoftManaged));
  return { securityDefaults, policies, drifted };
}
