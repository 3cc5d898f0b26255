import type * as pulumi from "@pulumi/pulumi";
import { GRAPH_ENUMS, isAnnotation, membersOf, POLICY_FIELDS, PolicyField, UNKNOWN_FUTURE_VALUE } from "../config/graph/policyFields";
import { membersNamed, readPolicyFields, setAt, valueAt } from "../config/graph/policyShape";
import { setsAnything } from "../config/graphValues";
import { asRecord, cloudFailures, UNKNOWN_DURING_PREVIEW, unknownAt } from "./dynamicInputs";

// The inputs of the Graph-backed Conditional Access policy resource: the policy's Graph body in its canonical
// reading (config/graph/policyShape.ts), as drift, the plan and the diff read every policy. What the provider
// checks, compares and writes. Plain functions over the one field declaration (arrays, no Map or Set): they
// are inlined into the serialized dynamic provider.

/** The resource's inputs: the policy's Graph body, the cloud, and the tenant policy the first deployment takes over. */
export interface GraphPolicyInputs {
  readonly displayName: string;
  readonly state: string;
  readonly conditions: Readonly<Record<string, any>>;
  readonly grantControls?: Readonly<Record<string, any>>;
  readonly sessionControls?: Readonly<Record<string, any>>;
  /**
   * The Microsoft cloud of the tenant.
   * @default "global"
   */
  readonly cloud?: string;
  /**
   * The id of the tenant policy the first deployment takes over instead of creating one (an adopted or exported
   * policy): Pulumi's `import` cannot reach a dynamic provider (docs/brownfield.md).
   * @default - a new policy is created
   */
  readonly adoptId?: string;
}

/** The blocks of the Graph body that hold fields. */
const BODY_BLOCKS = ["conditions", "grantControls", "sessionControls"];
/** Every input key; `__provider` is Pulumi's (the serialized provider). */
const INPUT_KEYS = ["displayName", "state", ...BODY_BLOCKS, "cloud", "adoptId", "__provider"];
/** A policy id as Graph spells them (a GUID; letters, digits and hyphens), safe in a request path. */
const POLICY_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

type Failure = pulumi.dynamic.CheckFailure;

/**
 * Paths under the body's blocks that no declared field holds (a typo, a beta-only part, an annotation), with the value.
 * `asGraphAnswers`: read as Graph's answer, where annotations are not content and only what sets something counts.
 */
export function undeclaredPaths(body: unknown, asGraphAnswers = false): { path: string; value: unknown }[] {
  const found: { path: string; value: unknown }[] = [];
  const visit = (value: unknown, path: string) => {
    if (POLICY_FIELDS.some((f) => f.path === path) || value === null || value === undefined || value === UNKNOWN_DURING_PREVIEW) return;
    if (asGraphAnswers && (isAnnotation(path) || !setsAnything(value))) return;
    const below = POLICY_FIELDS.some((f) => f.path.startsWith(`${path}.`));
    if (below && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
    } else {
      found.push({ path, value });
    }
  };
  const record = asRecord(body);
  for (const block of BODY_BLOCKS) visit(record[block], block);
  return found;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a field's value lacks that Graph needs: a filter's mode, a control's setting, a time-based frequency's value and unit. */
function missingParts(f: PolicyField, value: Record<string, any>): string[] {
  if (f.kind === "filter") return value.mode === undefined ? ["mode (include or exclude)"] : [];
  if (f.kind === "switched")
    return value[f.setting!] === undefined
      ? [
          `${f.setting} (${membersOf(f)
            .filter((m) => m !== UNKNOWN_FUTURE_VALUE)
            .join(", ")})`,
        ]
      : [];
  if (f.kind === "frequency" && value.frequencyInterval === "timeBased") {
    return [
      ...(Number.isInteger(value.value) && value.value >= 1 ? [] : ["value (a whole number, 1 or more)"]),
      ...(value.type === undefined ? ["type (hours or days)"] : []),
    ];
  }
  return [];
}

/** One field's failures: a value the canonical reading does not keep as it is, a member Graph does not define, a part Graph needs. */
function fieldFailures(f: PolicyField, stated: unknown, read: unknown): Failure[] {
  if (stated === undefined || unknownAt(stated) !== undefined) return [];
  if (!sameJson(stated, read)) {
    const as = read === undefined ? "nothing (it sets nothing)" : JSON.stringify(read);
    return [{ property: f.path, reason: `${f.path}: ${JSON.stringify(stated)} is not ${f.label} as Graph reads it (it reads as ${as}); write ${as}` }];
  }
  // A guest condition names its tenants' membership kind beside the guest types.
  const kinds = f.kind === "guests" ? GRAPH_ENUMS.conditionalAccessExternalTenantsMembershipKind : [];
  // `none` in a flags enum is nothing (the reading drops it); a risk level `none` is a level.
  const nothing = f.kind === "guests" || f.kind === "flags" ? ["none"] : [];
  const members = f.graphEnum ? [...membersOf(f), ...kinds].filter((m) => m !== UNKNOWN_FUTURE_VALUE && !nothing.includes(m)) : f.oneOf;
  const unknown = members ? membersNamed(f, read).filter((m) => !members.includes(m)) : [];
  if (unknown.length > 0) {
    return [
      {
        property: f.path,
        reason: `${f.path}: ${unknown.map((m) => JSON.stringify(m)).join(", ")} is not a value Graph v1.0 defines; use ${members!.join(", ")}`,
      },
    ];
  }
  const missing = typeof read === "object" && read !== null ? missingParts(f, read as Record<string, any>) : [];
  return missing.length > 0 ? [{ property: f.path, reason: `${f.path}: Graph needs ${missing.join(" and ")}` }] : [];
}

/**
 * Inputs the provider accepts, each refusal naming its key: known keys only; a display name; a state Graph defines;
 * under conditions, grantControls and sessionControls only declared fields, each in its canonical reading with
 * Graph's members; users and applications conditions; a grant or session control; an adopted id that is a policy id;
 * a known cloud. A value not known yet during a preview passes here and is refused at create and update.
 */
export function checkGraphPolicy(news: unknown): pulumi.dynamic.CheckResult {
  const inputs = asRecord(news);
  const failures: Failure[] = [];
  const known = (value: unknown) => value !== UNKNOWN_DURING_PREVIEW;
  for (const key of Object.keys(inputs).filter((k) => !INPUT_KEYS.includes(k))) {
    failures.push({ property: key, reason: `${key}: unknown input; use ${INPUT_KEYS.slice(0, -1).join(", ")}` });
  }
  if (known(inputs.displayName) && (typeof inputs.displayName !== "string" || inputs.displayName.trim() === "")) {
    failures.push({ property: "displayName", reason: `displayName: ${JSON.stringify(inputs.displayName)} is not a name; set the policy's display name` });
  }
  const states: readonly string[] = GRAPH_ENUMS.conditionalAccessPolicyState;
  if (known(inputs.state) && !states.includes(inputs.state as string)) {
    failures.push({ property: "state", reason: `state: ${JSON.stringify(inputs.state)} is not a policy state; use ${states.join(", ")}` });
  }
  if (inputs.adoptId !== undefined && known(inputs.adoptId) && !(typeof inputs.adoptId === "string" && POLICY_ID.test(inputs.adoptId))) {
    failures.push({
      property: "adoptId",
      reason: `adoptId: ${JSON.stringify(inputs.adoptId)} is not a policy id (a GUID); set the tenant policy's id or leave it out`,
    });
  }
  if (known(inputs.cloud)) failures.push(...cloudFailures(inputs.cloud));
  for (const block of BODY_BLOCKS) {
    const value = inputs[block];
    if (value !== undefined && known(value) && (value === null || typeof value !== "object" || Array.isArray(value))) {
      failures.push({ property: block, reason: `${block}: ${JSON.stringify(value)} is not an object of Graph's ${block}` });
    }
  }
  for (const { path, value } of undeclaredPaths(inputs)) {
    const why = isAnnotation(path) ? "an annotation is not policy content" : "no field of Graph v1.0's conditionalAccessPolicy is there";
    failures.push({ property: path, reason: `${path}: ${JSON.stringify(value)} cannot be written: ${why}; remove it` });
  }
  const read = readPolicyFields(inputs);
  for (const f of POLICY_FIELDS) failures.push(...fieldFailures(f, valueAt(inputs, f.path), valueAt(read, f.path)));
  const conditions = asRecord(inputs.conditions);
  if (known(inputs.conditions)) {
    for (const block of ["users", "applications"]) {
      if (conditions[block] === undefined)
        failures.push({ property: `conditions.${block}`, reason: `conditions.${block}: Graph needs it; say whom and what the policy covers` });
    }
  }
  if (known(inputs.grantControls) && known(inputs.sessionControls) && !read.grantControls && !read.sessionControls) {
    failures.push({ property: "grantControls", reason: "grantControls: a policy needs a grant or a session control; add one (block, mfa …)" });
  }
  return failures.length > 0 ? { failures } : { inputs };
}

/** The policy as the resource compares it: display name, state and every field in its canonical reading, and any undeclared part. */
export function comparedPolicy(value: unknown): Record<string, unknown> {
  const record = asRecord(value);
  const compared: Record<string, unknown> = { displayName: record.displayName, state: record.state, ...readPolicyFields(record) };
  for (const { path, value: part } of undeclaredPaths(record, true)) setAt(compared, path, part);
  return compared;
}

/**
 * Any difference of the Graph body or the cloud is an in-place update (a PATCH), never a replacement: the policy's id
 * stays. No previous state, a corrupt one, or a value not known yet is a change, so the next update writes the
 * declared policy. The adopted id matters only to the first deployment.
 */
export function diffGraphPolicy(olds: unknown, news: unknown): pulumi.dynamic.DiffResult {
  const before = asRecord(olds);
  const after = asRecord(news);
  const { __provider: _p, adoptId: _a, ...declared } = after;
  const changes =
    before.displayName === undefined ||
    unknownAt(declared) !== undefined ||
    !samePolicy(before, after) ||
    (before.cloud ?? "global") !== (after.cloud ?? "global");
  return { changes, replaces: [], deleteBeforeReplace: false, stables: [] };
}

/** Whether two policies read the same (display name, state, every field), e.g. the tenant's and the declared one. */
export const samePolicy = (a: unknown, b: unknown): boolean => sameJson(comparedPolicy(a), comparedPolicy(b));

/** The value that clears a field Graph holds: an empty list for a list, null otherwise. */
const cleared = (f: PolicyField): unknown => (f.kind === "ids" || f.kind === "names" || f.kind === "values" ? [] : null);

/** Graph's `@odata.type` of an external tenants condition, which a write needs (the type is abstract). */
const EXTERNAL_TENANTS_TYPE: Readonly<Record<string, string>> = {
  all: "#microsoft.graph.conditionalAccessAllExternalTenants",
  enumerated: "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
};

/**
 * The body of a POST or PATCH: every field of Graph v1.0, so a PATCH clears what the declaration no longer sets
 * whatever Graph merges. The users and applications conditions always, with their lists; another condition block
 * whole or null; grant and session controls whole or null; an external tenants condition with its `@odata.type`.
 */
export function graphWriteBody(inputs: GraphPolicyInputs): Record<string, unknown> {
  const read = readPolicyFields(inputs);
  const body: Record<string, any> = { displayName: inputs.displayName, state: inputs.state, grantControls: null, sessionControls: null };
  const blockOf = (f: PolicyField) => f.path.slice(0, f.path.lastIndexOf("."));
  const setBlock = (path: string) => valueAt(read, path) !== undefined || ["conditions", "conditions.users", "conditions.applications"].includes(path);
  for (const f of POLICY_FIELDS) {
    const block = blockOf(f);
    const top = block.split(".")[0];
    if (!setBlock(top)) continue;
    if (block !== top && !setBlock(block)) {
      setAt(body, block, null);
      continue;
    }
    let value = valueAt(read, f.path);
    if (value === undefined) value = f.path === "grantControls.operator" ? "OR" : cleared(f);
    if (f.kind === "guests" && value?.externalTenants) {
      const tenants = value.externalTenants;
      value = { ...value, externalTenants: { "@odata.type": EXTERNAL_TENANTS_TYPE[tenants.membershipKind], ...tenants } };
    }
    setAt(body, f.path, value);
  }
  return body;
}
