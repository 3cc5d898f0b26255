import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { securityDefaultsProvider } from "./securityDefaultsProvider";

export interface SecurityDefaultsArgs {
  /** Whether Security Defaults are on: MFA registration and MFA for everyone, legacy authentication blocked. */
  readonly isEnabled: pulumi.Input<boolean>;
  /**
   * The Microsoft cloud of the tenant, which picks the Graph endpoint.
   * @default "global"
   */
  readonly cloud?: pulumi.Input<Cloud>;
}

/**
 * The tenant's Security Defaults (`/v1.0/policies/identitySecurityDefaultsEnforcementPolicy`),
 * which the azuread provider does not manage. Type token `pulumi-nodejs:dynamic/entra-baseline:SecurityDefaults`.
 */
export class SecurityDefaults extends pulumi.dynamic.Resource {
  declare readonly isEnabled: pulumi.Output<boolean>;

  constructor(name: string, args: SecurityDefaultsArgs, opts?: pulumi.CustomResourceOptions) {
    super(securityDefaultsProvider, name, { isEnabled: args.isEnabled, cloud: args.cloud }, opts, "entra-baseline", "SecurityDefaults");
  }
}
