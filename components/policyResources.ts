import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { projectGraphPolicy } from "../policies/customPolicy";
import { fromProviderInputs } from "./providerArgs";
import { CONDITIONAL_ACCESS_POLICY_TYPE, GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE } from "./resourceTypes";

// The one reading of a declared Conditional Access policy from its resource, whichever provider writes it: the plan,
// the preview's reader and the policy pack read both kinds through it, so drift, the diff and the guard see one shape.

/** The resource types that declare a Conditional Access policy: the azuread provider's, and this project's Graph-backed one. */
export const POLICY_RESOURCE_TYPES: readonly string[] = [CONDITIONAL_ACCESS_POLICY_TYPE, GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE];

/** Whether a resource type declares a Conditional Access policy. */
export const isPolicyResource = (type: string | undefined): boolean => type !== undefined && POLICY_RESOURCE_TYPES.includes(type);

/** A policy resource's inputs (as the engine records them, or a preview's state) in Graph's shape, as every policy is read. */
export function policyOfResource(type: string, inputs: Readonly<Record<string, any>>): ConditionalAccessPolicy {
  return type === GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE ? projectGraphPolicy(inputs) : fromProviderInputs(inputs);
}
