import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import type { GraphClient } from "../graph/client";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { UNKNOWN_DURING_PREVIEW } from "./securityDefaultsProvider";
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
export async function applyPerUserMfa(client: GraphClient, inputs: PerUserMfaInputs): Promise<{ changed: number; enabledBefore: number; enforcedBefore: number }> {
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

/** The provider: stateless code, credentials from the environment when it runs. */
export const perUserMfaProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
    const failures = [];
    // A value computed from another resource is not known during a preview: check it at update time.
    if (news.mode === UNKNOWN_DURING_PREVIEW || news.users === UNKNOWN_DURING_PREVIEW) return { inputs: news };
    if (news.mode !== "disable" && news.mode !== "enforce") failures.push({ property: "mode", reason: `mode must be disable or enforce, got ${JSON.stringify(news.mode)}` });
    if (news.mode === "enforce" && (!Array.isArray(news.users) || news.users.length === 0)) failures.push({ property: "users", reason: "enforce needs a non-empty list of user object ids" });
    return failures.length > 0 ? { failures } : { inputs: news };
  },

  async create(inputs: PerUserMfaInputs) {
    const report = await applyPerUserMfa(graphClientFromEnvironment(inputs.cloud), inputs);
    return { id: `per-user-mfa-${inputs.mode}`, outs: { ...inputs, ...report } };
  },

  async update(_id: string, _olds: PerUserMfaInputs, news: PerUserMfaInputs) {
    const report = await applyPerUserMfa(graphClientFromEnvironment(news.cloud), news);
    return { outs: { ...news, ...report } };
  },

  // Removing the resource leaves users as they are: re-enabling per-user MFA is never a side effect.
  async delete() {},
};
