import { canonicalIds } from "../config/objectIds";
import { isPolicyResource, policyOfResource } from "../components/policyResources";
import type { FindingSeverity } from "../guard/finding";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { UsageError } from "../documents/errors";
import { isMapping } from "../documents/documents";
import { namedLocationFromInputs } from "../components/namedLocationInputs";
import { policyProblem } from "../documents/planShape";
import type { PolicySet } from "./report";
import { CONDITIONAL_ACCESS_POLICY_TYPE, NAMED_LOCATION_TYPE, SECURITY_DEFAULTS_TYPE } from "../components/resourceTypes";

/** The type tokens under the names the diff has exported. */
export { CONDITIONAL_ACCESS_POLICY_TYPE as CA_POLICY_RESOURCE_TYPE, SECURITY_DEFAULTS_TYPE as SECURITY_DEFAULTS_RESOURCE_TYPE };

/** A resource's state in a preview step, as `pulumi preview --json` serializes it. */
export interface PreviewResourceState {
  readonly urn?: string;
  /** The resource's id (known for a deployed resource). */
  readonly id?: string;
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
  /** create, update, delete, replace, same, create-replacement, delete-replaced, read, import, … */
  readonly op: string;
  readonly urn: string;
  readonly oldState?: PreviewResourceState;
  readonly newState?: PreviewResourceState;
  readonly detailedDiff?: Record<string, { readonly kind: string; readonly inputDiff?: boolean }>;
}

/** The document `pulumi preview --json` prints (the fields this reader uses). */
export interface PreviewDocument {
  readonly steps?: readonly PreviewStep[];
  readonly diagnostics?: readonly { readonly urn?: string; readonly message: string; readonly severity: string }[];
  readonly changeSummary?: Record<string, number>;
}

/** The two sides of a preview, ready for `diffPolicySets`. */
export interface PreviewSides {
  /** What the stack's state holds now (the steps' old states). */
  readonly base: PolicySet;
  /** What `pulumi up` would leave (the steps' new states). */
  readonly head: PolicySet;
  /** Caveats for the reader, e.g. unchanged policies missing without `--show-sames`. */
  readonly notes: readonly string[];
}

/** The file is not a `pulumi preview --json` document: a usage error (exit 2) of the command that read it. */
export class PreviewFormatError extends UsageError {}

const GONE_AFTER = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);
const NEW_BEFORE = new Set(["create", "create-replacement", "import", "import-replacement"]);

/** Why a step's old or new state is not a resource state, or undefined. */
function stateProblem(state: unknown): string | undefined {
  if (state === undefined || state === null) return undefined;
  if (!isMapping(state) || typeof state.type !== "string") return "is not a resource state with a type";
  for (const key of ["inputs", "outputs"]) if (state[key] !== undefined && state[key] !== null && !isMapping(state[key])) return `${key} is not an object`;
  return undefined;
}

/**
 * Checks the document's shape: an object whose `steps` is a list of objects with `op` and `urn`
 * (and resource states, when present), whose `diagnostics` have a message and a severity.
 */
export function asPreviewDocument(value: unknown): PreviewDocument {
  const fail = (what: string) => new PreviewFormatError(`not a pulumi preview --json document: ${what}`);
  if (!isMapping(value)) throw fail("expected a JSON object with a steps list");
  const steps = value.steps;
  if (steps !== undefined && steps !== null && !Array.isArray(steps)) throw fail("steps is not a list");
  ((steps ?? []) as unknown[]).forEach((step, i) => {
    if (!isMapping(step) || typeof step.op !== "string" || typeof step.urn !== "string") throw fail(`steps[${i}] has no op and urn`);
    for (const side of ["oldState", "newState"]) {
      const problem = stateProblem(step[side]);
      if (problem) throw fail(`steps[${i}].${side} ${problem}`);
    }
    if (step.detailedDiff !== undefined && step.detailedDiff !== null && !isMapping(step.detailedDiff)) throw fail(`steps[${i}].detailedDiff is not an object`);
  });
  const diagnostics = value.diagnostics;
  if (diagnostics !== undefined && diagnostics !== null) {
    if (!Array.isArray(diagnostics)) throw fail("diagnostics is not a list");
    diagnostics.forEach((d, i) => {
      if (!isMapping(d) || typeof d.message !== "string" || typeof d.severity !== "string") throw fail(`diagnostics[${i}] has no message and severity`);
    });
  }
  const summary = value.changeSummary;
  if (summary !== undefined && summary !== null && (!isMapping(summary) || Object.values(summary).some((n) => typeof n !== "number"))) {
    throw fail("changeSummary is not a map of counts");
  }
  return { ...value, steps: (steps ?? undefined) as PreviewStep[] | undefined, diagnostics: (diagnostics ?? undefined) as PreviewDocument["diagnostics"] };
}

/**
 * A policy from a step's state (the azuread provider's inputs, or the Graph-backed resource's Graph body), checked to be
 * one in Graph's shape (so the diff never reads a missing field).
 */
function policyOf(state: PreviewResourceState): ConditionalAccessPolicy {
  // Object ids lower-cased at this edge, as the configuration's and Graph's are: Entra ignores their case.
  const policy = policyOfResource(state.type, canonicalIds(state.inputs ?? {}));
  const problem = policyProblem(policy, "policy");
  if (problem) throw new PreviewFormatError(`${state.urn ?? "a Conditional Access policy"}: its inputs are not a policy its provider takes (${problem})`);
  return policy;
}

/** The severity of a Pulumi diagnostic ("info#err" is stderr output of the program). */
function severityOf(severity: string): FindingSeverity {
  if (severity === "error") return "error";
  if (severity === "warning") return "warning";
  return "info";
}

/** The program's guard findings, as `reportFindings` logged them ("[EB-RULE] message"), and Pulumi's errors. */
function findingsOf(document: PreviewDocument): PolicySet["findings"] {
  return (document.diagnostics ?? [])
    .filter((d) => d.severity === "error" || d.severity === "warning" || /\[EB-[A-Z0-9-]+\]/.test(d.message))
    .map((d) => {
      const text = d.message.replace(/^(error|warning|info): /, "").trim();
      const rule = /^\[([A-Z0-9-]+)\]\s*/.exec(text);
      return { rule: rule ? rule[1] : "pulumi", severity: severityOf(d.severity), message: rule ? text.slice(rule[0].length) : text };
    });
}

/**
 * Ids excluded from every policy of both sides: in this project that is the break-glass
 * accounts and groups (a preview does not carry the stack's config). Needs two policies.
 */
export function inferBreakGlass(sides: readonly (readonly ConditionalAccessPolicy[])[]): { users: string[]; groups: string[] } {
  const everywhere = (policies: readonly ConditionalAccessPolicy[], pick: (p: ConditionalAccessPolicy) => readonly string[]) =>
    policies.length < 2 ? [] : pick(policies[0]).filter((id) => id !== "GuestsOrExternalUsers" && policies.every((p) => pick(p).includes(id)));
  const users = new Set(sides.flatMap((policies) => everywhere(policies, (p) => p.conditions.users.excludeUsers)));
  const groups = new Set(sides.flatMap((policies) => everywhere(policies, (p) => p.conditions.users.excludeGroups)));
  return { users: [...users], groups: [...groups] };
}

/**
 * Turns a `pulumi preview --json` document into the tenant before (old states) and after (new
 * states) for the Conditional Access policies and Security Defaults, in Graph's shape.
 */
export function readPreview(value: unknown): PreviewSides {
  const document = asPreviewDocument(value);
  const steps = document.steps ?? [];
  const before = new Map<string, PreviewResourceState>();
  const after = new Map<string, PreviewResourceState>();
  for (const step of steps) {
    if (step.oldState && !NEW_BEFORE.has(step.op)) before.set(step.urn, step.oldState);
    if (step.newState && !GONE_AFTER.has(step.op)) after.set(step.urn, step.newState);
    if (GONE_AFTER.has(step.op)) after.delete(step.urn);
  }
  const policies = (states: Map<string, PreviewResourceState>) => [...states.values()].filter((s) => isPolicyResource(s.type)).map(policyOf);
  const securityDefaults = (states: Map<string, PreviewResourceState>) => {
    const sd = [...states.values()].find((s) => s.type === SECURITY_DEFAULTS_TYPE);
    const value = sd?.inputs?.isEnabled ?? sd?.outputs?.isEnabled;
    return typeof value === "boolean" ? { isEnabled: value } : undefined;
  };
  // A named location by the id the policies name it by: its id once deployed (a new one's is not known yet).
  const locations = (states: Map<string, PreviewResourceState>) =>
    [...states.entries()]
      .filter(([, s]) => s.type === NAMED_LOCATION_TYPE)
      .map(([urn, s]) => {
        const id = typeof s.id === "string" && s.id !== "" ? s.id : typeof s.outputs?.id === "string" ? s.outputs.id : urn;
        return namedLocationFromInputs(id, s.inputs ?? s.outputs ?? {});
      });
  const basePolicies = policies(before);
  const headPolicies = policies(after);
  const breakGlass = inferBreakGlass([basePolicies, headPolicies]);
  const notes: string[] = [];
  const touchesPolicies = steps.some((s) => [s.oldState?.type, s.newState?.type].some((t) => isPolicyResource(t) || t === NAMED_LOCATION_TYPE));
  const sames = steps.filter((s) => s.op === "same").length;
  const hidden = document.changeSummary ? (document.changeSummary.same ?? 0) > sames : sames === 0 && steps.some((s) => s.op !== "create");
  if (touchesPolicies && hidden) {
    notes.push("unchanged resources are not in this preview: run pulumi preview --json --show-sames so the diff sees every policy");
  }
  const base: PolicySet = {
    label: "deployed state",
    securityDefaults: securityDefaults(before),
    breakGlass,
    policies: basePolicies,
    namedLocations: locations(before),
    findings: [],
  };
  const head: PolicySet = {
    label: "after pulumi up",
    securityDefaults: securityDefaults(after),
    breakGlass,
    policies: headPolicies,
    namedLocations: locations(after),
    findings: findingsOf(document),
    ...(touchesPolicies && hidden ? { partial: true } : {}),
  };
  return { base, head, notes };
}
