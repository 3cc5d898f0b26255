import { expect } from "chai";
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { GraphConditionalAccessPolicy, graphPolicyInputs } from "../components/graphConditionalAccessPolicy";
import { checkGraphPolicy, comparedPolicy, diffGraphPolicy, graphWriteBody, type GraphPolicyInputs } from "../components/graphPolicyBody";
import { graphPolicyProvider } from "../components/graphPolicyProvider";
import { UNKNOWN_DURING_PREVIEW } from "../components/dynamicInputs";
import { GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE } from "../components/resourceTypes";
import { POLICY_FIELDS } from "../config/graph/policyFields";
import { loadCorpus } from "./fixtures/corpus";
import { storedPolicy } from "./graph-double/policyStore";
import { policy as expressiblePolicy } from "./support/policyArbitraries";
import { graphGetAnswer } from "./support/providerModel";
import { customPolicyIssues } from "../config/customPolicies";
import { readPolicyFields, setAt, statedPolicy } from "../config/graph/policyShape";
import { managedThroughGraph } from "../components/customPolicyInputs";
import { projectGraphPolicy } from "../policies/customPolicy";
import { throttled, unavailable } from "./graph-double/faults";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { caFileFor, pipelineEnvironment, usePipelineEnvironment } from "./support/graphClient";
import { runSerializedProvider, serializeProvider } from "./support/serializedProvider";

const CA = "/v1.0/identity/conditionalAccess/policies";
const corpus = loadCorpus();
const byName = (name: string) => [...corpus.policies.values()].find((p) => String(p.displayName).startsWith(name))!;

/** Corpus 510: an authentication context (the azuread provider cannot express it), in Graph's full GET shape. */
const authContextPolicy = () => structuredClone(byName("510 - Ring0"));

/** An application filter on custom security attributes, as Graph's docs write one, with guests from listed tenants. */
const appFilterPolicy = (): Record<string, any> => ({
  displayName: "Require MFA for apps tagged sensitive",
  state: "enabledForReportingButNotEnforced",
  conditions: {
    clientAppTypes: ["all"],
    applications: {
      includeApplications: ["All"],
      excludeApplications: [],
      includeUserActions: [],
      includeAuthenticationContextClassReferences: [],
      applicationFilter: { mode: "include", rule: 'CustomSecurityAttribute.Engineering_Project -eq "Baker"' },
    },
    users: {
      includeUsers: [],
      excludeUsers: [],
      includeGroups: [],
      excludeGroups: [],
      includeRoles: [],
      excludeRoles: [],
      includeGuestsOrExternalUsers: {
        guestOrExternalUserTypes: "b2bCollaborationGuest",
        externalTenants: {
          "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
          membershipKind: "enumerated",
          members: ["0b4f6c2e-0000-4a1b-9c8d-00000000beef"],
        },
      },
      excludeGuestsOrExternalUsers: null,
    },
    devices: { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "AzureAD"' } },
    platforms: null,
    locations: null,
  },
  grantControls: { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
  sessionControls: {
    signInFrequency: { isEnabled: true, value: 4, type: "hours", authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "timeBased" },
  },
});

/** The resource's inputs as the component declares them (no Outputs: the locations are built-in or absent). */
const inputsOf = (graph: Record<string, any>) => graphPolicyInputs({ graph }) as unknown as GraphPolicyInputs & Record<string, unknown>;

const failuresOf = (inputs: unknown) => checkGraphPolicy(inputs).failures ?? [];

describe("the Graph-backed Conditional Access policy provider", () => {
  describe("check", () => {
    it("accepts the inputs the component declares for a policy with an authentication context, an application filter, guests and a session", () => {
      for (const graph of [authContextPolicy(), appFilterPolicy()]) {
        const inputs = inputsOf(graph);
        expect(checkGraphPolicy(inputs)).to.deep.equal({ inputs });
      }
    });

    it("takes the adopted id from the policy's id and nothing of Graph's read-only fields or annotations", () => {
      const inputs = inputsOf(authContextPolicy());
      expect(inputs.adoptId).to.equal("6926ff34-ae46-5a41-a108-e091b9fd5f54");
      expect(JSON.stringify(inputs)).to.not.contain("@odata").and.not.contain("createdDateTime").and.not.contain("templateId");
      expect((inputs.conditions as any).applications).to.deep.equal({ includeAuthenticationContextClassReferences: ["c1"] });
    });

    it("rejects an unknown input and an undeclared part of the body, naming each by key", () => {
      const inputs: Record<string, any> = { ...inputsOf(authContextPolicy()), owner: "me" };
      inputs.conditions = { ...inputs.conditions, times: { included: "weekdays" } };
      inputs.conditions.users = { ...inputs.conditions.users, includUsers: ["All"] };
      expect(failuresOf(inputs).map((f) => f.property)).to.have.members(["owner", "conditions.times", "conditions.users.includUsers"]);
      expect(failuresOf(inputs).find((f) => f.property === "owner")!.reason).to.match(/^owner: unknown input; use displayName, state, conditions/);
    });

    it("rejects an annotation in the body: it is not policy content", () => {
      const inputs: Record<string, any> = inputsOf(authContextPolicy());
      inputs.conditions.applications["applicationFilter@odata.context"] = "x";
      expect(failuresOf(inputs)).to.deep.equal([
        {
          property: "conditions.applications.applicationFilter@odata.context",
          reason: 'conditions.applications.applicationFilter@odata.context: "x" cannot be written: an annotation is not policy content; remove it',
        },
      ]);
    });

    it("rejects a value not in Graph's reading, a member Graph v1.0 does not define, and a filter without its mode, by key", () => {
      const inputs: Record<string, any> = inputsOf(appFilterPolicy());
      inputs.conditions.users.includeUsers = "All";
      inputs.conditions.clientAppTypes = ["fax"];
      inputs.conditions.applications.applicationFilter = { rule: "CustomSecurityAttribute.x -eq 1" };
      inputs.grantControls.builtInControls = ["mfa", "unknownFutureValue"];
      const failures = failuresOf(inputs);
      expect(failures.map((f) => f.property)).to.have.members([
        "conditions.users.includeUsers",
        "conditions.clientAppTypes",
        "conditions.applications.applicationFilter",
        "grantControls.builtInControls",
      ]);
      expect(failures.find((f) => f.property === "conditions.clientAppTypes")!.reason).to.contain('"fax" is not a value Graph v1.0 defines; use all, browser');
      expect(failures.find((f) => f.property === "conditions.applications.applicationFilter")!.reason).to.contain("Graph needs mode (include or exclude)");
    });

    it("rejects a policy without users, applications or any control, an empty name, an unknown state, a bad adopted id and cloud", () => {
      const failures = failuresOf({ displayName: " ", state: "on", conditions: {}, adoptId: "../policies", cloud: "mars" });
      expect(failures.map((f) => f.property)).to.have.members([
        "displayName",
        "state",
        "adoptId",
        "cloud",
        "conditions.users",
        "conditions.applications",
        "grantControls",
      ]);
      const noControl = inputsOf(authContextPolicy()) as Record<string, any>;
      delete noControl.grantControls;
      expect(failuresOf(noControl).map((f) => f.property)).to.deep.equal(["grantControls"]);
    });

    it("rejects a time-based sign-in frequency without its value and unit, and a session control without its setting", () => {
      const inputs: Record<string, any> = inputsOf(appFilterPolicy());
      inputs.sessionControls = {
        signInFrequency: { isEnabled: true, authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "timeBased" },
        persistentBrowser: { isEnabled: true },
      };
      const failures = failuresOf(inputs);
      expect(failures.map((f) => f.property)).to.have.members(["sessionControls.signInFrequency", "sessionControls.persistentBrowser"]);
      expect(failures.find((f) => f.property === "sessionControls.signInFrequency")!.reason).to.contain(
        "value (a whole number, 1 or more) and type (hours or days)",
      );
    });

    it("accepts values not known yet during a preview, as the provider host hands them over", () => {
      const inputs: Record<string, any> = inputsOf(authContextPolicy());
      inputs.displayName = UNKNOWN_DURING_PREVIEW;
      inputs.conditions.locations = { includeLocations: [UNKNOWN_DURING_PREVIEW] };
      expect(failuresOf(inputs)).to.deep.equal([]);
      // A whole block not known yet (an input computed from another resource).
      expect(
        failuresOf({ ...inputs, conditions: { ...inputs.conditions, devices: UNKNOWN_DURING_PREVIEW }, sessionControls: UNKNOWN_DURING_PREVIEW }),
      ).to.deep.equal([]);
    });

    it("never throws on junk at any field's path, and names only paths of the inputs", () => {
      // An object whose toString is not a function: String() throws on it.
      const hostile: Record<string, any> = inputsOf(appFilterPolicy());
      hostile.conditions.users.includeUsers = [{ toString: {} }];
      expect(failuresOf(hostile).map((f) => f.property)).to.deep.equal(["conditions.users.includeUsers"]);
      fc.assert(
        fc.property(fc.constantFrom(...POLICY_FIELDS.map((f) => f.path)), fc.jsonValue(), (path, junk) => {
          const inputs: Record<string, any> = structuredClone(inputsOf(appFilterPolicy()));
          setAt(inputs, path, junk);
          for (const failure of failuresOf(inputs)) expect(failure.property.split(".")[0]).to.be.oneOf(["conditions", "grantControls", "sessionControls"]);
        }),
        { numRuns: 400 },
      );
    });
  });

  describe("diff", () => {
    it("reports no change between the declared inputs and the tenant's policy read back in Graph's full GET shape", () => {
      for (const graph of [authContextPolicy(), appFilterPolicy()]) {
        expect(diffGraphPolicy(comparedPolicy(graph), inputsOf(graph))).to.deep.include({ changes: false });
      }
    });

    it("updates in place, never replaces, when a field, the name or the cloud changes", () => {
      const before = inputsOf(authContextPolicy());
      const after: Record<string, any> = structuredClone(before);
      after.conditions.applications.includeAuthenticationContextClassReferences = ["c1", "c2"];
      expect(diffGraphPolicy(before, after)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false, stables: [] });
      expect(diffGraphPolicy(before, { ...before, displayName: "renamed" }).changes).to.equal(true);
      expect(diffGraphPolicy(before, { ...before, cloud: "usgovernment" }).changes).to.equal(true);
    });

    it("reports a change for no previous state, an undeclared part the tenant gained, or a value not known yet", () => {
      const inputs = inputsOf(authContextPolicy());
      expect(diffGraphPolicy(undefined, inputs).changes).to.equal(true);
      const tenant: Record<string, any> = comparedPolicy(authContextPolicy());
      tenant.sessionControls = { secureSignInSession: { isEnabled: true } };
      expect(diffGraphPolicy(tenant, inputs).changes).to.equal(true);
      expect(diffGraphPolicy(inputs, { ...inputs, state: UNKNOWN_DURING_PREVIEW }).changes).to.equal(true);
    });

    it("ignores the adopted id, which only the first deployment reads", () => {
      const inputs = inputsOf(authContextPolicy());
      const { adoptId: _a, ...withoutId } = inputs;
      expect(diffGraphPolicy(withoutId, inputs).changes).to.equal(false);
    });
  });

  describe("every field through Graph: the tenant's GET → stack config → the resource's inputs → its POST → Graph's GET (property)", () => {
    /** A policy only Graph can write: any expressible policy with authentication contexts or an application filter added. */
    const graphOnly = fc
      .record({
        base: expressiblePolicy,
        contexts: fc.subarray(["c1", "c2", "c25"]),
        applicationFilter: fc.option(
          fc.record({
            mode: fc.constantFrom("include", "exclude"),
            rule: fc.constantFrom(
              'CustomSecurityAttribute.ConditionalAccessTest_policyRequirement -contains "requireMFA"',
              'CustomSecurityAttribute.Set_Tier -eq "0"',
            ),
          }),
          { nil: undefined },
        ),
      })
      .filter(({ contexts, applicationFilter }) => contexts.length > 0 || applicationFilter !== undefined)
      .map(({ base, contexts, applicationFilter }) => {
        const applications = {
          ...base.conditions.applications,
          includeAuthenticationContextClassReferences: contexts,
          ...(applicationFilter ? { applicationFilter } : {}),
        };
        return { ...base, conditions: { ...base.conditions, applications } };
      });

    it("holds every policy only Graph can write: accepted by every check, written and read back with no change", () => {
      fc.assert(
        fc.property(graphOnly, (generated) => {
          const tenant = graphGetAnswer(generated);
          expect(managedThroughGraph(tenant)).to.equal(true);
          const stated = statedPolicy(tenant);
          const used = [...(stated.conditions.locations?.includeLocations ?? []), ...(stated.conditions.locations?.excludeLocations ?? [])];
          const declared = Object.fromEntries(used.map((id: string) => [id, { displayName: id, ipRanges: ["203.0.113.0/24"] }]));
          expect(customPolicyIssues([{ key: "roundTrip", source: "inline", graph: stated }], declared as never, "customPolicies")).to.deep.equal([]);
          const inputs = inputsOf(stated);
          expect(failuresOf(inputs)).to.deep.equal([]);
          expect(projectGraphPolicy(inputs)).to.deep.equal(projectGraphPolicy(tenant));
          const answered = storedPolicy(JSON.parse(JSON.stringify(graphWriteBody(inputs))), "7d2d8bd8-3a1f-4d7e-9a8f-2d1c8f6b0c11");
          expect(readPolicyFields(answered)).to.deep.equal(readPolicyFields(tenant));
          expect(diffGraphPolicy(comparedPolicy(answered), inputs).changes).to.equal(false);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("the body it writes", () => {
    it("states every field, so a PATCH clears what the declaration no longer sets: lists empty, other blocks and controls null", () => {
      const body = graphWriteBody(inputsOf(authContextPolicy()));
      expect(body).to.deep.include({ sessionControls: null, displayName: "510 - Ring0 - Data protection - Level 1 data: Require MFA" });
      expect((body.conditions as any).applications).to.deep.equal({
        includeApplications: [],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: ["c1"],
        applicationFilter: null,
      });
      expect(body.conditions).to.deep.include({
        locations: null,
        platforms: null,
        devices: null,
        clientApplications: null,
        authenticationFlows: null,
        insiderRiskLevels: null,
      });
      expect(body.grantControls).to.deep.equal({
        operator: "OR",
        builtInControls: ["mfa"],
        authenticationStrength: null,
        termsOfUse: [],
        customAuthenticationFactors: [],
      });
    });

    it("types an external tenants condition, as Graph needs on a write", () => {
      const body = graphWriteBody(inputsOf(appFilterPolicy()));
      expect((body.conditions as any).users.includeGuestsOrExternalUsers.externalTenants).to.deep.equal({
        "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
        membershipKind: "enumerated",
        members: ["0b4f6c2e-0000-4a1b-9c8d-00000000beef"],
      });
    });
  });

  describe("against the Graph double, configured only by the environment", () => {
    let double: GraphDouble;
    let caFile: string;
    beforeEach(async () => {
      double = await startGraphDouble();
      double.tenant.securityDefaults = false;
      caFile = caFileFor(double);
    });
    afterEach(async () => {
      await double.close();
    });
    usePipelineEnvironment(() => pipelineEnvironment(double, caFile));

    const fresh = (graph: Record<string, any>) => {
      const { adoptId: _a, ...inputs } = inputsOf(graph);
      return inputs as GraphPolicyInputs;
    };

    it("create POSTs the whole body once; read answers the declared inputs back from Graph's full GET shape, so no change follows", async () => {
      const inputs = fresh(appFilterPolicy());
      const created = await graphPolicyProvider.create!(inputs);
      expect(double.count("POST", CA)).to.equal(1);
      const stored = double.tenant.policies.get(created.id)!;
      expect(stored.grantControls).to.have.property("authenticationStrength@odata.context");
      expect(stored.conditions.applications.applicationFilter).to.deep.equal({
        mode: "include",
        rule: 'CustomSecurityAttribute.Engineering_Project -eq "Baker"',
      });
      const read = await graphPolicyProvider.read!(created.id, created.outs);
      expect(read.id).to.equal(created.id);
      expect(double.graphRequests().at(-1)!.prefer).to.contain("include-unknown-enum-members");
      expect(diffGraphPolicy(read.props, inputs).changes).to.equal(false);
    });

    it("read with no previous state (a refresh after an import) answers the tenant's policy in the inputs' reading, and nothing else", async () => {
      const graph = authContextPolicy();
      double.tenant.policies.set(graph.id, structuredClone(graph));
      const read = await graphPolicyProvider.read!(graph.id, undefined);
      expect(read).to.deep.equal({ id: graph.id, props: comparedPolicy(graph), inputs: comparedPolicy(graph) });
      expect(diffGraphPolicy(read.props, inputsOf(graph)).changes).to.equal(false);
    });

    it("keeps no secret or token in what it returns for the state, nor in what it sends to Graph", async () => {
      const created = await graphPolicyProvider.create!(fresh(appFilterPolicy()));
      const read = await graphPolicyProvider.read!(created.id, created.outs);
      const recorded = JSON.stringify([created, read, double.graphRequests().map((r) => r.body)]);
      expect(recorded).to.not.contain(double.clientSecret).and.not.contain("opaque-");
      expect(double.graphRequests().every((r) => r.authorization?.startsWith("Bearer opaque-"))).to.equal(true);
    });

    it("create takes over the adopted policy without writing when the tenant already holds it", async () => {
      const graph = authContextPolicy();
      double.tenant.policies.set(graph.id, structuredClone(graph));
      const created = await graphPolicyProvider.create!(inputsOf(graph));
      expect(created.id).to.equal(graph.id);
      expect(double.graphRequests().map((r) => r.method)).to.deep.equal(["GET"]);
    });

    it("create PATCHes the adopted policy when it differs, and POSTs nothing", async () => {
      const graph = authContextPolicy();
      double.tenant.policies.set(graph.id, structuredClone(graph));
      const declared: Record<string, any> = inputsOf(graph);
      declared.conditions.applications.includeAuthenticationContextClassReferences = ["c1", "c2"];
      await graphPolicyProvider.create!(declared);
      expect(double.count("POST", CA)).to.equal(0);
      expect(double.count("PATCH", `${CA}/${graph.id}`)).to.equal(1);
      expect(double.tenant.policies.get(graph.id)!.conditions.applications.includeAuthenticationContextClassReferences).to.deep.equal(["c1", "c2"]);
    });

    it("create refuses an adopted id the tenant does not hold, creating nothing", async () => {
      let message = "";
      await graphPolicyProvider.create!(inputsOf(authContextPolicy())).catch((err: Error) => (message = err.message));
      expect(message).to.contain("the tenant has no policy 6926ff34-ae46-5a41-a108-e091b9fd5f54 to adopt; nothing was created");
      expect(double.count("POST", CA)).to.equal(0);
    });

    it("read shows what the portal changed, and a policy deleted in the portal as gone", async () => {
      const graph = authContextPolicy();
      double.tenant.policies.set(graph.id, structuredClone(graph));
      double.tenant.policies.get(graph.id)!.conditions.applications.includeAuthenticationContextClassReferences = ["c1", "c9"];
      const read = await graphPolicyProvider.read!(graph.id, { cloud: "global", adoptId: graph.id, junk: 1 });
      expect((read.props as any).conditions.applications.includeAuthenticationContextClassReferences).to.deep.equal(["c1", "c9"]);
      expect(read.props).to.include({ cloud: "global", adoptId: graph.id }).and.not.have.property("junk");
      expect(diffGraphPolicy(read.props, inputsOf(graph)).changes).to.equal(true);
      // The refreshed inputs are the tenant's, so the preview shows the field the portal changed against the declared one.
      expect(read.inputs).to.deep.equal(read.props);
      double.tenant.policies.delete(graph.id);
      expect(await graphPolicyProvider.read!(graph.id, undefined)).to.deep.equal({ id: "", props: {} });
    });

    it("update PATCHes the whole body, so a condition the declaration dropped is cleared in the tenant", async () => {
      const inputs = fresh(appFilterPolicy());
      const { id } = await graphPolicyProvider.create!(inputs);
      const without: Record<string, any> = structuredClone(inputs);
      delete without.conditions.devices;
      delete without.sessionControls;
      await graphPolicyProvider.update!(id, inputs, without as GraphPolicyInputs);
      const stored = double.tenant.policies.get(id)!;
      expect(stored.conditions.devices).to.equal(null);
      expect(stored.sessionControls).to.equal(null);
      expect(stored.conditions.applications.applicationFilter).to.not.equal(null);
    });

    it("delete removes the policy it wrote, and a policy already gone is what was asked", async () => {
      const inputs = fresh(appFilterPolicy());
      const { id, outs } = await graphPolicyProvider.create!(inputs);
      await graphPolicyProvider.delete!(id, outs);
      expect(double.tenant.policies.has(id)).to.equal(false);
      await graphPolicyProvider.delete!(id, outs);
      expect(double.count("DELETE", `${CA}/${id}`)).to.equal(1);
    });

    it("delete leaves a policy another owner changed since (the azuread provider adopted it, or the portal), never deleting it from under them", async () => {
      const { id, outs } = await graphPolicyProvider.create!(fresh(appFilterPolicy()));
      // The same custom policy without its application filter is now the azuread provider's: it imported and updated it first.
      double.tenant.policies.get(id)!.conditions.applications.applicationFilter = null;
      await graphPolicyProvider.delete!(id, outs);
      expect(double.tenant.policies.has(id)).to.equal(true);
      expect(double.count("DELETE", `${CA}/${id}`)).to.equal(0);
    });

    it("sends a POST again only when Graph throttled it: one policy is created", async () => {
      double.faults.push(throttled(0));
      await graphPolicyProvider.create!(fresh(appFilterPolicy()));
      expect(double.count("POST", CA)).to.equal(2);
      expect(double.tenant.policies.size).to.equal(1);
    });

    it("never sends a POST again after a transient failure: it may have been carried out", async () => {
      double.faults.push(unavailable(0));
      let message = "";
      await graphPolicyProvider.create!(fresh(appFilterPolicy())).catch((err: Error) => (message = err.message));
      expect(double.count("POST", CA)).to.equal(1);
      expect(message).to.contain("503").and.contain("may have been carried out");
    });

    it("rejects enabling a policy while Security Defaults are on, with Graph's message", async () => {
      double.tenant.securityDefaults = true;
      let message = "";
      await graphPolicyProvider.create!({ ...fresh(appFilterPolicy()), state: "enabled" }).catch((err: Error) => (message = err.message));
      expect(message).to.contain("You must disable Security defaults before enabling a Conditional Access policy.");
    });

    it("rejects a missing permission, naming Policy.ReadWrite.ConditionalAccess", async () => {
      double.tenant.permissions.delete("Policy.ReadWrite.ConditionalAccess");
      let message = "";
      await graphPolicyProvider.create!(fresh(appFilterPolicy())).catch((err: Error) => (message = err.message));
      expect(message).to.contain("Policy.ReadWrite.ConditionalAccess");
    });

    it("sends nothing to Graph while a value is not known yet, or when check would refuse the inputs", async () => {
      const messages: string[] = [];
      await graphPolicyProvider.create!({ ...fresh(appFilterPolicy()), state: UNKNOWN_DURING_PREVIEW }).catch((err: Error) => messages.push(err.message));
      await graphPolicyProvider.update!("id", {}, { ...fresh(appFilterPolicy()), state: "on" }).catch((err: Error) => messages.push(err.message));
      expect(messages[0]).to.contain("state is not known yet").and.contain("nothing was sent to Graph");
      expect(messages[1]).to.contain("nothing was sent to Graph").and.contain('state: "on" is not a policy state');
      expect(double.graphRequests()).to.deep.equal([]);
    });

    it("rejects a wrong secret, naming the credential and never printing the secret", async () => {
      process.env.AZURE_CLIENT_SECRET = "not-the-right-secret-42";
      let message = "";
      await graphPolicyProvider.read!("id", {}).catch((err: Error) => (message = err.message));
      expect(message).to.contain(`client secret of AZURE_CLIENT_ID ${double.clientId}`).and.not.contain("not-the-right-secret-42");
    });
  });

  describe("as Pulumi serializes it", () => {
    let double: GraphDouble;
    let providerText: string;
    let dir: string;

    before(async function () {
      this.timeout(60000);
      ({ text: providerText, dir } = await serializeProvider(
        () => new GraphConditionalAccessPolicy("serialized", { graph: appFilterPolicy() }),
        GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE,
        "canary-secret-never-serialized",
      ));
      double = await startGraphDouble();
      double.tenant.securityDefaults = false;
      fs.writeFileSync(path.join(dir, "ca.pem"), double.ca);
    });
    after(async () => {
      await double?.close();
    });

    it("holds code, not credentials, and requires only the Graph client's modules at run time", () => {
      expect(providerText).to.match(/^exports\.handler = /);
      expect(providerText).to.not.contain("canary-secret-never-serialized");
      expect(providerText.length).to.be.below(150_000);
      const required = [...providerText.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      expect([...new Set(required)].sort()).to.deep.equal(["@azure/core-rest-pipeline", "@azure/identity", "ajv", "fs"]);
    });

    it("creates, reads, updates and deletes a policy in a fresh process, from the environment alone", async function () {
      this.timeout(60000);
      const env = pipelineEnvironment(double, path.join(dir, "ca.pem"));
      const { adoptId: _a, ...inputs } = inputsOf(appFilterPolicy());
      const [created] = await runSerializedProvider(path.join(dir, "provider.js"), [{ method: "create", args: [inputs] }], env);
      expect(created.thrown).to.equal(undefined);
      const id = (created.result as { id: string }).id;
      const renamed = { ...inputs, displayName: "renamed in code" };
      const outcomes = await runSerializedProvider(
        path.join(dir, "provider.js"),
        [
          { method: "read", args: [id, inputs] },
          { method: "diff", args: [id, inputs, renamed] },
          { method: "update", args: [id, inputs, renamed] },
          { method: "delete", args: [id, renamed] },
        ],
        env,
      );
      expect(outcomes.map((o) => o.thrown)).to.deep.equal([undefined, undefined, undefined, undefined]);
      expect((outcomes[0].result as { props: Record<string, unknown> }).props).to.deep.include({ displayName: inputs.displayName });
      expect((outcomes[1].result as { changes: boolean }).changes).to.equal(true);
      const patch = double.graphRequests().find((r) => r.method === "PATCH")!;
      expect(JSON.parse(patch.body).displayName).to.equal("renamed in code");
      expect(double.tenant.policies.has(id)).to.equal(false, "delete removes the policy the update wrote");
    });

    it("fails clearly without credentials, printing no secret", async function () {
      this.timeout(60000);
      const env = pipelineEnvironment(double, path.join(dir, "ca.pem"), "bad-secret-value-77");
      const [failed] = await runSerializedProvider(path.join(dir, "provider.js"), [{ method: "read", args: ["some-id", {}] }], env);
      expect(failed.thrown?.message).to.contain("could not get a Graph token").and.not.contain("bad-secret-value-77");
      expect(failed.thrown?.isError).to.equal(true);
    });
  });
});
