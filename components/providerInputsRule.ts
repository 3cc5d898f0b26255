import { defineRule, type Rule } from "../guard/rule";
import { providerInputProblems } from "./providerValidation";

/** The offline plan's rule over the inputs of one `azuread.ConditionalAccessPolicy`: what the real provider would refuse at `pulumi up`. */
export type ProviderInputsRule = Rule<[resource: string, inputs: Record<string, any>]>;

/** Compliant: the inputs pass the azuread provider's own checks (components/providerValidation.ts). */
export const providerInputs: ProviderInputsRule = defineRule({
  id: "EB-PROVIDER-INPUTS",
  description: "the Conditional Access inputs pass the azuread provider's own checks",
  check: (resource: string, inputs: Record<string, any>) =>
    providerInputProblems(inputs).map((problem) => ({ severity: "error" as const, message: `${resource}: ${problem}` })),
});
