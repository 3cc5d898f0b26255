import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import type { AuthenticationMethodsState } from "../policies/authenticationMethods";
import { authenticationMethodsProvider } from "./authenticationMethodsProvider";

export interface AuthenticationMethodsArgs extends AuthenticationMethodsState {
  /**
   * The Microsoft cloud of the tenant, which picks the Graph endpoint.
   * @default "global"
   */
  readonly cloud?: Cloud;
}

/**
 * The tenant's authentication methods policy (`/beta/policies/authenticationMethodsPolicy`) and
 * the method configurations it declares, which the azuread provider does not manage. Settings
 * Microsoft enforces (number matching) are outputs only. Type token
 * `pulumi-nodejs:dynamic/entra-baseline:AuthenticationMethods`.
 */
export class AuthenticationMethods extends pulumi.dynamic.Resource {
  declare readonly methods: pulumi.Output<AuthenticationMethodsState["methods"]>;
  declare readonly enforcedByMicrosoft: pulumi.Output<{ numberMatching: string }>;

  constructor(name: string, args: AuthenticationMethodsArgs, opts?: pulumi.CustomResourceOptions) {
    super(authenticationMethodsProvider, name, { ...args, enforcedByMicrosoft: undefined }, opts, "entra-baseline", "AuthenticationMethods");
  }
}
