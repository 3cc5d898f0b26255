import fc from "fast-check";
import { DEVICE_FILTER_OPERATORS, DeviceFilterNode } from "../../config/deviceFilterRule";

/** One comparison of a string property: any operator, a value from the pool (a list of two for -in and -notIn). */
export function stringComparison(properties: readonly string[], values: readonly string[]): fc.Arbitrary<DeviceFilterNode> {
  return fc
    .record({ property: fc.constantFrom(...properties), operator: fc.constantFrom(...DEVICE_FILTER_OPERATORS), value: fc.constantFrom(...values) })
    .map(({ property, operator, value }) => ({
      kind: "compare" as const,
      property,
      operator,
      value: operator === "in" || operator === "notIn" ? [value, "zz"] : value,
    }));
}

/** Rules of the given comparisons joined by -and, -or and -not, small enough to shrink. */
export function deviceFilterTree(leaf: fc.Arbitrary<DeviceFilterNode>): fc.Arbitrary<DeviceFilterNode> {
  return fc.letrec<{ node: DeviceFilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constantFrom("and" as const, "or" as const), operands: fc.array(tie("node"), { minLength: 2, maxLength: 3 }) }),
      tie("node").map((operand) => ({ kind: "not" as const, operand })),
    ),
  })).node;
}

/** A rule's text, every operand in parentheses, as Microsoft's grammar reads it. */
export function printRule(n: DeviceFilterNode): string {
  if (n.kind === "not") return `-not (${printRule(n.operand)})`;
  if (n.kind !== "compare") return n.operands.map((o) => `(${printRule(o)})`).join(` -${n.kind} `);
  const value = Array.isArray(n.value) ? `[${n.value.map((v) => `"${v}"`).join(", ")}]` : typeof n.value === "string" ? `"${n.value}"` : String(n.value);
  return `device.${n.property} -${n.operator} ${value}`;
}
