import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import type { GraphClient } from "../graph/client";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { asRecord, cloudFailures, knownCloud, readWithoutStackTrace, requireWritable, unknownAt } from "./dynamicInputs";
import { listUsers, PerUserMfaChange, readPerUserMfa, UserMfaState, writePerUserMfa } from "../graph/perUserMfa";

export interface PerUserMfaInputs {
  /** `disable`: every user's per-user MFA off; `enforce`: the listed users enforced. */
  readonly mode: "disable" | "enforce";
  readonly users?: readonly string[];
  readonly cloud?: Cloud;
}

/** What to change, from the audited states: pure, so a re-run after a failure only does what is left. */
export function plannedChanges(mode: PerUserMfaInputs["mode"], states: readonly UserMfaState[]): PerUserMfaChange[] {
  return mode === "disable"
    ? states.filter((s) => s.state !== "disabled").map((s) => ({ id: s.id, from: s.state, to: "disabled" }))
    : states.filter((s) => s.state !== "enforced").map((s) => ({ id: s.id, from: s.state, to: "enforced" }));
}

/** The audited users' states: every user with `disable`, the listed ones with `enforce`. */
async function auditedStates(client: GraphClient, inputs: PerUserMfaInputs): Promise<UserMfaState[]> {
  const users = inputs.mode === "disable" ? await listUsers(client) : (inputs.users ?? []).map((id) => ({ id }));
  return readPerUserMfa(client, users);
}

/** Audits, then changes only what differs; returns what it changed (after it, no user is left out of the mode). */
export async function applyPerUserMfa(
  client: GraphClient,
  inputs: PerUserMfaInputs,
): Promise<{ changed: number; enabledBefore: number; enforcedBefore: number; usersNotInMode: 0 }> {
  const states = await auditedStates(client, inputs);
  const changes = plannedChanges(inputs.mode, states);
  const done = await writePerUserMfa(client, changes);
  return {
    changed: done.length,
    enabledBefore: states.filter((s) => s.state === "enabled").length,
    enforcedBefore: states.filter((s) => s.state === "enforced").length,
    usersNotInMode: 0,
  };
}

/** How many audited users are not in the mode now: 0 when the tenant is as declared, more once someone turned per-user MFA back on. */
export async function usersNotInMode(client: GraphClient, inputs: PerUserMfaInputs): Promise<number> {
  return plannedChanges(inputs.mode, await auditedStates(client, inputs)).length;
}

/**
 * A change when the mode, the users or the cloud differ, or when the state (after `pulumi refresh`)
 * counts users out of the mode: the update then audits and changes them. A state without the count was
 * written by a release whose provider cannot read: one update (an audit that changes only users out of the
 * mode) stores this provider, since Pulumi runs `pulumi refresh` with the provider the state holds. Never a replacement.
 */
export function diffPerUserMfa(olds: unknown, news: unknown): pulumi.dynamic.DiffResult {
  const before = asRecord(olds);
  const after = asRecord(news);
  const users = (value: unknown) => JSON.stringify(Array.isArray(value) ? value.map((id) => String(id).toLowerCase()).sort() : []);
  const drifted = typeof before.usersNotInMode !== "number" || before.usersNotInMode !== 0;
  const changes =
    drifted ||
    before.mode !== after.mode ||
    users(before.users) !== users(after.users) ||
    (knownCloud(before.cloud) ?? "global") !== (after.cloud === undefined || after.cloud === null ? "global" : after.cloud);
  return { changes, replaces: [], deleteBeforeReplace: false, stables: [] };
}

/**
 * Inputs the provider accepts: `mode` disable or enforce; with enforce, a non-empty list of user
 * object ids that are GUIDs, each once whatever its letter case (returned lower-cased: Entra ignores
 * their case); `users` only with enforce; a known `cloud`. A value not known yet during a preview
 * is checked at update time, where an unknown value is refused before anything is sent.
 */
export function checkPerUserMfa(news: unknown): pulumi.dynamic.CheckResult {
  const inputs = asRecord(news);
  if (unknownAt({ mode: inputs.mode, users: inputs.users, cloud: inputs.cloud })) return { inputs };
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (inputs.mode !== "disable" && inputs.mode !== "enforce")
    failures.push({ property: "mode", reason: `mode must be disable or enforce, got ${JSON.stringify(inputs.mode)}` });
  const users = inputs.users;
  if (inputs.mode === "enforce" && (!Array.isArray(users) || users.length === 0)) {
    failures.push({ property: "users", reason: "enforce needs a non-empty list of user object ids" });
  } else if (inputs.mode === "disable" && users !== undefined && users !== null) {
    failures.push({ property: "users", reason: "users is only for enforce: disable turns per-user MFA off for every user" });
  }
  const ids = Array.isArray(users) ? users : [];
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const bad = ids.filter((id) => typeof id !== "string" || !guid.test(id));
  if (bad.length > 0)
    failures.push({ property: "users", reason: `user ids must be object ids (GUIDs), got ${bad.map((id) => JSON.stringify(id)).join(", ")}` });
  const lower = ids.filter((id): id is string => typeof id === "string").map((id) => id.toLowerCase());
  const twice = lower.filter((id, i) => lower.indexOf(id) !== i);
  if (twice.length > 0) failures.push({ property: "users", reason: `users lists ${[...new Set(twice)].join(", ")} twice (object ids ignore letter case)` });
  failures.push(...cloudFailures(inputs.cloud));
  if (failures.length > 0) return { failures };
  return { inputs: Array.isArray(users) ? { ...inputs, users: lower } : inputs };
}

/** The inputs to act on, or an error before any Graph call: never an unknown value, a bad mode or a non-GUID user. */
function writable(inputs: unknown): PerUserMfaInputs {
  const { mode, users, cloud } = asRecord(inputs);
  const checked = checkPerUserMfa({ mode, users, cloud });
  requireWritable("per-user MFA", { mode, users, cloud }, checked.failures ?? []);
  return checked.inputs as PerUserMfaInputs;
}

/** The mode, users and cloud a state holds, or an error naming what is wrong with it: a refresh cannot audit without them. */
function readable(state: Record<string, unknown>): PerUserMfaInputs {
  const { mode, users, cloud } = state;
  const checked = checkPerUserMfa({ mode, users, cloud });
  if (checked.failures?.length || unknownAt({ mode, users, cloud })) {
    const why = (checked.failures ?? []).map((f) => f.reason).join("; ") || "a value is not known";
    throw new Error(`per-user MFA: the state does not say what to audit (${why}); run pulumi up to write it again`);
  }
  // Only the keys the state sets: an absent `users` or `cloud` stays absent.
  return Object.fromEntries(Object.entries(checked.inputs as PerUserMfaInputs).filter(([, v]) => v !== undefined && v !== null)) as PerUserMfaInputs;
}

/** The provider: stateless code, credentials from the environment when it runs. */
export const perUserMfaProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => checkPerUserMfa(news),
  diff: async (_id, olds, news) => diffPerUserMfa(olds, news),

  async create(given: PerUserMfaInputs) {
    const inputs = writable(given);
    const report = await applyPerUserMfa(graphClientFromEnvironment(inputs.cloud), inputs);
    return { id: `per-user-mfa-${inputs.mode}`, outs: { ...inputs, ...report } };
  },

  // The previous state is not read: whatever it holds (nothing, junk, an older version's), the update audits the tenant again.
  async update(_id: string, _olds: unknown, given: PerUserMfaInputs) {
    const news = writable(given);
    const report = await applyPerUserMfa(graphClientFromEnvironment(news.cloud), news);
    return { outs: { ...news, ...report } };
  },

  // `pulumi refresh`: the tenant audited again, the count of users out of the mode recorded (in the inputs too, so the
  // preview shows `usersNotInMode: N => 0`); the next update changes them. The mode and users come from the state.
  async read(id: string, props?: Record<string, unknown>) {
    return readWithoutStackTrace(async () => {
      const state = asRecord(props);
      const inputs = readable(state);
      const count = await usersNotInMode(graphClientFromEnvironment(inputs.cloud), inputs);
      const counts = Object.fromEntries(
        (["changed", "enabledBefore", "enforcedBefore"] as const).flatMap((k) => (typeof state[k] === "number" ? [[k, state[k]]] : [])),
      );
      return { id, props: { ...inputs, ...counts, usersNotInMode: count }, inputs: { ...inputs, usersNotInMode: count } };
    });
  },

  // Removing the resource leaves users as they are: re-enabling per-user MFA is never a side effect.
  async delete() {},
};
