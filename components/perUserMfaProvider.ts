import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import type { GraphClient } from "../graph/client";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { asRecord, cloudFailures, requireWritable, unknownAt } from "./dynamicInputs";
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

/** Audits, then changes only what differs; returns what it changed. */
export async function applyPerUserMfa(
  client: GraphClient,
  inputs: PerUserMfaInputs,
): Promise<{ changed: number; enabledBefore: number; enforcedBefore: number }> {
  const users = inputs.mode === "disable" ? await listUsers(client) : (inputs.users ?? []).map((id) => ({ id }));
  const states = await readPerUserMfa(client, users);
  const changes = plannedChanges(inputs.mode, states);
  const done = await writePerUserMfa(client, changes);
  return {
    changed: done.length,
    enabledBefore: states.filter((s) => s.state === "enabled").length,
    enforcedBefore: states.filter((s) => s.state === "enforced").length,
  };
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

/** The provider: stateless code, credentials from the environment when it runs. */
export const perUserMfaProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
    return checkPerUserMfa(news);
  },

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

  // Removing the resource leaves users as they are: re-enabling per-user MFA is never a side effect.
  async delete() {},
};
