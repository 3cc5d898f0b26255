import * as pulumi from "@pulumi/pulumi";
import { BUILT_IN_LOCATIONS } from "../config/customPolicies";
import { readPolicyFields } from "../config/graph/policyShape";
import type { Cloud } from "../config/types";
import { graphPolicyProvider } from "./graphPolicyProvider";

/** The Graph-backed policy's arguments: the policy in Graph's shape, as a custom policy states it. */
export interface GraphConditionalAccessPolicyArgs {
  /** The policy in Graph v1.0's shape (read-only fields and annotations are not sent). */
  readonly graph: Readonly<Record<string, any>>;
  /**
   * The object ids of the stack's named locations by key: a custom policy names them by key.
   * @default - locations are passed as written
   */
  readonly locationIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The Microsoft cloud of the tenant, which picks the Graph endpoint.
   * @default "global"
   */
  readonly cloud?: Cloud;
}

/**
 * The resource's inputs: display name, state and every field in its canonical reading (what drift, the plan and
 * the diff read), named-location keys resolved to the declared locations' ids, and the id to adopt.
 */
export function graphPolicyInputs(args: GraphConditionalAccessPolicyArgs): Record<string, pulumi.Input<unknown>> {
  const { graph, locationIds, cloud } = args;
  const fields = readPolicyFields(graph);
  const locations = fields.conditions?.locations;
  if (locations && locationIds) {
    const resolve = (values: string[] | undefined) => values?.map((v) => ((BUILT_IN_LOCATIONS as readonly string[]).includes(v) ? v : (locationIds[v] ?? v)));
    fields.conditions.locations = {
      ...(locations.includeLocations ? { includeLocations: resolve(locations.includeLocations) } : {}),
      ...(locations.excludeLocations ? { excludeLocations: resolve(locations.excludeLocations) } : {}),
    };
  }
  return {
    displayName: graph.displayName,
    state: graph.state,
    ...fields,
    ...(cloud ? { cloud } : {}),
    ...(typeof graph.id === "string" && graph.id !== "" ? { adoptId: graph.id } : {}),
  };
}

/**
 * A Conditional Access policy written through Microsoft Graph (`/v1.0/identity/conditionalAccess/policies`), for the
 * policies the azuread provider cannot express (authentication contexts, application filters …: `providerGaps`).
 * Type token `pulumi-nodejs:dynamic/entra-baseline:ConditionalAccessPolicy`.
 */
export class GraphConditionalAccessPolicy extends pulumi.dynamic.Resource {
  /** The policy's display name, as written to the tenant. */
  declare readonly displayName: pulumi.Output<string>;
  /** `enabled`, `disabled` or `enabledForReportingButNotEnforced`, as written to the tenant. */
  declare readonly state: pulumi.Output<string>;

  constructor(name: string, args: GraphConditionalAccessPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(graphPolicyProvider, name, graphPolicyInputs(args), opts, "entra-baseline", "ConditionalAccessPolicy");
  }
}
