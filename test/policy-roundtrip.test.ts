import { expect } from "chai";
import fc from "fast-check";
import { customPolicyIssues } from "../config/customPolicies";
import { providerGaps, readPolicyFields, statedPolicy } from "../config/graph/policyShape";
import { customPolicyInputs } from "../components/customPolicyInputs";
import { fromProviderInputs } from "../components/providerArgs";
import { providerInputProblems } from "../components/providerValidation";
import { policyChanges } from "../live/drift";
import { normalizeTenantPolicy } from "../live/tenant";
import { projectGraphPolicy } from "../policies/customPolicy";
import { graphGetAnswer, providerRequestBody } from "./support/providerModel";
import { policy } from "./support/policyArbitraries";

// Every field, every family: a tenant's policy as Graph answers a GET → the stack config the export writes →
// the azuread provider's inputs → the body the provider sends → Graph's answer for it: the same policy.

/** Named locations for every location id a policy uses: the stack declares them, and they resolve to themselves. */
function locationsOf(stated: Record<string, any>) {
  const used = [...(stated.conditions?.locations?.includeLocations ?? []), ...(stated.conditions?.locations?.excludeLocations ?? [])].filter(
    (l: string) => l !== "All" && l !== "AllTrusted",
  );
  return {
    declared: Object.fromEntries(used.map((id: string) => [id, { displayName: id, ipRanges: ["203.0.113.0/24"] }])),
    ids: Object.fromEntries(used.map((id: string) => [id, id])),
  };
}

describe("every field round-trips: Graph's GET → stack config → provider inputs → the provider's request → Graph's GET (property)", () => {
  it("holds every policy the provider can express, with no change, no refusal and no drift", () => {
    fc.assert(
      fc.property(policy, (generated) => {
        const tenant = graphGetAnswer(generated);
        expect(providerGaps(tenant)).to.deep.equal([]);
        const stated = statedPolicy(tenant);
        const locations = locationsOf(stated);
        expect(customPolicyIssues([{ key: "roundTrip", source: "inline", graph: stated }], locations.declared as never, "customPolicies")).to.deep.equal([]);
        const inputs = JSON.parse(JSON.stringify(customPolicyInputs(stated, locations.ids)));
        expect(providerInputProblems(inputs)).to.deep.equal([]);
        // What the plan and drift read back from the inputs is what the tenant holds.
        expect(fromProviderInputs(inputs)).to.deep.equal(projectGraphPolicy(tenant));
        const answered = graphGetAnswer(providerRequestBody(inputs));
        expect(readPolicyFields(answered)).to.deep.equal(readPolicyFields(tenant));
        expect(policyChanges(normalizeTenantPolicy({ ...answered, id: "x" }), fromProviderInputs(inputs))).to.deep.equal([]);
      }),
      { numRuns: 100 },
    );
  });
});
