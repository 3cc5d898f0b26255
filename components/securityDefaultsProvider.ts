import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { readSecurityDefaults, writeSecurityDefaults } from "../graph/securityDefaults";
import { asRecord, cloudFailures, knownCloud, readWithoutStackTrace, requireWritable, UNKNOWN_DURING_PREVIEW } from "./dynamicInputs";

export { UNKNOWN_DURING_PREVIEW };

/** The Security Defaults policy is a singleton in every tenant. */
export const SECURITY_DEFAULTS_ID = "identitySecurityDefaultsEnforcementPolicy";

export interface SecurityDefaultsInputs {
  readonly isEnabled: boolean;
  readonly cloud?: Cloud;
}

/** Inputs the provider accepts: `isEnabled` must be a boolean (or not known yet, during a preview), `cloud` a known one. */
export function checkSecurityDefaults(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const inputs = asRecord(news);
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (typeof inputs.isEnabled !== "boolean" && inputs.isEnabled !== UNKNOWN_DURING_PREVIEW) {
    failures.push({ property: "isEnabled", reason: `isEnabled must be true or false, got ${JSON.stringify(inputs.isEnabled)}` });
  }
  if (inputs.cloud !== UNKNOWN_DURING_PREVIEW) failures.push(...cloudFailures(inputs.cloud));
  return failures.length > 0 ? { failures } : { inputs };
}

/**
 * A change of `isEnabled` is an in-place update: Security Defaults are never replaced. Any previous
 * state (none at all, or a corrupt one) is a change, so the next update writes the declared value.
 */
export function diffSecurityDefaults(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): pulumi.dynamic.DiffResult {
  const before = asRecord(olds);
  const after = asRecord(news);
  const changes =
    typeof before.isEnabled !== "boolean" || before.isEnabled !== after.isEnabled || (knownCloud(before.cloud) ?? "global") !== (after.cloud ?? "global");
  return { changes, replaces: [], deleteBeforeReplace: false, stables: [] };
}

/** The inputs to write, or an error before anything is sent: never an unknown value or a non-boolean. */
function writable(inputs: unknown): { isEnabled: boolean; cloud?: Cloud } {
  const { isEnabled, cloud } = asRecord(inputs);
  const failures = checkSecurityDefaults({ isEnabled, cloud }).failures ?? [];
  requireWritable("Security Defaults", { isEnabled, cloud }, failures);
  return { isEnabled: isEnabled as boolean, ...(cloud === undefined || cloud === null ? {} : { cloud: cloud as Cloud }) };
}

/**
 * The provider. Pulumi serializes it into the state as code, so it holds no credential: each
 * method builds its Graph client from the environment when it runs.
 */
export const securityDefaultsProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => checkSecurityDefaults(news),
  diff: async (_id, olds, news) => diffSecurityDefaults(olds, news),

  // The first deployment takes the tenant's singleton over (Pulumi's import cannot reach a dynamic
  // provider: docs/brownfield.md): it reads first and writes only a different value.
  async create(inputs: SecurityDefaultsInputs) {
    const { isEnabled, cloud } = writable(inputs);
    const client = graphClientFromEnvironment(cloud);
    if ((await readSecurityDefaults(client)).isEnabled !== isEnabled) await writeSecurityDefaults(client, isEnabled);
    return { id: SECURITY_DEFAULTS_ID, outs: { isEnabled, cloud } };
  },

  // A clean re-read, whatever the previous state (none on import, a corrupt one, an older version's):
  // only the tenant's value and a known cloud are kept, never the state's other keys.
  async read(_id: string, props?: SecurityDefaultsInputs) {
    return readWithoutStackTrace(async () => {
      const cloud = knownCloud(asRecord(props).cloud);
      const actual = await readSecurityDefaults(graphClientFromEnvironment(cloud));
      return { id: SECURITY_DEFAULTS_ID, props: { isEnabled: actual.isEnabled, ...(cloud ? { cloud } : {}) } };
    });
  },

  async update(_id: string, _olds: SecurityDefaultsInputs, news: SecurityDefaultsInputs) {
    const { isEnabled, cloud } = writable(news);
    await writeSecurityDefaults(graphClientFromEnvironment(cloud), isEnabled);
    return { outs: { isEnabled, cloud } };
  },

  // Removing the resource from the stack leaves the tenant as it is: flipping tenant-wide MFA
  // must never be the side effect of deleting code. Turn it off explicitly with isEnabled: false.
  async delete() {},
};
