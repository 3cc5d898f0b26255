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
 * `pulumi refresh` audits again: users turned back since then make the next `pulumi up` an update.
 */
export class PerUserMfa extends pulumi.dynamic.Resource {
  declare readonly changed: pulumi.Output<number>;
  declare readonly enabledBefore: pulumi.Output<number>;
  declare readonly enforcedBefore: pulumi.Output<number>;
  /** Audited users not in the mode: 0 after every update; `pulumi refresh` records how many someone changed since. */
  declare readonly usersNotInMode: pulumi.Output<number>;

  constructor(name: string, args: PerUserMfaArgs, opts?: pulumi.CustomResourceOptions) {
    // `usersNotInMode: 0` is what is declared: after a refresh that found users out of the mode, the preview shows `N => 0`.
    const inputs = { ...args, usersNotInMode: 0, changed: undefined, enabledBefore: undefined, enforcedBefore: undefined };
    super(perUserMfaProvider, name, inputs, opts, "entra-baseline", "PerUserMfa");
  }
}
