import type * as pulumi from "@pulumi/pulumi";
import { projectGraphPolicy } from "../policies/customPolicy";
import { toProviderInputs } from "./providerArgs";

/**
 * A custom policy's azuread `ConditionalAccessPolicy` inputs: its Graph JSON read as every policy is, then
 * the one mapping to the provider's inputs, with named-location keys resolved to the declared locations' ids.
 */
export function customPolicyInputs(graph: Readonly<Record<string, any>>, locationIds: Readonly<Record<string, pulumi.Input<string>>>) {
  return toProviderInputs(projectGraphPolicy(graph), { locationIds });
}
