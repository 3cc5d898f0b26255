import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { perUserMfaProvider } from "./perUserMfaProvider";

export interface PerUserMfaArgs {
  /** `disable` turns legacy per-user MFA off for every user; `enforce` keeps the listed users enforced. */
  readonly mode: "disable" | "enforce";
  /**
   * Users to enforce (with `enforce`).
   * @default - none
   */
  readonly users?: readonly string[];
  /**
   * The tenant's cloud.
   * @default "global"
   */
  readonly cloud?: Cloud;
}

/**
 * Legacy per-user MFA states, changed through Graph `$batch`. Idempotent and resumable: each run
 * audits first and changes only the users not yet in the wanted state. Outputs what it changed.
 */
export class PerUserMfa extends pulumi.dynamic.Resource {
  declare readonly changed: pulumi.Output<number>;
  declare readonly enabledBefore: pulumi.Output<number>;
  declare readonly enforcedBefore: pulumi.Output<number>;

  constructor(name: string, args: PerUserMfaArgs, opts?: pulumi.CustomResourceOptions) {
    super(perUserMfaProvider, name, { ...args, changed: undefined, enabledBefore: undefined, enforcedBefore: undefined }, opts, "entra-baseline", "PerUserMfa");
  }
}
