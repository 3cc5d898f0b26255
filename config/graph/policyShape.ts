import { canonicalId } from "../objectIds";
import { setsAnything } from "../graphValues";
import { BETA_ONLY, FIELD_BY_PATH, GRAPH_ENUMS, isAnnotation, membersOf, POLICY_FIELDS, PolicyField, UNKNOWN_FUTURE_VALUE } from "./policyFields";

// A Conditional Access policy read through the one declaration of its fields (policyFields.ts): Graph's
// GET shape (annotations, nulls, empty lists, switched-off controls, expanded navigation properties) and a
// stack's Graph JSON both read into one canonical Graph shape that holds only what sets something.

type Json = Readonly<Record<string, any>>;

/** The value at a dotted path, or undefined. */
export function valueAt(value: unknown, path: string): any {
  let v: any = value;
  for (const key of path.split(".")) {
    if (!v || typeof v !== "object") return undefined;
    v = v[key];
  }
  return v;
}

/** Sets a value at a dotted path, creating the blocks above it. */
export function setAt(target: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split(".");
  let block = target;
  for (const key of keys.slice(0, -1)) {
    if (!block[key] || typeof block[key] !== "object") block[key] = {};
    block = block[key];
  }
  block[keys[keys.length - 1]] = value;
}

/** A list's entries as text (an object as its JSON: `String` would throw on one whose `toString` is not a function). */
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => v !== null && v !== undefined).map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))) : [];

/** An enum member in Graph's spelling (any letter case read), or the value as written when Graph has no such member. */
const spelled = (members: readonly string[], value: string): string => members.find((m) => m.toLowerCase() === value.toLowerCase()) ?? value;

/** A flags enum's members (comma-separated, `none` is nothing), in the enum's order, unknown ones after. */
export function flagsOf(members: readonly string[], value: unknown): string[] {
  if (typeof value !== "string") return [];
  const named = value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "" && v.toLowerCase() !== "none")
    .map((v) => spelled(members, v));
  const order = (v: string) => (members.includes(v) ? members.indexOf(v) : members.length);
  return [...new Set(named)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** Graph's guest or external user types (without `none`, which selects no one). */
const GUEST_TYPES = GRAPH_ENUMS.conditionalAccessGuestOrExternalUserTypes.filter((t) => t !== "none");

/**
 * A guest condition in one spelling: the types in Graph's order, the tenants as `all` or the sorted ids, without
 * `@odata.type`, absent when Graph's answer has none (Graph and the provider keep null apart from `all`).
 * Undefined when it names no type.
 */
export function canonicalGuests(value: unknown): { guestOrExternalUserTypes: string; externalTenants?: Json } | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as { guestOrExternalUserTypes?: unknown; externalTenants?: { membershipKind?: unknown; members?: unknown } | null };
  const types = flagsOf(GUEST_TYPES, v.guestOrExternalUserTypes);
  if (types.length === 0) return undefined;
  const tenants = v.externalTenants && typeof v.externalTenants === "object" ? v.externalTenants : undefined;
  const members = [...new Set(strings(tenants?.members).map(canonicalId))].sort();
  const enumerated = tenants?.membershipKind === "enumerated" || (tenants?.membershipKind !== "all" && members.length > 0);
  const guestOrExternalUserTypes = types.join(",");
  if (!tenants) return { guestOrExternalUserTypes };
  return { guestOrExternalUserTypes, externalTenants: enumerated ? { membershipKind: "enumerated", members } : { membershipKind: "all" } };
}

/** Whether a session control is on: `isEnabled: true`, or not stated while it sets something else. */
const isOn = (control: any, setting?: string): boolean =>
  !!control &&
  typeof control === "object" &&
  (control.isEnabled === true || (control.isEnabled == null && setting !== undefined && setsAnything(control[setting])));

/** One field's canonical value, or undefined when it sets nothing (null, [], `none`, switched off, no rule …). */
export function readField(f: PolicyField, value: unknown): unknown {
  switch (f.kind) {
    case "ids": {
      const ids = strings(value).map(canonicalId);
      return ids.length > 0 ? ids : undefined;
    }
    case "names": {
      const names = strings(value);
      return names.length > 0 ? names : undefined;
    }
    case "values": {
      const values = strings(value).map((v) => spelled(membersOf(f), v));
      return values.length > 0 ? values : undefined;
    }
    case "flags": {
      const flags = flagsOf(membersOf(f), value);
      return flags.length > 0 ? flags.join(",") : undefined;
    }
    case "enum":
      return typeof value === "string" && value !== "" ? value : undefined;
    case "guests":
      return canonicalGuests(value);
    case "filter": {
      const filter = value as { mode?: unknown; rule?: unknown } | null | undefined;
      if (!filter || typeof filter !== "object" || typeof filter.rule !== "string" || filter.rule.trim() === "") return undefined;
      return { ...(typeof filter.mode === "string" ? { mode: filter.mode } : {}), rule: filter.rule };
    }
    case "reference": {
      const id = (value as { id?: unknown } | null | undefined)?.id;
      return typeof id === "string" && id !== "" ? { id: canonicalId(id) } : undefined;
    }
    case "boolean":
      return value === true ? true : undefined;
    case "switch":
      return isOn(value) ? { isEnabled: true } : undefined;
    case "switched": {
      if (!isOn(value, f.setting)) return undefined;
      const setting = (value as Json)[f.setting!];
      return { isEnabled: true, ...(setting !== null && setting !== undefined ? { [f.setting!]: setting } : {}) };
    }
    case "frequency": {
      const sif = value as Json | null | undefined;
      if (!isOn(sif, "frequencyInterval") && !isOn(sif, "value")) return undefined;
      return {
        isEnabled: true,
        authenticationType: sif!.authenticationType ?? "primaryAndSecondaryAuthentication",
        frequencyInterval: sif!.frequencyInterval ?? "timeBased",
        ...(sif!.value != null ? { value: sif!.value } : {}),
        ...(sif!.type != null ? { type: sif!.type } : {}),
      };
    }
  }
}

const GRANT_CONTROLS = POLICY_FIELDS.filter((f) => f.path.startsWith("grantControls.") && f.path !== "grantControls.operator");

/**
 * A policy's fields in one canonical Graph shape: only what sets something, at its Graph path, in the
 * declaration's order. Annotations, read-only parts (the strength's expansion), nulls, empty lists and
 * switched-off controls are gone; the grant's operator is kept only beside a control. Display name and
 * state are not fields: the caller adds them.
 */
export function readPolicyFields(raw: Json | null | undefined): Record<string, any> {
  const out: Record<string, any> = {};
  for (const f of POLICY_FIELDS) {
    const value = readField(f, valueAt(raw, f.path));
    if (value !== undefined) setAt(out, f.path, value);
  }
  if (out.grantControls && !GRANT_CONTROLS.some((f) => valueAt(out, f.path) !== undefined)) delete out.grantControls;
  return out;
}

/** The top-level blocks that hold fields. */
export const FIELD_BLOCKS = ["conditions", "grantControls", "sessionControls"] as const;

/**
 * The parts of a Graph policy that set something and that no declared field reads, by Graph path, with the
 * value: beta-only parts, and properties Graph adds after this release. Annotations are never parts.
 */
export function undeclaredParts(raw: Json | null | undefined): { readonly path: string; readonly value: unknown }[] {
  const found: { path: string; value: unknown }[] = [];
  const visit = (value: unknown, path: string) => {
    if (FIELD_BY_PATH.has(path) || !setsAnything(value)) return;
    const below = POLICY_FIELDS.some((f) => f.path.startsWith(`${path}.`));
    if (below && value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) if (!isAnnotation(key)) visit(child, `${path}.${key}`);
    } else {
      found.push({ path, value });
    }
  };
  for (const top of FIELD_BLOCKS) visit(raw?.[top], top);
  return found;
}

/** Every enum member a field's canonical value names (lists, flags, single members, settings, filter modes). */
export function membersNamed(f: PolicyField, value: unknown): string[] {
  if (value === undefined) return [];
  switch (f.kind) {
    case "values":
      return value as string[];
    case "flags":
      return String(value).split(",");
    case "enum":
      return f.graphEnum ? [String(value)] : [];
    case "guests": {
      const g = value as { guestOrExternalUserTypes: string; externalTenants?: { membershipKind?: string } };
      return [...g.guestOrExternalUserTypes.split(","), ...(g.externalTenants?.membershipKind ? [g.externalTenants.membershipKind] : [])];
    }
    case "filter":
      return (value as { mode?: string }).mode !== undefined ? [(value as { mode: string }).mode] : [];
    case "switched": {
      const setting = (value as Json)[f.setting!];
      return setting !== undefined ? [String(setting)] : [];
    }
    case "frequency": {
      const sif = value as Json;
      return [sif.authenticationType, sif.frequencyInterval, ...(sif.type !== undefined ? [sif.type] : [])].map(String);
    }
    default:
      return [];
  }
}

/** A part of a policy the azuread provider cannot express, and why. */
export interface ProviderGap {
  readonly path: string;
  readonly reason: string;
}

/**
 * What of a policy (Graph's shape, or its canonical reading) the azuread provider (@pulumi/azuread 6.9.1,
 * terraform-provider-azuread v3.8.0) cannot express: fields it has no input for (authentication contexts,
 * application filters), enum members it does not know (grant control `riskRemediation`), several insider risk
 * levels (it takes one). Empty: the provider can declare the policy. A policy with gaps is managed through Graph.
 */
export function providerGaps(policy: Json | null | undefined): ProviderGap[] {
  const read = readPolicyFields(policy);
  const gaps: ProviderGap[] = [];
  for (const f of POLICY_FIELDS) {
    const value = valueAt(read, f.path);
    if (value === undefined) continue;
    if (f.provider === null) {
      gaps.push({ path: f.path, reason: `the azuread provider has no input for ${f.label}` });
      continue;
    }
    const unknown = f.providerMembers ? membersNamed(f, value).filter((m) => !f.providerMembers!.includes(m) && m !== UNKNOWN_FUTURE_VALUE) : [];
    if (unknown.length > 0) gaps.push({ path: f.path, reason: `the azuread provider does not know ${unknown.map((m) => JSON.stringify(m)).join(", ")}` });
    if (f.providerSingle && String(value).includes(",")) gaps.push({ path: f.path, reason: `the azuread provider takes one level of ${f.label}, not several` });
  }
  // The provider needs one of built-in controls, a strength or terms of use in a grant block (AtLeastOneOf).
  const grant = read.grantControls ?? {};
  if (grant.customAuthenticationFactors && !grant.builtInControls && !grant.authenticationStrength && !grant.termsOfUse) {
    gaps.push({
      path: "grantControls.customAuthenticationFactors",
      reason: "the azuread provider takes custom controls only beside a built-in control, a strength or terms of use",
    });
  }
  return gaps;
}

/**
 * A Graph policy as a stack states it (the export's field walk): display name and state, every declared field in
 * its canonical reading (`[]` kept where Graph's empty list means something: client app types), and any part no
 * field declares kept as it came, without annotations, so the custom-policy checks refuse it by name rather than
 * the export dropping it. Read-only fields (`id`, dates, `templateId`) are the caller's.
 */
export function statedPolicy(raw: Json): Record<string, any> {
  const stated: Record<string, any> = {
    ...(raw.displayName !== undefined ? { displayName: raw.displayName } : {}),
    ...(raw.state !== undefined ? { state: raw.state } : {}),
    ...readPolicyFields(raw),
  };
  for (const f of POLICY_FIELDS) {
    if (f.writtenWhenEmpty && valueAt(stated, f.path) === undefined && raw.conditions) setAt(stated, f.path, []);
  }
  for (const part of undeclaredParts(raw)) setAt(stated, part.path, withoutAnnotations(part.value));
  return stated;
}

function withoutAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnnotations);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !isAnnotation(key))
      .map(([key, child]) => [key, withoutAnnotations(child)]),
  );
}

/** The beta-only parts a Graph policy sets, each with its path and feature (none for a v1.0 policy). */
export function betaOnlyParts(graph: Json | null | undefined): { readonly path: string; readonly feature: string }[] {
  return BETA_ONLY.filter((b) => {
    const value = valueAt(graph, b.path);
    return b.values ? Array.isArray(value) && value.some((v) => b.values!.test(String(v))) : setsAnything(value);
  }).map(({ path, feature }) => ({ path, feature }));
}
