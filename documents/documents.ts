import * as fs from "fs";
import * as path from "path";
import { canonicalIds } from "../config/objectIds";
import { decodeText, TextEncodingError } from "../config/textFile";
import { parseYaml, YamlSyntaxError } from "../config/yamlText";
import { StackFileError, UsageError } from "./errors";
import type { PlanResult } from "./planResult";
import { planProblem } from "./planShape";

/**
 * The kinds of document the commands read: a plan (`npm run plan -- --json`), what
 * `pulumi preview --json` prints, a stack file (`Pulumi.<stack>.yaml`), and a stack's state
 * (`pulumi stack output --json` or `pulumi stack export`). One reader tells them apart, so a
 * command given the wrong kind stops with a usage error (exit 2) instead of reading it as
 * something else (a plan read as a preview would say "no change").
 */
export const DOCUMENT_KINDS = ["plan", "preview", "stack", "state"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What each kind is called. */
export const DOCUMENT_NAME: Readonly<Record<DocumentKind, string>> = {
  plan: "a plan",
  preview: "a pulumi preview --json document",
  stack: "a stack file",
  state: "a stack's state",
};

/** The fix when a command needs this kind. */
export const DOCUMENT_FIX: Readonly<Record<DocumentKind, string>> = {
  plan: "pass a file written by npm run plan -- --stack <name> --json",
  preview: "pass a file written by pulumi preview --json",
  stack: "pass a stack file (stacks/Pulumi.<stack>.yaml)",
  state: "pass the output of `pulumi stack output --json` or `pulumi stack export`",
};

/** The top-level keys of a Pulumi stack file. */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/** The largest JSON document read, far above a 195-policy preview; a bigger file is refused before it is parsed. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
/** The largest YAML document read: stack files are small, and YAML parsing is slower than JSON. */
const MAX_YAML_BYTES = 1024 * 1024;

const has = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);
export const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Which kind a parsed document is, by the keys only that kind has; undefined for anything else. */
export function documentKindOf(value: unknown): DocumentKind | undefined {
  if (!isMapping(value)) return undefined;
  if (has(value, "steps") || has(value, "changeSummary")) return "preview";
  if (has(value, "conditionalAccessPolicies") || has(value, "securityDefaults")) return "plan";
  if (has(value, "deployment") || has(value, "policyIds") || has(value, "securityDefaultsEnabled")) return "state";
  if (STACK_FILE_KEYS.some((key) => has(value, key))) return "stack";
  return undefined;
}

/** The text of an input file, or a usage error naming the flag, the file and the fix. */
function readText(file: string, flag: string, expected: DocumentKind): string {
  const fix = DOCUMENT_FIX[expected];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === "ENOENT" || code === "ENOTDIR" ? "no such file" : `cannot read it (${code ?? "invalid path"})`}; ${fix}`);
  }
  if (stat.isDirectory()) throw new UsageError(`${flag} ${file}: is a folder, not a file; ${fix}`);
  if (stat.size > MAX_JSON_BYTES) throw new UsageError(`${flag} ${file}: ${stat.size} bytes is too large for ${DOCUMENT_NAME[expected]}; ${fix}`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? "unreadable"}); ${fix}`);
  }
  // UTF-8 with or without a byte-order mark, UTF-16 with one (Windows PowerShell 5.1's `>`), CRLF or LF.
  try {
    return decodeText(bytes);
  } catch (err) {
    if (err instanceof TextEncodingError) throw new UsageError(`${flag} ${file}: ${err.message}`);
    throw err;
  }
}

/** JSON first (plans and previews), YAML for stack files (loaded only then: the diff reads JSON). */
function parse(text: string, file: string, flag: string, expected: DocumentKind): unknown {
  const fix = DOCUMENT_FIX[expected];
  try {
    return JSON.parse(text);
  } catch (err) {
    if (expected !== "stack") throw new UsageError(`${flag} ${file}: not valid JSON (${(err as Error).message.split("\n")[0]}); ${fix}`);
  }
  if (Buffer.byteLength(text) > MAX_YAML_BYTES) throw new UsageError(`${flag} ${file}: too large for a stack file; ${fix}`);
  try {
    return parseYaml(text);
  } catch (err) {
    if (err instanceof YamlSyntaxError) {
      const at = `line ${err.line}, column ${err.column}`;
      throw new StackFileError(`${file}: not valid YAML at ${at}: ${err.reason}; fix the file's indentation or quoting\n${err.frame}`);
    }
    throw new StackFileError(`${file}: cannot be read as a stack file (${(err as Error).message.split("\n")[0]}); fix the file`);
  }
}

/** Refuses a document of another kind (or of none) with a usage error that says what it is and what to pass. */
function expectKind(value: unknown, file: string, flag: string, expected: DocumentKind): void {
  const kind = documentKindOf(value);
  if (kind === expected) return;
  const fix = DOCUMENT_FIX[expected];
  const what = kind ? `this is ${DOCUMENT_NAME[kind]}, not ${DOCUMENT_NAME[expected]}` : `not ${DOCUMENT_NAME[expected]} (${describeValue(value)})`;
  throw new UsageError(`${flag} ${file}: ${what}; ${fix}`);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (!isMapping(value)) return `a ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length === 0 ? "an empty object" : `an object with ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}`;
}

/**
 * A plan file, checked field by field against what the tools read; the break-glass ids and
 * findings default to none. A plan without a stack name is labelled with its file name.
 */
export function readPlanFile(file: string, flag: string): PlanResult {
  const value = parse(readText(file, flag, "plan"), file, flag, "plan");
  expectKind(value, file, flag, "plan");
  const problem = planProblem(value);
  if (problem) throw new UsageError(`${flag} ${file}: not a plan: ${problem}; ${DOCUMENT_FIX.plan}`);
  const plan = value as Partial<PlanResult> & Pick<PlanResult, "securityDefaults" | "conditionalAccessPolicies">;
  return {
    stack: plan.stack ?? path.basename(file),
    plan: plan.plan ?? "p1",
    protection: plan.protection ?? "conditionalAccess",
    securityDefaults: { isEnabled: plan.securityDefaults.isEnabled },
    // Object ids lower-cased at this edge, as the configuration's and Graph's are: Entra ignores their case.
    breakGlass: canonicalIds({ users: plan.breakGlass?.users ?? [], groups: plan.breakGlass?.groups ?? [] }),
    conditionalAccessPolicies: canonicalIds(plan.conditionalAccessPolicies),
    ...(plan.namedLocations ? { namedLocations: plan.namedLocations } : {}),
    resources: plan.resources ?? [],
    findings: plan.findings ?? [],
  };
}

/** A `pulumi preview --json` document, checked to be one (its steps are read by `diff/previewReader.ts`). */
export function readPreviewFile(file: string, flag: string): Record<string, unknown> {
  const value = parse(readText(file, flag, "preview"), file, flag, "preview");
  expectKind(value, file, flag, "preview");
  return value as Record<string, unknown>;
}

/**
 * A stack file's content. An empty file is a stack file without configuration; a plan or a
 * preview saved under a stack file's name is a usage error; YAML that does not parse is a
 * rejected configuration (exit 1), with its line.
 */
export function readStackFile(file: string, flag = "--stack"): Record<string, unknown> {
  const value = parse(readText(file, flag, "stack"), file, flag, "stack");
  if (value === null || value === undefined) return {};
  if (isMapping(value) && Object.keys(value).length === 0) return {};
  const kind = documentKindOf(value);
  if (kind !== undefined && kind !== "stack") expectKind(value, file, flag, "stack");
  if (!isMapping(value)) throw new StackFileError(`${file}: not a stack file (${describeValue(value)}); a stack file is a mapping with a "config" key`);
  return value;
}

/**
 * A stack's state: the outputs `pulumi stack output --json` prints, or `pulumi stack export`. An
 * empty object (a stack never deployed, or whose state was lost) is a state too: it owns nothing.
 */
export function readStateFile(file: string, flag: string): Record<string, unknown> {
  const value = parse(readText(file, flag, "state"), file, flag, "state");
  if (isMapping(value) && Object.keys(value).length === 0) return {};
  expectKind(value, file, flag, "state");
  return value as Record<string, unknown>;
}
