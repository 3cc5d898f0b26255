import { comparisonsOf, DEVICE_FILTER_PROPERTIES, parseDeviceFilterRule } from "../../config/deviceFilterRule";
import { deviceFilterTest, DeviceFilterTest } from "./deviceFilter";
import type { SignInDevice } from "./signIn";

/**
 * What a change of a policy's device filter does to the devices the policy applies to, decided by evaluating both
 * filters (the evaluator of deviceFilter.ts) on devices built from the values the two rules name: a device the
 * policy applied to before and no longer does is a device the change leaves out, one it now applies to and did
 * not before, a device it brings in. A device found is proof; none found proves nothing (the search covers the
 * rules' own values, null, one other value and the joins of two of these, per property), so a caller reads a change as
 * narrowing only when it found a device left out.
 */
export interface DeviceFilterScopeChange {
  /** A device the policy applied to before and not after (undefined in the record: an unregistered device). */
  readonly leftOut?: { readonly device: SignInDevice | undefined };
  /** A device the policy applies to after and not before. */
  readonly broughtIn?: { readonly device: SignInDevice | undefined };
}

/** A device filter as Graph holds it; undefined: no filter, every device is in scope. */
export type DeviceFilterCondition = { readonly mode: "include" | "exclude"; readonly rule: string } | undefined;

/** More devices than this are not built: rules with many properties are searched on a spread sample. */
const MAX_DEVICES = 4096;

/** Joins of two values tried per property, at the most. */
const MAX_JOINS = 24;

/** A value no rule names, for a property's "any other value". */
const OTHER = "other";

/**
 * How a device filter change moves devices in and out of the policy, or undefined when a rule does not parse
 * (the stack's validation refuses such a rule; a preview of a tenant may still hold one).
 */
export function deviceFilterScopeChange(before: DeviceFilterCondition, after: DeviceFilterCondition): DeviceFilterScopeChange | undefined {
  const inScope = (filter: DeviceFilterCondition): DeviceFilterTest | undefined => {
    if (!filter) return () => true;
    const compiled = deviceFilterTest(filter);
    return "test" in compiled ? compiled.test : undefined;
  };
  const [was, now] = [inScope(before), inScope(after)];
  if (!was || !now) return undefined;
  let leftOut: DeviceFilterScopeChange["leftOut"];
  let broughtIn: DeviceFilterScopeChange["broughtIn"];
  for (const device of candidateDevices([before?.rule, after?.rule])) {
    const [a, b] = [was(device), now(device)];
    if (a && !b) leftOut ??= { device };
    if (!a && b) broughtIn ??= { device };
    if (leftOut && broughtIn) break;
  }
  return { ...(leftOut ? { leftOut } : {}), ...(broughtIn ? { broughtIn } : {}) };
}

/** The candidate values of each property the rules read: null, their literals, literals joined, another value. */
function candidateValues(rules: readonly (string | undefined)[]): Map<string, (string | boolean | readonly string[] | null)[]> {
  const literals = new Map<string, string[]>();
  for (const rule of rules) {
    const parsed = rule === undefined ? undefined : parseDeviceFilterRule(rule);
    if (!parsed?.ok) continue;
    for (const c of comparisonsOf(parsed.rule)) {
      const values = c.value === null || typeof c.value === "boolean" ? [] : typeof c.value === "string" ? [c.value] : [...c.value];
      literals.set(c.property, [...new Set([...(literals.get(c.property) ?? []), ...values])]);
    }
  }
  const candidates = new Map<string, (string | boolean | readonly string[] | null)[]>();
  for (const [property, values] of literals) {
    const spec = DEVICE_FILTER_PROPERTIES[property];
    if (spec.type === "boolean") candidates.set(property, [null, true, false]);
    else if (spec.type === "collection") candidates.set(property, [null, [], ...values.map((v) => [v]), values]);
    else if (spec.values) candidates.set(property, [null, ...spec.values]);
    else {
      // Joins satisfy -startsWith one literal and -endsWith (or -contains) another at once, or -contains one
      // and -ne it (joined with itself or another value).
      const parts = [...values, OTHER];
      const joins = parts.flatMap((a) => parts.map((b) => `${a}${b}`)).filter((join) => join !== `${OTHER}${OTHER}`);
      candidates.set(property, [...new Set<string | null>([null, ...values, OTHER, ...joins.slice(0, MAX_JOINS)])]);
    }
  }
  return candidates;
}

type Candidate = string | boolean | readonly string[] | null;

/** A registered device with these property values (undefined when none is set: that is an unregistered device). */
function deviceOf(values: readonly (readonly [string, Candidate])[]): SignInDevice | undefined {
  const device: Record<string, unknown> = {};
  const extensionAttributes: Record<string, unknown> = {};
  for (const [property, value] of values) {
    if (value === null) continue;
    if (property.startsWith("extensionAttribute")) extensionAttributes[property] = value;
    else device[property] = value;
  }
  // Entra shows extension attributes only on a managed (or compliant, or hybrid joined) device.
  if (Object.keys(extensionAttributes).length > 0) Object.assign(device, { isManaged: true, extensionAttributes });
  return Object.keys(device).length > 0 ? (device as SignInDevice) : undefined;
}

/**
 * The devices to try: unregistered, then registered ones over every combination of candidate values; when there are
 * more than {@link MAX_DEVICES} combinations, each value of one property at a time, then as many combinations drawn by
 * a fixed pseudo-random sequence (the same on every run).
 */
function* candidateDevices(rules: readonly (string | undefined)[]): Generator<SignInDevice | undefined> {
  yield undefined;
  const dimensions = [...candidateValues(rules)];
  const total = dimensions.reduce((n, [, values]) => n * values.length, 1);
  if (total <= MAX_DEVICES) {
    for (let i = 0; i < total; i++) {
      let index = i;
      const device = deviceOf(
        dimensions.map(([property, values]) => {
          const value = values[index % values.length];
          index = Math.floor(index / values.length);
          return [property, value] as const;
        }),
      );
      if (device) yield device;
    }
    return;
  }
  for (const [property, values] of dimensions) for (const value of values) yield deviceOf([[property, value]]);
  let seed = 0x9e3779b9;
  // xorshift32: one value index per property and device.
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  for (let i = 0; i < MAX_DEVICES; i++) yield deviceOf(dimensions.map(([property, values]) => [property, values[next() % values.length]] as const));
}

/** A device in words, for a reviewer: "an unregistered device", "a registered device with trustType ServerAD, isCompliant true". */
export function describeDevice(device: SignInDevice | undefined): string {
  if (!device) return "an unregistered device";
  const shown = Object.entries({ ...device, ...(device.extensionAttributes ?? {}) })
    .filter(([key, value]) => key !== "extensionAttributes" && key !== "isManaged" && value !== undefined && value !== null)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]` : JSON.stringify(value)}`);
  return `a ${device.isManaged ? "managed" : "registered"} device with ${shown.join(", ")}`;
}
