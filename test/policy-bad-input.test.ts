import { expect } from "chai";
import fc from "fast-check";
import { customPolicyIssues } from "../config/customPolicies";
import { FieldFamily, FieldKind, POLICY_FIELDS, PolicyField } from "../config/graph/policyFields";
import { setAt, statedPolicy } from "../config/graph/policyShape";
import { toProviderInputs } from "../components/providerArgs";
import { providerInputProblems } from "../components/providerValidation";
import { projectGraphPolicy } from "../policies/customPolicy";
import { policy } from "./support/policyArbitraries";
import { graphGetAnswer } from "./support/providerModel";

// Bad input for every field, family by family: refused by its key, with the fix, before anything is declared.

/** Values Graph (or this project) refuses, by kind of field. */
const BAD: Readonly<Record<FieldKind, readonly unknown[]>> = {
  ids: [[42], "not-a-list"],
  names: [[42], { c1: true }],
  values: [["bogus"], ["unknownFutureValue"]],
  flags: ["bogus", "unknownFutureValue", 7],
  enum: [42],
  guests: [{ guestOrExternalUserTypes: "nobody" }, { guestOrExternalUserTypes: "internalGuest", externalTenants: { membershipKind: "enumerated" } }],
  filter: [{ mode: "sometimes", rule: 'device.trustType -eq "ServerAD"' }, { mode: "include", rule: "" }, { mode: "include" }],
  reference: [{ id: 5 }, "00000000-0000-0000-0000-000000000004"],
  switch: [{ isEnabled: "on" }, true],
  switched: [{ isEnabled: true }, { isEnabled: true, mode: "sometimes", cloudAppSecurityType: "sometimes" }],
  frequency: [
    { isEnabled: true, frequencyInterval: "timeBased", value: 0, type: "hours" },
    { isEnabled: true, frequencyInterval: "timeBased", value: 4 },
    { isEnabled: true, frequencyInterval: "everyTime", value: 4, type: "hours" },
    { isEnabled: true, frequencyInterval: "unknownFutureValue" },
  ],
  boolean: ["yes", 1],
};

const FAMILIES = [...new Set(POLICY_FIELDS.map((f) => f.family))];
/** Fields a custom policy states directly (the operator and the paired lists need their block to matter). */
const fieldsOf = (family: FieldFamily) => POLICY_FIELDS.filter((f) => f.family === family);

/** Whether an issue names the field's key (or a key below it). */
const namesField = (key: string, f: PolicyField) => key === `customPolicies.k.${f.path}` || key.startsWith(`customPolicies.k.${f.path}.`);

describe("bad input for every field of a custom policy is refused by key, with the fix (property, by family)", () => {
  for (const family of FAMILIES) {
    it(`refuses bad ${family} fields`, () => {
      const bad = fc.tuple(policy, fc.constantFrom(...fieldsOf(family)), fc.nat()).map(([p, f, i]) => ({ p, f, value: BAD[f.kind][i % BAD[f.kind].length] }));
      fc.assert(
        fc.property(bad, ({ p, f, value }) => {
          const stated = statedPolicy(graphGetAnswer(p));
          setAt(stated, f.path, value);
          if (f.path.startsWith("conditions.locations."))
            setAt(stated, "conditions.locations.includeLocations", f.path.endsWith("includeLocations") ? value : ["All"]);
          const issues = customPolicyIssues([{ key: "k", source: "inline", graph: stated }], {}, "customPolicies");
          const named = issues.filter((i) => namesField(i.key, f));
          expect(named, `${f.path} = ${JSON.stringify(value)}: ${JSON.stringify(issues)}`).to.not.deep.equal([]);
          for (const issue of named)
            expect(issue.message, issue.key).to.match(/; fix it to Graph's v1.0 conditionalAccessPolicy shape|: (use|name|set|remove|add)|; declare it/);
        }),
        { numRuns: 25 },
      );
    });
  }

  it("refuses a grant operator other than AND or OR, in the config and in the provider's inputs", () => {
    const p = { displayName: "x", state: "enabled", conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] } } };
    const grantControls = { operator: "XOR", builtInControls: ["mfa"] };
    const issues = customPolicyIssues([{ key: "k", source: "inline", graph: { ...p, grantControls } }], {}, "customPolicies");
    expect(issues.map((i) => [i.key, i.message.split(";")[0]])).to.deep.equal([
      ["customPolicies.k.grantControls.operator", '"XOR" is not a value Graph accepts here: use AND or OR'],
    ]);
    const inputs = toProviderInputs(projectGraphPolicy({ ...p, grantControls }));
    expect(providerInputProblems(inputs)).to.deep.include('grantControls.operator: "XOR" is not accepted by the azuread provider; use one of AND, OR');
  });
});
