import type { ErrorObject, ValidateFunction } from "ajv/dist/2020";
import * as fs from "fs";
import * as path from "path";
import type { CustomPolicySetting, NamedLocationSetting } from "./args";
import { GUID } from "./objectIds";
import { setsAnything } from "./graphValues";
import { decodeText } from "./textFile";
import { deviceFilterProblems } from "./deviceFilterRule";
import GRAPH_POLICY_SCHEMA from "./graph/conditionalAccessPolicy.v1.schema.json";
import { BETA_ONLY, GRAPH_ENUMS, GUEST_TYPES, membersOf, POLICY_FIELDS, UNKNOWN_FUTURE_VALUE } from "./graph/policyFields";
import { betaOnlyParts, membersNamed, readField, valueAt } from "./graph/policyShape";

export { READ_ONLY_POLICY_FIELDS } from "./graph/policyFields";

/** A custom policy after loading: its key, where it came from, and Graph's JSON (or why it could not be read). */
export interface CustomPolicy {
  readonly key: string;
  /** `inline`, or the path of the file it was read from. */
  readonly source: string;
  readonly graph?: Readonly<Record<string, any>>;
  readonly loadError?: string;
}

/** Keys of custom policies and named locations: they name Pulumi resources, so letters and digits only. */
export const RESOURCE_KEY_PATTERN = "^[A-Za-z][A-Za-z0-9]{0,63}$";

/**
 * Location values Graph defines itself (`00000000-0000-0000-0000-000000000000` is the legacy MFA service's trusted IPs,
 * declared with `mfaTrustedIps`); every other value in a custom policy's locations is a `namedLocations` key.
 */
export const BUILT_IN_LOCATIONS = ["All", "AllTrusted", "00000000-0000-0000-0000-000000000000"] as const;

const LEAVE_IT = "remove it or manage this policy in the portal";

/** Loads each custom policy: inline JSON as it is, a `.json` path read relative to `baseDir` (the project folder). */
export function loadCustomPolicies(stated: Readonly<Record<string, CustomPolicySetting>> | undefined, baseDir = process.cwd()): CustomPolicy[] {
  return Object.entries(stated ?? {}).map(([key, setting]) => {
    if (typeof setting !== "string") return { key, source: "inline", graph: setting };
    const file = path.resolve(baseDir, setting);
    try {
      const graph = JSON.parse(decodeText(fs.readFileSync(file)));
      if (!graph || typeof graph !== "object" || Array.isArray(graph)) return { key, source: file, loadError: `${file} holds no JSON object` };
      return { key, source: file, graph };
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message.split("\n")[0];
      return { key, source: file, loadError: `cannot read ${file}: ${reason}` };
    }
  });
}

let compiledGraphSchema: ValidateFunction | undefined;
/** Graph's policy schema, compiled on first use: most stacks declare no custom policy, and it costs a fifth of a plan's start. */
function validateGraph(policy: unknown): { valid: boolean; errors: ErrorObject[] } {
  if (!compiledGraphSchema) {
    const Ajv2020 = (require("ajv/dist/2020") as typeof import("ajv/dist/2020")).default;
    compiledGraphSchema = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, verbose: true }).compile(GRAPH_POLICY_SCHEMA);
  }
  const valid = compiledGraphSchema(policy);
  return { valid, errors: compiledGraphSchema.errors ?? [] };
}

const isSet = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
const dotted = (instancePath: string) => instancePath.split("/").filter(Boolean).join(".");

/** Ajv's answer for one path: the most specific message, once per path. */
function schemaProblems(errors: readonly ErrorObject[]): { path: string; message: string }[] {
  const byPath = new Map<string, string>();
  for (const e of errors) {
    // anyOf [type, null]: the null branch's "must be null" says nothing the other branch does not.
    if (e.keyword === "anyOf" || (e.keyword === "type" && (e.params as { type?: unknown }).type === "null")) continue;
    const where = dotted(e.instancePath);
    // Beta-only parts are refused by name, with the feature, when they set something (and ignored when null).
    const property = e.keyword === "additionalProperties" ? `${where}.${e.params.additionalProperty}` : "";
    if (BETA_ONLY.some((b) => b.path === property || (b.values && where.startsWith(`${b.path}.`) && b.values.test(String(e.data))))) continue;
    const message =
      e.keyword === "additionalProperties"
        ? `has "${e.params.additionalProperty}", which Graph's v1.0 conditionalAccessPolicy does not define`
        : e.keyword === "pattern" || e.keyword === "enum"
          ? `${JSON.stringify(e.data)} is not a value Graph accepts here`
          : `${JSON.stringify(e.data)} ${e.message}`;
    const path = e.keyword === "additionalProperties" ? where : where;
    if (!byPath.has(path)) byPath.set(path, message);
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

/**
 * Guest or external user types a custom policy may name: Graph's flags enum as its v1.0 schema spells it, without
 * `none` and `unknownFutureValue`, which select no one (a spec keeps it equal to the policy facts' vocabulary).
 */
export const GUEST_OR_EXTERNAL_USER_TYPES: readonly string[] = GUEST_TYPES;
const GUEST_TYPES_LIST = GUEST_OR_EXTERNAL_USER_TYPES.join(", ");

/** A guest condition Graph would accept and that selects someone: known types, and tenants that are all or listed by id. */
function guestProblems(value: unknown, path: string): { path: string; message: string }[] {
  // Graph answers `{ guestOrExternalUserTypes: "none", externalTenants: null }` for a condition that selects no one.
  if (!setsAnything(value) || typeof value !== "object") return [];
  const v = value as { guestOrExternalUserTypes?: unknown; externalTenants?: { membershipKind?: unknown; members?: unknown } | null };
  const problems: { path: string; message: string }[] = [];
  const types =
    typeof v.guestOrExternalUserTypes === "string"
      ? v.guestOrExternalUserTypes
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t !== "none")
      : [];
  const unknown = types.filter((t) => !GUEST_OR_EXTERNAL_USER_TYPES.includes(t));
  if (types.length === 0 || unknown.length > 0) {
    problems.push({
      path: `${path}.guestOrExternalUserTypes`,
      message:
        `${types.length === 0 ? "names no type" : `names ${unknown.map((t) => JSON.stringify(t)).join(", ")}`}: ` +
        `set a comma-separated list of ${GUEST_TYPES_LIST}`,
    });
  }
  const tenants = v.externalTenants;
  if (tenants && typeof tenants === "object") {
    const members = Array.isArray(tenants.members) ? tenants.members : [];
    const kind = tenants.membershipKind ?? (members.length > 0 ? "enumerated" : "all");
    if (kind !== "all" && kind !== "enumerated") {
      problems.push({
        path: `${path}.externalTenants.membershipKind`,
        message: `${JSON.stringify(kind)} selects no tenant: use all, or enumerated with members`,
      });
    } else if (kind === "enumerated" && (members.length === 0 || members.some((m) => typeof m !== "string" || !GUID.test(m)))) {
      const bad = members.filter((m) => typeof m !== "string" || !GUID.test(m));
      const what = bad.length > 0 ? `${bad.map((m) => JSON.stringify(m)).join(", ")} is not a tenant id` : "is empty";
      problems.push({ path: `${path}.externalTenants.members`, message: `${what}; enumerated tenants need a list of tenant ids (GUIDs)` });
    } else if (kind === "all" && members.length > 0) {
      problems.push({ path: `${path}.externalTenants.members`, message: 'is only for membershipKind "enumerated"; all covers every tenant' });
    }
  }
  return problems;
}

/** What Graph needs to create a policy (its docs, beyond the CSDL schema). */
function shapeProblems(graph: Readonly<Record<string, any>>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (typeof graph.displayName !== "string" || graph.displayName.trim() === "") problems.push({ path: "displayName", message: "is required" });
  if (!isSet(graph.state)) problems.push({ path: "state", message: "is required: enabled, disabled or enabledForReportingButNotEnforced" });
  const c = graph.conditions;
  if (!c || typeof c !== "object") problems.push({ path: "conditions", message: "is required, with users and applications" });
  else {
    if (!c.users) problems.push({ path: "conditions.users", message: "is required" });
    if (!c.applications) problems.push({ path: "conditions.applications", message: "is required" });
    for (const [field, users] of [
      ["includeGuestsOrExternalUsers", "includeUsers"],
      ["excludeGuestsOrExternalUsers", "excludeUsers"],
    ] as const) {
      problems.push(...guestProblems(c.users?.[field], `conditions.users.${field}`));
      // Graph refuses both at once: "'GuestsOrExternalUsers' cannot be combined with guestOrExternalUsers".
      if (setsAnything(c.users?.[field]) && Array.isArray(c.users?.[users]) && c.users[users].includes("GuestsOrExternalUsers")) {
        problems.push({
          path: `conditions.users.${users}`,
          message: `lists "GuestsOrExternalUsers" beside ${field}, which Graph refuses: drop "GuestsOrExternalUsers" and name the types in ${field}`,
        });
      }
    }
  }
  if (!isSet(graph.grantControls) && !isSet(graph.sessionControls)) problems.push({ path: "grantControls", message: "or sessionControls is required" });
  // Beta-only parts, by name: the schema does not know most of them, and dropping one could change what the policy does.
  for (const { path, feature } of betaOnlyParts(graph)) {
    problems.push({
      path,
      message: `is refused: it uses ${feature}, which only Graph beta defines (Graph v1.0 and the azuread provider cannot set it); ${LEAVE_IT}`,
    });
  }
  return [...problems, ...fieldProblems(graph)];
}

const ON_OFF_WITH_EVERY_TIME = ["sessionControls.applicationEnforcedRestrictions", "sessionControls.disableResilienceDefaults"] as const;

/** Each declared field's value as Graph would take it: no placeholder members, filters with a mode and a rule, controls with their setting. */
function fieldProblems(graph: Readonly<Record<string, any>>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const f of POLICY_FIELDS) {
    const raw = valueAt(graph, f.path);
    const value = readField(f, raw);
    if (f.kind !== "guests" && membersNamed(f, value).includes(UNKNOWN_FUTURE_VALUE)) {
      const named = membersOf(f).filter((m) => m !== UNKNOWN_FUTURE_VALUE && m !== "none");
      problems.push({
        path: f.path,
        message: `names ${UNKNOWN_FUTURE_VALUE}, Graph's placeholder for a value this release cannot name: name the value (one of ${named.join(", ")})`,
      });
    }
    // The device filter is checked with its grammar (deviceFilterRule.ts); the other filters' rules are opaque here.
    if (f.kind === "filter" && f.path !== "conditions.devices.deviceFilter" && raw && typeof raw === "object" && setsAnything(raw)) {
      if (typeof raw.rule !== "string" || raw.rule.trim() === "")
        problems.push({ path: `${f.path}.rule`, message: "is required: a rule in Entra's filter syntax" });
      if (!(GRAPH_ENUMS.filterMode as readonly unknown[]).includes(raw.mode))
        problems.push({ path: `${f.path}.mode`, message: "is required: include or exclude" });
    }
    if (f.oneOf && value !== undefined && !f.oneOf.includes(String(value))) {
      problems.push({ path: f.path, message: `${JSON.stringify(value)} is not a value Graph accepts here: use ${f.oneOf.join(" or ")}` });
    }
    if (f.kind === "switched" && value !== undefined && (value as Record<string, unknown>)[f.setting!] === undefined) {
      problems.push({
        path: `${f.path}.${f.setting}`,
        message: `is required when ${f.label} is on: one of ${membersOf(f)
          .filter((m) => m !== UNKNOWN_FUTURE_VALUE)
          .join(", ")}`,
      });
    }
    if (f.kind === "frequency" && value !== undefined) problems.push(...frequencyProblems(value as Record<string, any>, f.path));
  }
  const sif = readField(
    POLICY_FIELDS.find((f) => f.kind === "frequency")!,
    graph.sessionControls?.signInFrequency,
  ) as { frequencyInterval?: string } | undefined;
  if (sif?.frequencyInterval === "everyTime") {
    for (const path of ON_OFF_WITH_EVERY_TIME.filter((p) => setsAnything(valueAt(graph, p)))) {
      problems.push({
        path,
        message: "cannot be set with an everyTime sign-in frequency (Graph refuses it, and the azuread provider drops it): remove one of them",
      });
    }
  }
  return problems;
}

/** A sign-in frequency Graph takes: time-based with a whole number of hours or days, or every time with neither. */
function frequencyProblems(sif: Readonly<Record<string, any>>, path: string): { path: string; message: string }[] {
  if (sif.frequencyInterval === "everyTime") {
    return sif.value !== undefined || sif.type !== undefined ? [{ path, message: "an everyTime sign-in frequency takes no value or type: remove them" }] : [];
  }
  const problems: { path: string; message: string }[] = [];
  if (!(Number.isInteger(sif.value) && sif.value >= 1)) {
    problems.push({ path: `${path}.value`, message: `${JSON.stringify(sif.value ?? null)} is not a whole number of hours or days (1 or more)` });
  }
  if (sif.type === undefined) problems.push({ path: `${path}.type`, message: "is required with a timeBased sign-in frequency: hours or days" });
  return problems;
}

/** The named locations a policy refers to by key (its include/exclude locations other than All and AllTrusted). */
export function locationKeysOf(graph: Readonly<Record<string, any>>): { readonly field: string; readonly key: string }[] {
  const locations = graph.conditions?.locations ?? {};
  return (["includeLocations", "excludeLocations"] as const).flatMap((field) =>
    (Array.isArray(locations[field]) ? locations[field] : [])
      .filter((value: unknown) => !(BUILT_IN_LOCATIONS as readonly unknown[]).includes(value))
      .map((key: unknown) => ({ field, key: String(key) })),
  );
}

/** Each named location is IP ranges or countries, never both nor neither. */
export function namedLocationIssues(locations: Readonly<Record<string, NamedLocationSetting>>, keyPrefix: string): { key: string; message: string }[] {
  return Object.entries(locations).flatMap(([key, location]) => {
    const kinds = [location.ipRanges !== undefined, location.countries !== undefined].filter(Boolean).length;
    if (kinds === 1 && !(location.countries !== undefined && location.trusted !== undefined)) return [];
    const why =
      kinds === 0 ? "sets neither ipRanges nor countries" : kinds === 2 ? "sets both ipRanges and countries" : "sets trusted, which only IP ranges take";
    return [
      {
        key: `${keyPrefix}.${key}`,
        message: `${why}; set it to { displayName, ipRanges: [CIDR ranges], trusted? } or { displayName, countries: [ISO codes] }`,
      },
    ];
  });
}

/**
 * Every problem of the custom policies, each naming its key: a file that cannot be read, Graph's
 * v1.0 schema, what Graph needs to create a policy, what this project cannot declare, and each
 * named location used but not declared.
 */
export function customPolicyIssues(
  policies: readonly CustomPolicy[],
  namedLocations: Readonly<Record<string, NamedLocationSetting>>,
  keyPrefix: string,
): { key: string; message: string }[] {
  const issues: { key: string; message: string }[] = [];
  const fix = "fix it to Graph's v1.0 conditionalAccessPolicy shape (learn.microsoft.com/graph/api/resources/conditionalaccesspolicy)";
  for (const policy of policies) {
    const base = `${keyPrefix}.${policy.key}`;
    if (policy.loadError !== undefined || policy.graph === undefined) {
      issues.push({
        key: base,
        message: `${policy.loadError ?? "is empty"}; set it to a policy object or the path of a .json file (relative to the project folder)`,
      });
      continue;
    }
    const checked = validateGraph(policy.graph);
    const schema = checked.valid ? [] : schemaProblems(checked.errors);
    const devices = deviceFilterProblems(policy.graph.conditions?.devices);
    // What the azuread provider cannot express is not refused: such a policy is written through Graph
    // (components/graphConditionalAccessPolicy.ts).
    for (const p of [...schema, ...shapeProblems(policy.graph), ...devices])
      issues.push({ key: p.path ? `${base}.${p.path}` : base, message: `${p.message}; ${fix}` });
    for (const { field, key } of locationKeysOf(policy.graph)) {
      if (!Object.prototype.hasOwnProperty.call(namedLocations, key)) {
        issues.push({
          key: `${base}.conditions.locations.${field}`,
          message:
            `uses named location "${key}", which is not declared; declare it under namedLocations.${key} ` +
            "({ displayName, ipRanges } or { displayName, countries }), or use All / AllTrusted",
        });
      }
    }
  }
  return issues;
}
