import { defineRule, type Rule } from "../guard/rule";
import { checkGraphPolicy } from "./graphPolicyBody";
import { providerInputProblems } from "./providerValidation";
import { GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE } from "./resourceTypes";

/**
 * The offline plan's rule over the inputs of one Conditional Access policy resource: what its provider would refuse at
 * `pulumi up` (the azuread provider's checks, or the Graph-backed resource's own `check`, by the resource's type).
 */
export type ProviderInputsRule = Rule<[resource: string, inputs: Record<string, any>, type?: string]>;

/** Compliant: the inputs pass the checks of the provider that writes them (components/providerValidation.ts, components/graphPolicyBody.ts). */
export const providerInputs: ProviderInputsRule = defineRule({
  id: "EB-PROVIDER-INPUTS",
  description: "the Conditional Access inputs pass the checks of the provider that writes them",
  check: (resource: string, inputs: Record<string, any>, type?: string) =>
    (type === GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE
      ? (checkGraphPolicy(inputs).failures ?? []).map((failure) => failure.reason)
      : providerInputProblems(inputs)
    ).map((problem) => ({ severity: "error" as const, message: `${resource}: ${problem}` })),
});
