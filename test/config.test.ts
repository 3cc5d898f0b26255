import { expect } from "chai";
import { rawConfigFromPulumi } from "../config/fromPulumi";
import { formatConfigIssues } from "../config/format";
import { validateConfig } from "../config/validate";
import { BREAK_GLASS_USER } from "./fixtures/ids";

function issuesOf(raw: Record<string, unknown>) {
  const result = validateConfig(raw);
  if (result.ok) throw new Error("expected the configuration to be rejected");
  return result.issues;
}

function configOf(raw: Record<string, unknown>) {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(formatConfigIssues(result.issues));
  return result.config;
}

describe("stack configuration", () => {
  describe("defaults", () => {
    it("protects a free tenant with Security Defaults and no policy", () => {
      const config = configOf({ plan: "free" });
      expect(config.protection).to.equal("securityDefaults");
      expect(config.policies).to.deep.equal({});
    });

    it("stages p1 and p2 safely when the stack sets neither protection nor policyState: Security Defaults on, policies report-only", () => {
      for (const plan of ["p1", "p2"]) {
        const config = configOf({ plan, breakGlassUsers: [BREAK_GLASS_USER] });
        expect(config.protection).to.equal("securityDefaults");
        expect(config.policyState).to.equal("reportOnly");
      }
    });

    it("turns Security Defaults off by default only for a p1/p2 stack that enforces its policies (policyState: enabled)", () => {
      expect(configOf({ plan: "p1", policyState: "enabled", breakGlassUsers: [BREAK_GLASS_USER] }).protection).to.equal("conditionalAccess");
      expect(configOf({ plan: "p2", policyState: "disabled", breakGlassUsers: [BREAK_GLASS_USER] }).protection).to.equal("securityDefaults");
      expect(configOf({ plan: "free", policyState: "enabled" }).protection).to.equal("securityDefaults");
    });

    it("keeps a stated protection", () => {
      expect(configOf({ plan: "p1", protection: "securityDefaults", breakGlassUsers: [BREAK_GLASS_USER] }).protection).to.equal("securityDefaults");
    });
  });

  describe("bad input", () => {
    it("rejects a missing plan, naming the key and the values", () => {
      expect(issuesOf({})).to.deep.equal([{ key: "entra-baseline:plan", message: "is required; set it to the tenant's Entra ID licence: free, p1 or p2" }]);
    });

    it("rejects an unknown plan with the bad value and the allowed ones", () => {
      const [issue] = issuesOf({ plan: "p3" });
      expect(issue.key).to.equal("entra-baseline:plan");
      expect(issue.message).to.contain('"p3"').and.contain("free, p1 or p2");
    });

    it("rejects a misspelt key and suggests the right one", () => {
      const [issue] = issuesOf({ plan: "free", breakGlasUsers: [BREAK_GLASS_USER] });
      expect(issue.key).to.equal("entra-baseline:breakGlasUsers");
      expect(issue.message).to.contain('did you mean "breakGlassUsers"?');
    });

    it("rejects a misspelt policy name and option", () => {
      const issues = issuesOf({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policies: { adminMFA: {}, allUsersMfa: { exludeUsers: [] } } });
      expect(issues.map((i) => i.key)).to.have.members(["entra-baseline:policies.adminMFA", "entra-baseline:policies.allUsersMfa.exludeUsers"]);
      expect(issues[0].message).to.contain('did you mean "adminMfa"?');
    });

    it("rejects a user that is neither an object id (GUID) nor a user principal name, naming its position", () => {
      const [issue] = issuesOf({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER, "admin"] });
      expect(issue.key).to.equal("entra-baseline:breakGlassUsers[1]");
      expect(issue.message).to.contain('"admin"').and.contain("GUID").and.contain("user principal name");
    });

    it("rejects a group named by anything but its object id (GUID), naming its position", () => {
      const [issue] = issuesOf({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], breakGlassGroups: ["admins@contoso.com"] });
      expect(issue.key).to.equal("entra-baseline:breakGlassGroups[0]");
      expect(issue.message).to.contain('"admins@contoso.com"').and.contain("GUID");
    });

    it("rejects a single id where a list is expected", () => {
      const [issue] = issuesOf({ plan: "p1", breakGlassUsers: BREAK_GLASS_USER });
      expect(issue.message).to.contain("is not a list");
    });

    it("rejects a duplicated break-glass id", () => {
      const [issue] = issuesOf({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER, BREAK_GLASS_USER] });
      expect(issue.message).to.contain("twice");
    });

    it("rejects unknown states, strengths and risk levels", () => {
      const issues = issuesOf({
        plan: "p2",
        breakGlassUsers: [BREAK_GLASS_USER],
        policyState: "on",
        policies: { adminMfa: { strength: "strong", state: "enforced" }, signInRiskMfa: { levels: ["severe"] } },
      });
      expect(issues.map((i) => i.key)).to.have.members([
        "entra-baseline:policyState",
        "entra-baseline:policies.adminMfa.strength",
        "entra-baseline:policies.adminMfa.state",
        "entra-baseline:policies.signInRiskMfa.levels[0]",
      ]);
    });

    it("rejects an empty list of sign-in risk levels", () => {
      const [issue] = issuesOf({ plan: "p2", breakGlassUsers: [BREAK_GLASS_USER], policies: { signInRiskMfa: { levels: [] } } });
      expect(issue.key).to.equal("entra-baseline:policies.signInRiskMfa.levels");
      expect(issue.message).to.contain("is empty");
    });

    it("rejects a policy set to true (only false or options are meaningful), with one message", () => {
      const issues = issuesOf({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policies: { blockLegacyAuth: true } });
      expect(issues).to.have.length(1);
      expect(issues[0].message).to.contain("false to omit the policy");
    });

    it("rejects policies without any break-glass account", () => {
      const [issue] = issuesOf({ plan: "p1" });
      expect(issue.key).to.equal("entra-baseline:breakGlassUsers");
      expect(issue.message).to.contain("emergency-access");
    });

    it("reports every problem at once", () => {
      expect(issuesOf({ plan: "p9", protection: "mfa", policyState: "yes", pilotGroup: "x" })).to.have.length(4);
    });
  });

  describe("rawConfigFromPulumi", () => {
    it("keeps only the entra-baseline namespace and parses structured values", () => {
      expect(
        rawConfigFromPulumi({
          "entra-baseline:plan": "p1",
          "entra-baseline:breakGlassUsers": `["${BREAK_GLASS_USER}"]`,
          "entra-baseline:policies": '{"adminMfa":false}',
          "azuread:tenantId": "contoso",
        }),
      ).to.deep.equal({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policies: { adminMfa: false } });
    });

    it("leaves malformed JSON as text so the schema reports it", () => {
      const raw = rawConfigFromPulumi({ "entra-baseline:policies": "{adminMfa" });
      expect(raw.policies).to.equal("{adminMfa");
      expect(issuesOf({ plan: "p1", ...raw }).some((i) => i.key === "entra-baseline:policies")).to.equal(true);
    });
  });

  it("formats every issue on its own line under one heading", () => {
    const text = formatConfigIssues(issuesOf({ plan: "p9", policyState: "yes" }));
    expect(text.split("\n")).to.have.length(3);
    expect(text).to.match(/^entra-baseline configuration failed due to the following validation error\(s\):/);
  });
});
