/**
 * The rule grammar of Conditional Access "filter for devices" (`conditions.devices.deviceFilter.rule`), as
 * Microsoft documents it: "Conditional Access: Filter for devices" (the supported properties and the operators
 * each takes) and "Manage rules for dynamic membership groups" (the syntax it refers to). A small
 * recursive-descent parser: it reads a rule into a tree the policy facts evaluate, or says what is wrong and how
 * to fix it. It lives in config/ so stack validation can refuse a bad rule by key; docs/whatif.md cites each rule.
 */

import { GUID } from "./objectIds";

/** Comparison operators a device filter accepts (dynamic membership's -match/-notMatch are not among them). */
export const DEVICE_FILTER_OPERATORS = [
  "eq",
  "ne",
  "startsWith",
  "notStartsWith",
  "endsWith",
  "notEndsWith",
  "contains",
  "notContains",
  "in",
  "notIn",
] as const;
export type DeviceFilterOperator = (typeof DEVICE_FILTER_OPERATORS)[number];

/** The negative operators: on a device Entra does not know (every property null) they hold. */
export const NEGATIVE_OPERATORS: ReadonlySet<DeviceFilterOperator> = new Set(["ne", "notStartsWith", "notEndsWith", "notContains", "notIn"]);

const STRING_OPERATORS = DEVICE_FILTER_OPERATORS;
const EQUALITY = ["eq", "ne"] as const;
const IDS = ["eq", "ne", "in", "notIn"] as const;
const COLLECTION = ["contains", "notContains"] as const;

/** What a property holds, and the values it accepts (case-insensitive) when they are a fixed set. */
export interface DevicePropertySpec {
  readonly type: "string" | "boolean" | "collection";
  readonly operators: readonly DeviceFilterOperator[];
  readonly values?: readonly string[];
  /** A GUID-valued property. */
  readonly guid?: boolean;
}

const EXTENSION_ATTRIBUTES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}` as const);
export type ExtensionAttribute = (typeof EXTENSION_ATTRIBUTES)[number];

/** The device properties a filter can read, with their operators ("Supported operators and device properties for filters"). */
export const DEVICE_FILTER_PROPERTIES = {
  deviceId: { type: "string", operators: IDS, guid: true },
  displayName: { type: "string", operators: STRING_OPERATORS },
  deviceOwnership: { type: "string", operators: EQUALITY, values: ["Personal", "Company"] },
  enrollmentProfileName: { type: "string", operators: STRING_OPERATORS },
  isCompliant: { type: "boolean", operators: EQUALITY, values: ["True", "False"] },
  manufacturer: { type: "string", operators: STRING_OPERATORS },
  mdmAppId: { type: "string", operators: IDS, guid: true },
  model: { type: "string", operators: STRING_OPERATORS },
  operatingSystem: { type: "string", operators: STRING_OPERATORS },
  operatingSystemVersion: { type: "string", operators: STRING_OPERATORS },
  physicalIds: { type: "collection", operators: COLLECTION },
  profileType: { type: "string", operators: EQUALITY, values: ["RegisteredDevice", "SecureVM", "Printer", "Shared", "IoT"] },
  systemLabels: { type: "collection", operators: COLLECTION },
  trustType: { type: "string", operators: EQUALITY, values: ["AzureAD", "ServerAD", "Workplace"] },
  ...Object.fromEntries(EXTENSION_ATTRIBUTES.map((a) => [a, { type: "string", operators: STRING_OPERATORS }])),
} as Readonly<Record<string, DevicePropertySpec>> & { readonly [K in ExtensionAttribute]: DevicePropertySpec };

export type DeviceFilterProperty = keyof typeof DEVICE_FILTER_PROPERTIES;

/** "The maximum length for the filter rule is 3072 characters." */
export const MAX_RULE_LENGTH = 3072;

/** A parsed rule: comparisons joined by and / or / not. */
export type DeviceFilterNode =
  | { readonly kind: "and" | "or"; readonly operands: readonly DeviceFilterNode[] }
  | { readonly kind: "not"; readonly operand: DeviceFilterNode }
  | {
      readonly kind: "compare";
      readonly property: string;
      readonly operator: DeviceFilterOperator;
      /** A string, true/false, null, or a list of strings for -in / -notIn. */
      readonly value: string | boolean | null | readonly string[];
    };

export type ParsedDeviceFilter = { readonly ok: true; readonly rule: DeviceFilterNode } | { readonly ok: false; readonly problem: string };

type Token =
  | { readonly t: "(" | ")" | "[" | "]" | ","; readonly at: number }
  | { readonly t: "string"; readonly value: string; readonly at: number }
  | { readonly t: "word"; readonly value: string; readonly at: number };

class RuleError extends Error {}

const PROPERTY_BY_LOWER = new Map(Object.keys(DEVICE_FILTER_PROPERTIES).map((p) => [p.toLowerCase(), p]));
const OPERATOR_BY_LOWER = new Map<string, DeviceFilterOperator>(DEVICE_FILTER_OPERATORS.map((o) => [o.toLowerCase(), o]));
const PROPERTY_LIST = Object.keys(DEVICE_FILTER_PROPERTIES)
  .filter((p) => !p.startsWith("extensionAttribute"))
  .concat("extensionAttribute1 … extensionAttribute15")
  .join(", ");
const operatorList = (ops: readonly string[]) => ops.map((o) => `-${o}`).join(", ");

/** Splits a rule into tokens: brackets, commas, quoted strings (" with `" escapes, ' with '' escapes) and words. */
function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i];
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")" || c === "[" || c === "]" || c === ",") tokens.push({ t: c, at: i++ });
    else if (c === '"' || c === "'") {
      const start = i++;
      let value = "";
      for (;;) {
        if (i >= rule.length) throw new RuleError(`the string starting at character ${start + 1} is never closed: end it with ${c}`);
        const d = rule[i];
        // Dynamic membership rules escape a double quote with a backtick and a single quote by doubling it.
        if (c === '"' && d === "`" && (rule[i + 1] === '"' || rule[i + 1] === "`")) {
          value += rule[i + 1];
          i += 2;
        } else if (c === "'" && d === "'" && rule[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ t: "string", value, at: start });
    } else {
      const start = i;
      // Unicode dashes (a rule pasted from a document) read as the hyphen they stand for.
      while (i < rule.length && !/[\s()[\],"']/.test(rule[i])) i++;
      tokens.push({ t: "word", value: rule.slice(start, i).replace(/^[\u2010-\u2015\u2212]/, "-"), at: start });
    }
  }
  return tokens;
}

/** Parses one rule (recursive descent: comparisons bind tightest, then -not, -and, -or, as dynamic membership rules do). */
class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): DeviceFilterNode {
    if (this.tokens.length === 0) throw new RuleError('is empty: write a rule such as device.trustType -eq "ServerAD"');
    const node = this.or();
    const rest = this.tokens[this.i];
    if (rest) throw new RuleError(`${this.describe(rest)} at character ${rest.at + 1} follows a complete expression: join expressions with -and or -or`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isWord(token: Token | undefined, ...words: string[]): boolean {
    return token?.t === "word" && words.includes(token.value.toLowerCase());
  }

  private describe(token: Token): string {
    return token.t === "string" ? JSON.stringify(token.value) : token.t === "word" ? `"${token.value}"` : `"${token.t}"`;
  }

  private or(): DeviceFilterNode {
    return this.joined("or", () => this.and());
  }

  private and(): DeviceFilterNode {
    return this.joined("and", () => this.not());
  }

  /** Operands joined by -and or -or (or the bare word): one operand is itself, more are a node of the join. */
  private joined(kind: "and" | "or", operand: () => DeviceFilterNode): DeviceFilterNode {
    const operands = [operand()];
    while (this.isWord(this.peek(), `-${kind}`, kind)) {
      this.i++;
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0] : { kind, operands };
  }

  private not(): DeviceFilterNode {
    if (this.isWord(this.peek(), "-not", "not")) {
      this.i++;
      return { kind: "not", operand: this.not() };
    }
    return this.primary();
  }

  private primary(): DeviceFilterNode {
    const token = this.peek();
    if (!token) throw new RuleError("ends where an expression should start: finish it with device.<property> <operator> <value>");
    if (token.t === "(") {
      this.i++;
      const inner = this.or();
      const close = this.peek();
      if (close?.t !== ")") throw new RuleError(`the parenthesis opened at character ${token.at + 1} is never closed: add ")"`);
      this.i++;
      return inner;
    }
    return this.comparison();
  }

  private comparison(): DeviceFilterNode {
    const token = this.tokens[this.i++];
    if (token.t !== "word" || !/^device\./i.test(token.value)) {
      throw new RuleError(
        `expected device.<property> at character ${token.at + 1}, found ${this.describe(token)}: each expression reads device.<property> <operator> <value>`,
      );
    }
    const name = token.value.slice("device.".length);
    const property = PROPERTY_BY_LOWER.get(name.toLowerCase());
    if (!property) throw new RuleError(`device.${name} is not a property filters for devices can read: use one of ${PROPERTY_LIST}`);
    const spec = DEVICE_FILTER_PROPERTIES[property];
    const opToken = this.tokens[this.i++];
    if (!opToken) throw new RuleError(`device.${property} has no operator: use one of ${operatorList(spec.operators)}`);
    const opText = opToken.t === "word" ? opToken.value : "";
    const operator = OPERATOR_BY_LOWER.get(opText.replace(/^-/, "").toLowerCase());
    if (!operator) {
      throw new RuleError(
        `${this.describe(opToken)} after device.${property} is not an operator filters for devices accept: use one of ${operatorList(spec.operators)}`,
      );
    }
    if (!spec.operators.includes(operator)) {
      throw new RuleError(`-${operator} is not supported on device.${property}: use one of ${operatorList(spec.operators)}`);
    }
    const value = this.value(property, operator);
    return { kind: "compare", property, operator, value };
  }

  private value(property: string, operator: DeviceFilterOperator): string | boolean | null | readonly string[] {
    const spec = DEVICE_FILTER_PROPERTIES[property];
    const token = this.tokens[this.i++];
    const where = `device.${property} -${operator}`;
    if (!token) throw new RuleError(`${where} has no value: add one, such as ${example(spec)}`);
    if (operator === "in" || operator === "notIn") {
      if (token.t !== "[") throw new RuleError(`${where} needs a list of values in brackets, such as [${example(spec)}]`);
      const values: string[] = [];
      for (;;) {
        const item = this.tokens[this.i++];
        if (item?.t === "]" && values.length === 0) throw new RuleError(`${where} has an empty list: name at least one value`);
        if (item?.t !== "string") throw new RuleError(`${where} needs quoted strings in its list, separated by commas, such as [${example(spec)}]`);
        values.push(checked(spec, where, item.value));
        const next = this.tokens[this.i++];
        if (next?.t === "]") return values;
        if (next?.t !== ",") throw new RuleError(`${where}: the list is never closed: separate values with commas and end it with "]"`);
      }
    }
    if (token.t === "word") {
      const word = token.value.toLowerCase();
      if (word === "null" && (operator === "eq" || operator === "ne")) return null;
      if ((word === "true" || word === "false") && spec.type === "boolean") return word === "true";
      throw new RuleError(`${where} is followed by ${this.describe(token)}: quote the value, such as ${example(spec)}`);
    }
    if (token.t !== "string") throw new RuleError(`${where} is followed by ${this.describe(token)} where a value should be: add one, such as ${example(spec)}`);
    if (spec.type === "boolean") return checked(spec, where, token.value).toLowerCase() === "true";
    return checked(spec, where, token.value);
  }
}

function example(spec: DevicePropertySpec): string {
  if (spec.values) return `"${spec.values[0]}"`;
  return spec.guid ? '"aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb"' : '"value"';
}

/** The value, when the property accepts it: one of its documented values (any case) or a GUID. */
function checked(spec: DevicePropertySpec, where: string, value: string): string {
  if (spec.values && !spec.values.some((v) => v.toLowerCase() === value.toLowerCase())) {
    throw new RuleError(`${where} ${JSON.stringify(value)}: the supported values are ${spec.values.map((v) => `"${v}"`).join(", ")}`);
  }
  if (spec.guid && !GUID.test(value)) throw new RuleError(`${where} ${JSON.stringify(value)} is not a GUID: use an id such as ${example(spec)}`);
  return value;
}

/** Reads a device filter rule, or says what is wrong with it and how to fix it. */
export function parseDeviceFilterRule(rule: string): ParsedDeviceFilter {
  if (rule.length > MAX_RULE_LENGTH) return { ok: false, problem: `is ${rule.length} characters long; the maximum is ${MAX_RULE_LENGTH}: shorten the rule` };
  try {
    return { ok: true, rule: new Parser(tokenize(rule)).parse() };
  } catch (err) {
    if (err instanceof RuleError) return { ok: false, problem: err.message };
    throw err;
  }
}

/** The comparisons of a rule, depth first (what it reads of a device). */
export function comparisonsOf(node: DeviceFilterNode): Extract<DeviceFilterNode, { kind: "compare" }>[] {
  if (node.kind === "compare") return [node];
  if (node.kind === "not") return comparisonsOf(node.operand);
  return node.operands.flatMap(comparisonsOf);
}

/**
 * Problems of a policy's `conditions.devices` (Graph's shape): a filter needs `mode` include or exclude and a rule
 * the grammar reads. Each is `{ path, message }` relative to the policy, with the fix.
 */
export function deviceFilterProblems(devices: unknown): { path: string; message: string }[] {
  if (!devices || typeof devices !== "object") return [];
  const filter = (devices as { deviceFilter?: unknown }).deviceFilter;
  if (filter === undefined || filter === null) return [];
  if (typeof filter !== "object") return [{ path: "conditions.devices.deviceFilter", message: "must be { mode: include | exclude, rule: <rule> }" }];
  const { mode, rule } = filter as { mode?: unknown; rule?: unknown };
  const problems: { path: string; message: string }[] = [];
  if (mode !== "include" && mode !== "exclude") {
    problems.push({ path: "conditions.devices.deviceFilter.mode", message: `${JSON.stringify(mode ?? null)} is not a mode: use include or exclude` });
  }
  if (typeof rule !== "string") {
    problems.push({ path: "conditions.devices.deviceFilter.rule", message: 'is required: a rule such as device.trustType -eq "ServerAD"' });
  } else {
    const parsed = parseDeviceFilterRule(rule);
    const shown = rule.length > 80 ? `${rule.slice(0, 77)}...` : rule;
    if (!parsed.ok) problems.push({ path: "conditions.devices.deviceFilter.rule", message: `${JSON.stringify(shown)}: ${parsed.problem}` });
  }
  return problems;
}
