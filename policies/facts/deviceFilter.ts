import { DEVICE_FILTER_PROPERTIES, DeviceFilterNode, DeviceFilterOperator, NEGATIVE_OPERATORS, parseDeviceFilterRule } from "../../config/deviceFilterRule";
import type { SignInDevice } from "./signIn";

export { DEVICE_FILTER_OPERATORS, DEVICE_FILTER_PROPERTIES, parseDeviceFilterRule } from "../../config/deviceFilterRule";
export type { DeviceFilterNode, DeviceFilterOperator } from "../../config/deviceFilterRule";

/**
 * Filter for devices evaluated against a sign-in's device ("Conditional Access: Filter for devices"):
 *
 * - an unregistered device has every property null: a positive operator (-eq, -startsWith, -endsWith, -contains,
 *   -in) is false on null and a negative one (-ne, -notStartsWith, -notEndsWith, -notContains, -notIn) true, so
 *   "the best way to target policies for unregistered devices is by using the negative operator";
 * - string comparisons ignore case ("Regex and string operations aren't case sensitive");
 * - -contains on a string is a substring test, on physicalIds and systemLabels a whole-element test;
 * - extensionAttribute1-15 have a value only on a device that is Intune managed, compliant or hybrid joined.
 */

type Value = string | boolean | readonly string[] | null;

/** Whether the device is Microsoft Entra hybrid joined (`trustType` ServerAD, in any case). */
export function isHybridJoined(device: SignInDevice): boolean {
  return typeof device.trustType === "string" && device.trustType.toLowerCase() === "serverad";
}

/** The property's value on the device as Conditional Access reads it: null when Entra does not know it. */
export function devicePropertyValue(device: SignInDevice | undefined, property: string): Value {
  if (!device) return null;
  if (property.startsWith("extensionAttribute")) {
    // "Devices must be Microsoft Intune managed, compliant, or Microsoft Entra hybrid joined for a value to be available."
    // Written without `?.` and `??`, which sucrase (the CLIs' loader) turns into calls that allocate, per sign-in here.
    const available = device.isManaged === true || device.isCompliant === true || isHybridJoined(device);
    const attributes = device.extensionAttributes;
    const value = available && attributes ? attributes[property as keyof NonNullable<SignInDevice["extensionAttributes"]>] : undefined;
    return value === undefined || value === null ? null : value;
  }
  const value = (device as Record<string, unknown>)[property];
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return null;
}

const lowerAll = (values: readonly string[]) => values.map((v) => v.toLowerCase());

/** One comparison compiled into a test of a device. */
function compileComparison(property: string, operator: DeviceFilterOperator, expected: Value): (device: SignInDevice | undefined) => boolean {
  const negative = NEGATIVE_OPERATORS.has(operator);
  const spec = DEVICE_FILTER_PROPERTIES[property];
  if (expected === null) {
    // -eq null / -ne null: whether Entra knows the property.
    return (device) => (devicePropertyValue(device, property) === null) === (operator === "eq");
  }
  const wanted = typeof expected === "string" ? expected.toLowerCase() : expected;
  const list = Array.isArray(expected) ? new Set(lowerAll(expected)) : undefined;
  const positive = (actual: Exclude<Value, null>): boolean => {
    if (typeof actual === "boolean") return actual === (typeof wanted === "boolean" ? wanted : wanted === "true");
    if (Array.isArray(actual)) return lowerAll(actual).includes(wanted as string);
    const a = (actual as string).toLowerCase();
    switch (operator) {
      case "eq":
      case "ne":
        return a === wanted;
      case "startsWith":
      case "notStartsWith":
        return a.startsWith(wanted as string);
      case "endsWith":
      case "notEndsWith":
        return a.endsWith(wanted as string);
      case "contains":
      case "notContains":
        return a.includes(wanted as string);
      default:
        return list!.has(a);
    }
  };
  return (device) => {
    const actual = devicePropertyValue(device, property);
    // Null: a positive operator does not hold, a negative one does (the documented unregistered-device behaviour).
    if (actual === null) return negative;
    // A boolean property compared as a string ("True"), or a string property: per the property's declared type.
    const typed = spec.type === "boolean" && typeof actual === "string" ? actual.toLowerCase() === "true" : actual;
    return positive(typed) !== negative;
  };
}

/** A parsed rule compiled into a test of a device (undefined: an unregistered device). */
export function compileDeviceFilter(node: DeviceFilterNode): (device: SignInDevice | undefined) => boolean {
  switch (node.kind) {
    case "compare":
      return compileComparison(node.property, node.operator, node.value);
    case "not": {
      const operand = compileDeviceFilter(node.operand);
      return (device) => !operand(device);
    }
    case "and": {
      const operands = node.operands.map(compileDeviceFilter);
      return (device) => operands.every((test) => test(device));
    }
    default: {
      const operands = node.operands.map(compileDeviceFilter);
      return (device) => operands.some((test) => test(device));
    }
  }
}

/** Whether a policy's device filter keeps the policy for this device: include mode when the rule holds, exclude mode when it does not. */
export type DeviceFilterTest = (device: SignInDevice | undefined) => boolean;

/** A policy's filter compiled once, or why it cannot be (a rule the grammar does not read: the stack's validation refuses it). */
export function deviceFilterTest(filter: { readonly mode: "include" | "exclude"; readonly rule: string }): { test: DeviceFilterTest } | { problem: string } {
  const parsed = parseDeviceFilterRule(filter.rule);
  if (!parsed.ok) return { problem: parsed.problem };
  const rule = compileDeviceFilter(parsed.rule);
  return { test: filter.mode === "include" ? rule : (device) => !rule(device) };
}
