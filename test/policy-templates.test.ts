import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { customPolicyIssues } from "../config/customPolicies";
import { readPolicyFields, statedPolicy, undeclaredParts } from "../config/graph/policyShape";
import { customPolicyInputs } from "../components/customPolicyInputs";
import { fromProviderInputs } from "../components/providerArgs";
import { providerInputProblems } from "../components/providerValidation";
import { policyChanges } from "../live/drift";
import { normalizeTenantPolicy } from "../live/tenant";
import { projectGraphPolicy } from "../policies/customPolicy";
import { graphGetAnswer, providerRequestBody } from "./support/providerModel";

// Microsoft's 21 Conditional Access templates as Graph returns them (vendor/ms-ca-templates, every property
// present: nulls, empty lists, beta-only parts), each read as a tenant policy: written into a stack, declared
// through the azuread provider and read back unchanged, or refused by name when it needs a beta-only feature.

const TEMPLATES: { id: string; name: string; details: Record<string, any> }[] = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "vendor", "ms-ca-templates", "graph-beta-conditionalAccess-templates.list.json"), "utf8"),
).value;

/** The templates that need a beta-only feature, and the part each is refused by. */
const BETA_ONLY: Readonly<Record<string, readonly string[]>> = {
  "6acdf4c3": ["grantControls.builtInControls"],
  "6bdcbbb7": ["conditions.agentIdRiskLevels", "conditions.clientApplications.includeAgentIdServicePrincipals"],
  c5bf9137: ["conditions.clientApplications.includeAgentIdServicePrincipals"],
  "376d9923": ["conditions.users.includeUsers"],
};

const asTenantPolicy = (t: (typeof TEMPLATES)[number]) => ({ id: t.id, displayName: t.name, state: "enabledForReportingButNotEnforced", ...t.details });

describe("Microsoft's Conditional Access templates, as Graph returns them", () => {
  it("are 21, of which 4 need a beta-only feature", () => {
    expect(TEMPLATES.length).to.equal(21);
    expect(TEMPLATES.filter((t) => BETA_ONLY[t.id.slice(0, 8)]).length).to.equal(4);
  });

  for (const template of TEMPLATES) {
    const beta = BETA_ONLY[template.id.slice(0, 8)];
    if (beta) {
      it(`refuses "${template.name}" by name, with the reason`, () => {
        const issues = customPolicyIssues([{ key: "k", source: "inline", graph: statedPolicy(asTenantPolicy(template)) }], {}, "customPolicies");
        expect(issues.map((i) => i.key.replace("customPolicies.k.", ""))).to.deep.equal(beta);
        for (const issue of issues) expect(issue.message).to.match(/it uses (Verified ID|agent identities), which only Graph beta defines/);
      });
      continue;
    }
    it(`holds "${template.name}": stack, provider inputs and Graph's answer read the same, no drift`, () => {
      const tenant = asTenantPolicy(template);
      const stated = statedPolicy(tenant);
      expect(undeclaredParts(tenant)).to.deep.equal([]);
      expect(customPolicyIssues([{ key: "k", source: "inline", graph: stated }], {}, "customPolicies")).to.deep.equal([]);
      const inputs = JSON.parse(JSON.stringify(customPolicyInputs(stated, {})));
      expect(providerInputProblems(inputs)).to.deep.equal([]);
      expect(fromProviderInputs(inputs)).to.deep.equal(projectGraphPolicy(tenant));
      const answered = graphGetAnswer(providerRequestBody(inputs), template.id);
      expect(readPolicyFields(answered)).to.deep.equal(readPolicyFields(tenant));
      expect(policyChanges(normalizeTenantPolicy(answered), fromProviderInputs(inputs))).to.deep.equal([]);
    });
  }

  it("reads the session-only template (grantControls null) with no operator, and its device filter and persistent browser", () => {
    const template = TEMPLATES.find((t) => t.id.startsWith("62e51ccc"))!;
    expect(template.details.grantControls).to.equal(null);
    const read = readPolicyFields(asTenantPolicy(template));
    expect(read.grantControls).to.equal(undefined);
    expect(read.conditions.devices.deviceFilter.mode).to.equal("include");
    expect(read.sessionControls.persistentBrowser).to.deep.equal({ isEnabled: true, mode: "never" });
  });
});
