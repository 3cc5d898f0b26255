import type * as pulumi from "@pulumi/pulumi";
import { projectGraphPolicy } from "../policies/customPolicy";
import { providerGaps } from "../config/graph/policyShape";
import { checkGraphPolicy } from "./graphPolicyBody";
import { graphPolicyInputs } from "./graphConditionalAccessPolicy";
import { toProviderInputs } from "./providerArgs";
import { providerInputProblems } from "./providerValidation";

/**
 * Whether a custom policy is written through Graph (the Graph-backed resource) rather than by the azuread provider:
 * exactly when the provider cannot express it (`providerGaps`: an authentication context, an application filter …).
 */
export const managedThroughGraph = (graph: Readonly<Record<string, any>>): boolean => providerGaps(graph).length > 0;

/**
 * What the provider that would write a custom policy refuses in it (EB-PROVIDER-INPUTS): the azuread provider's checks,
 * or the Graph-backed resource's. Named locations stand for themselves (their keys), as the export writes them.
 */
export function customPolicyProblems(graph: Readonly<Record<string, any>>): string[] {
  const locationIds = new Proxy({}, { get: (_, key) => String(key) }) as Record<string, string>;
  if (!managedThroughGraph(graph)) return providerInputProblems(customPolicyInputs(graph, locationIds));
  return (checkGraphPolicy(graphPolicyInputs({ graph, locationIds })).failures ?? []).map((f) => f.reason);
}

/**
 * A custom policy's azuread `ConditionalAccessPolicy` inputs: its Graph JSON read as every policy is, then
 * the one mapping to the provider's inputs, with named-location keys resolved to the declared locations' ids.
 */
export function customPolicyInputs(graph: Readonly<Record<string, any>>, locationIds: Readonly<Record<string, pulumi.Input<string>>>) {
  return toProviderInputs(projectGraphPolicy(graph), { locationIds });
}
