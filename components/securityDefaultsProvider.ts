import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { readSecurityDefaults, writeSecurityDefaults } from "../graph/securityDefaults";

/** The Security Defaults policy is a singleton in every tenant. */
export const SECURITY_DEFAULTS_ID = "identitySecurityDefaultsEnforcementPolicy";

export interface SecurityDefaultsInputs {
  readonly isEnabled: boolean;
  readonly cloud?: Cloud;
}

/**
 * How the dynamic-provider host hands over a value not known yet during `pulumi preview`
 * (e.g. `isEnabled` computed from another resource's output): `rpc.unknownValue` of @pulumi/pulumi.
 */
export const UNKNOWN_DURING_PREVIEW = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Inputs the provider accepts: `isEnabled` must be a boolean (or not known yet, during a preview). */
export function checkSecurityDefaults(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (typeof news.isEnabled !== "boolean" && news.isEnabled !== UNKNOWN_DURING_PREVIEW) {
    failures.push({ property: "isEnabled", reason: `isEnabled must be true or false, got ${JSON.stringify(news.isEnabled)}` });
  }
  if (news.cloud !== undefined && !["global", "usgovernment", "china"].includes(news.cloud as string)) {
    failures.push({ property: "cloud", reason: `cloud must be global, usgovernment or china, got ${JSON.stringify(news.cloud)}` });
  }
  return failures.length > 0 ? { failures } : { inputs: news };
}

/** A change of `isEnabled` is an in-place update: Security Defaults are never replaced. */
export function diffSecurityDefaults(olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.DiffResult {
  const changes = olds.isEnabled !== news.isEnabled || (olds.cloud ?? "global") !== (news.cloud ?? "global");
  return { changes, replaces: [], deleteBeforeReplace: false, stables: [] };
}

/**
 * The provider. Pulumi serializes it into the state as code, so it holds no credential: each
 * method builds its Graph client from the environment when it runs.
 */
export const securityDefaultsProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
    return checkSecurityDefaults(news);
  },

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return diffSecurityDefaults(olds, news);
  },

  async create(inputs: SecurityDefaultsInputs) {
    await writeSecurityDefaults(graphClientFromEnvironment(inputs.cloud), inputs.isEnabled);
    return { id: SECURITY_DEFAULTS_ID, outs: { isEnabled: inputs.isEnabled, cloud: inputs.cloud } };
  },

  async read(id: string, props: SecurityDefaultsInputs) {
    const actual = await readSecurityDefaults(graphClientFromEnvironment(props?.cloud));
    return { id, props: { ...props, isEnabled: actual.isEnabled } };
  },

  async update(_id: string, _olds: SecurityDefaultsInputs, news: SecurityDefaultsInputs) {
    await writeSecurityDefaults(graphClientFromEnvironment(news.cloud), news.isEnabled);
    return { outs: { isEnabled: news.isEnabled, cloud: news.cloud } };
  },

  // Removing the resource from the stack leaves the tenant as it is: flipping tenant-wide MFA
  // must never be the side effect of deleting code. Turn it off explicitly with isEnabled: false.
  async delete() {},
};
