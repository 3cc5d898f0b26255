import { expect } from "chai";
import { POLICY_FIELDS, PolicyField } from "../config/graph/policyFields";
import { readPolicyFields, setAt, valueAt } from "../config/graph/policyShape";
import type { DeclaredField, EnumMembers, ProviderBlock } from "../config/graph/policyTypes";
import { ConditionalAccessPolicyInputs, fromProviderInputs, toProviderInputs } from "../components/providerArgs";
import type { GraphPolicy, GraphPolicyConditions } from "../policies/facts";
import { FIELD_SAMPLES } from "./support/policyArbitraries";
import type { BuiltInControl, ConditionalAccessConditions, ConditionalAccessPolicy, ConditionalAccessUsers } from "../policies/graphTypes";

// The policy's TypeScript types are derived from the field declaration (config/graph/policyTypes.ts). The type check
// of `npm test` runs over this file: each `is<…>` below fails it when a derived type drifts from what the declaration
// says; the specs check at run time that a policy setting every declared field (each with the diff's sample) reads and
// maps to the provider whole.

/** True only when A and B are the same type (not merely assignable). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const is = <T extends true>(): T => true as T;

/** A policy that sets every given field (of the fields the provider takes exactly one of, the first). */
function everyField(fields: readonly PolicyField[] = POLICY_FIELDS): ConditionalAccessPolicy {
  const policy: Record<string, any> = { displayName: "Every field", state: "enabledForReportingButNotEnforced" };
  const first = fields.find((f) => f.exactlyOneInProvider);
  for (const f of fields) setAt(policy, f.path, f.exactlyOneInProvider && f !== first ? [] : FIELD_SAMPLES[f.path]);
  return policy as ConditionalAccessPolicy;
}

/** The type at a dotted path of T (blocks may be optional or null), never when T has no such path. */
type At<T, P extends string> = P extends `${infer H}.${infer R}`
  ? H extends keyof NonNullable<T>
    ? At<NonNullable<T>[H], R>
    : never
  : P extends keyof NonNullable<T>
    ? NonNullable<T>[P]
    : never;
/** The declared paths a type has no property for. */
type Missing<T, Paths extends string> = { [P in Paths]: [At<T, P>] extends [never] ? P : never }[Paths];
type GraphPaths = DeclaredField["path"];
type ProviderPaths = Exclude<Extract<DeclaredField["provider"], string>, `${string}.*`>;

describe("the policy's TypeScript types, derived from the field declaration (config/graph/policyTypes.ts)", () => {
  it("hold exactly the declared fields: every declared path is a property of the canonical, Graph and provider types", () => {
    is<Equals<Missing<ConditionalAccessPolicy, GraphPaths>, never>>();
    is<Equals<Missing<GraphPolicy, GraphPaths>, never>>();
    is<Equals<Missing<ConditionalAccessPolicyInputs, ProviderPaths>, never>>();
    // A path the declaration does not hold is not a property: the checks above can fail.
    is<Equals<Missing<ConditionalAccessPolicy, GraphPaths | "conditions.times">, "conditions.times">>();
    const read = readPolicyFields(everyField());
    const unread = POLICY_FIELDS.filter((f) => valueAt(read, f.path) === undefined && !f.exactlyOneInProvider).map((f) => f.path);
    expect(unread).to.deep.equal([]);
  });

  it("make the baseline's fields required, every other one optional, lists Graph fills beside their block required within it", () => {
    is<Equals<ConditionalAccessUsers["includeUsers"], readonly string[]>>();
    is<Equals<ConditionalAccessPolicy["conditions"]["applications"]["includeUserActions"], readonly string[]>>();
    is<Equals<ConditionalAccessUsers["includeGuestsOrExternalUsers"], ConditionalAccessPolicy["conditions"]["users"]["excludeGuestsOrExternalUsers"]>>();
    is<Equals<undefined extends ConditionalAccessUsers["includeGuestsOrExternalUsers"] ? true : false, true>>();
    is<Equals<undefined extends ConditionalAccessConditions["locations"] ? true : false, true>>();
    is<Equals<NonNullable<ConditionalAccessConditions["locations"]>["includeLocations"], readonly string[]>>();
    is<Equals<undefined extends ConditionalAccessPolicy["sessionControls"] ? true : false, true>>();
    const minimal: Pick<ConditionalAccessPolicy, "grantControls"> = { grantControls: { operator: "AND", builtInControls: ["block"] } };
    expect(minimal.grantControls.authenticationStrength).to.equal(undefined);
  });

  it("type each value by its kind and Graph enum: platforms, controls, session settings, the grant's operator", () => {
    is<Equals<NonNullable<ConditionalAccessConditions["platforms"]>["includePlatforms"][number], EnumMembers<"conditionalAccessDevicePlatform">>>();
    is<Equals<ConditionalAccessPolicy["grantControls"]["builtInControls"][number], BuiltInControl>>();
    is<Equals<ConditionalAccessPolicy["grantControls"]["operator"], "AND" | "OR">>();
    is<Equals<NonNullable<NonNullable<ConditionalAccessPolicy["sessionControls"]>["persistentBrowser"]>["mode"], "always" | "never" | undefined>>();
    is<Equals<ConditionalAccessConditions["insiderRiskLevels"], string | undefined>>();
    expect(everyField().conditions.platforms!.includePlatforms).to.deep.equal(["linux"]);
  });

  it("read Graph's answer with every key missing or null, and the provider's inputs by the provider's names", () => {
    is<Equals<null extends GraphPolicyConditions["devices"] ? true : false, true>>();
    is<Equals<null extends GraphPolicy["sessionControls"] ? true : false, true>>();
    is<Equals<ProviderBlock<"conditions.applications">["excludedApplications"], string[]>>();
    is<Equals<undefined extends ProviderBlock<"conditions.applications">["includedApplications"] ? true : false, true>>();
    is<Equals<"includeAuthenticationContextClassReferences" extends keyof ProviderBlock<"conditions.applications"> ? true : false, false>>();
    is<Equals<NonNullable<ConditionalAccessPolicyInputs["sessionControls"]>["signInFrequency"], number | undefined>>();
    is<Equals<ConditionalAccessPolicyInputs["conditions"]["authenticationFlowTransferMethods"], string[] | undefined>>();
    const graph: GraphPolicy = everyField();
    expect(graph.conditions?.users?.includeUsers).to.deep.equal(FIELD_SAMPLES["conditions.users.includeUsers"]);
  });

  it("give the provider's inputs a key for every field the provider can express, each set from a policy that sets it", () => {
    const expressible = POLICY_FIELDS.filter((f) => f.provider !== null);
    const policy = everyField(expressible);
    const inputs: ConditionalAccessPolicyInputs = toProviderInputs(policy);
    const firstOfOne = expressible.find((f) => f.exactlyOneInProvider);
    for (const f of expressible.filter((g) => !g.exactlyOneInProvider || g === firstOfOne)) {
      const at = f.provider!.endsWith(".*") ? `${f.provider!.slice(0, -2)}.signInFrequencyInterval` : f.provider!;
      expect(valueAt(inputs, at), f.path).not.to.equal(undefined);
    }
    expect(readPolicyFields(fromProviderInputs(inputs))).to.deep.equal(readPolicyFields(policy));
  });
});
