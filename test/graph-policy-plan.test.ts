import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { EntraBaseline } from "../components/entraBaseline";
import { waitForRegistrations } from "../plan/mockEngine";
import { recorder } from "./support/mockEngine";
import { previewDiff } from "../diff/semanticDiff";
import { readPreview } from "../diff/previewReader";
import { CONDITIONAL_ACCESS_POLICY_TYPE, GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE, ResourceRecorder } from "../plan/mockEngine";
import { runPlan } from "../plan/runPlan";
import { guardStack } from "../policy-pack/stackGuard";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { cutOverConfig } from "./support/stackConfig";

const OFFICE = { displayName: "Office Berlin", ipRanges: ["203.0.113.0/24"], trusted: true };

/** Sensitive actions behind an authentication context, from outside the office: what only Graph can write. */
function sensitiveActions(extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    displayName: "Require MFA for sensitive actions outside the office",
    state: "enabledForReportingButNotEnforced",
    conditions: {
      users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS_USER], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      applications: { includeApplications: [], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: ["c1"] },
      clientAppTypes: ["all"],
      locations: { includeLocations: ["All"], excludeLocations: ["office"] },
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
    ...extra,
  };
}

const stack = (custom: Record<string, unknown>) => cutOverConfig({ customPolicies: custom, namedLocations: { office: OFFICE } });

describe("a custom policy the azuread provider cannot express, in the plan, the preview's diff and the policy pack", () => {
  it("is declared as the Graph-backed resource, in Graph's canonical reading, the location key resolved to the location's id", async () => {
    const result = await runPlan({ stack: "custom", config: stack({ sensitive: sensitiveActions() }) });
    const resource = result.resources.find((r) => r.name === "entra-baseline-custom-sensitive")!;
    expect(resource.type).to.equal(GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE);
    expect(resource.inputs).to.deep.include({
      displayName: "Require MFA for sensitive actions outside the office",
      state: "enabledForReportingButNotEnforced",
    });
    expect((resource.inputs as any).conditions.applications).to.deep.equal({ includeAuthenticationContextClassReferences: ["c1"] });
    expect((resource.inputs as any).conditions.locations).to.deep.equal({ includeLocations: ["All"], excludeLocations: ["entra-baseline-location-office-id"] });
    expect(result.resources.filter((r) => r.type === CONDITIONAL_ACCESS_POLICY_TYPE).map((r) => r.name)).to.not.include("entra-baseline-custom-sensitive");
    const declared = result.conditionalAccessPolicies.find((p) => p.displayName.startsWith("Require MFA for sensitive"))!;
    expect(declared.conditions.applications.includeAuthenticationContextClassReferences).to.deep.equal(["c1"]);
  });

  it("hands an adopted custom policy back to the tenant when the stack stops declaring it, of either kind; a policy it created is deleted", async () => {
    recorder.reset();
    const options = new Map<string, pulumi.CustomResourceOptions>();
    const record: pulumi.ResourceTransformation = ({ type, name, opts }) => {
      if (name.includes("-custom-")) options.set(`${type} ${name}`, opts);
      return undefined;
    };
    const plain = sensitiveActions({ displayName: "Require MFA everywhere", id: "0d6f3a1e-0000-4c2b-9a7d-00000000ad01" });
    plain.conditions.applications = { includeApplications: ["All"] };
    delete plain.conditions.locations;
    const adopted = sensitiveActions({ id: "0d6f3a1e-0000-4c2b-9a7d-00000000ad02" });
    delete adopted.conditions.locations;
    const created = sensitiveActions({ displayName: "created by the stack" });
    delete created.conditions.locations;
    new EntraBaseline(
      "c",
      {
        // Staging beside Security Defaults: the custom policies report-only.
        plan: "p1",
        protection: "securityDefaults",
        breakGlassUsers: [BREAK_GLASS_USER],
        customPolicies: { plain, adopted, created },
      } as never,
      { transformations: [record] },
    );
    await waitForRegistrations();
    expect(Object.fromEntries([...options].map(([key, opts]) => [key, { retainOnDelete: opts.retainOnDelete, import: opts.import }]))).to.deep.equal({
      [`${CONDITIONAL_ACCESS_POLICY_TYPE} c-custom-plain`]: { retainOnDelete: true, import: "0d6f3a1e-0000-4c2b-9a7d-00000000ad01" },
      [`${GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE} c-custom-adopted`]: { retainOnDelete: true, import: undefined },
      [`${GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE} c-custom-created`]: { retainOnDelete: undefined, import: undefined },
    });
  });

  it("keeps a custom policy the provider can express on the azuread provider", async () => {
    const plain = sensitiveActions({ displayName: "Require MFA everywhere" });
    plain.conditions.applications = { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] };
    const result = await runPlan({ stack: "custom", config: stack({ plain }) });
    expect(result.resources.find((r) => r.name === "entra-baseline-custom-plain")!.type).to.equal(CONDITIONAL_ACCESS_POLICY_TYPE);
  });

  it("has its inputs checked as its provider checks them (EB-PROVIDER-INPUTS), each problem by key", () => {
    const recorder = new ResourceRecorder();
    recorder.newResource({
      type: GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE,
      name: "entra-baseline-custom-sensitive",
      inputs: {
        displayName: "x",
        state: "enabled",
        conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["fax"] },
      },
      custom: true,
    });
    expect(recorder.findings.map((f) => [f.rule, f.message])).to.deep.equal([
      [
        "EB-PROVIDER-INPUTS",
        'entra-baseline-custom-sensitive: conditions.clientAppTypes: "fax" is not a value Graph v1.0 defines; ' +
          "use all, browser, mobileAppsAndDesktopClients, exchangeActiveSync, easSupported, other",
      ],
      ["EB-PROVIDER-INPUTS", "entra-baseline-custom-sensitive: grantControls: a policy needs a grant or a session control; add one (block, mfa …)"],
    ]);
  });

  it("is read from a pulumi preview --json document, and a narrowed authentication context shows in the semantic diff", () => {
    const before: Record<string, any> = sensitiveActions({ displayName: "ctx", state: "enabled" });
    before.conditions = { ...before.conditions, applications: { includeAuthenticationContextClassReferences: ["c1", "c2"] }, locations: undefined };
    const after = structuredClone(before);
    after.conditions.applications.includeAuthenticationContextClassReferences = ["c1"];
    const urn =
      "urn:pulumi:prod::entra::entra-baseline:index:EntraBaseline$pulumi-nodejs:dynamic/entra-baseline:ConditionalAccessPolicy::entra-baseline-custom-ctx";
    const document = {
      steps: [
        {
          op: "update",
          urn,
          oldState: { urn, type: GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE, inputs: { ...before, __provider: "exports.handler = __f0;" } },
          newState: { urn, type: GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE, inputs: { ...after, __provider: "exports.handler = __f0;" } },
        },
      ],
      changeSummary: { update: 1 },
    };
    const { base, head } = readPreview(document);
    expect(base.policies.map((p) => p.conditions.applications.includeAuthenticationContextClassReferences)).to.deep.equal([["c1", "c2"]]);
    expect(head.policies.map((p) => p.conditions.applications.includeAuthenticationContextClassReferences)).to.deep.equal([["c1"]]);
    const report = previewDiff(document);
    expect(JSON.stringify(report)).to.contain("c2");
  });

  it("is judged by the policy pack as any policy: one that leaves the break-glass account in scope is a violation on its resource", () => {
    const policy = sensitiveActions({ state: "enabled" });
    policy.conditions.users.excludeUsers = [];
    delete policy.conditions.locations;
    const urn = "urn:pulumi:prod::entra::pulumi-nodejs:dynamic/entra-baseline:ConditionalAccessPolicy::ctx";
    const violations = guardStack([{ type: GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE, urn, name: "ctx", props: policy }], {
      plan: "p1",
      breakGlassUsers: [BREAK_GLASS_USER],
      breakGlassGroups: [],
      acceptedGaps: {},
      inheritedRisks: [],
    });
    expect(violations.filter((v) => v.rule === "EB-BREAKGLASS-EXCLUDED").map((v) => v.urn)).to.deep.equal([urn]);
  });
});
