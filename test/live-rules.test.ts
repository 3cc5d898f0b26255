import { expect } from "chai";
import { liveLicence } from "../live/rules/licence";
import { liveSecurityDefaultsConflict } from "../live/rules/securityDefaultsConflict";
import { unmanagedPolicies } from "../live/rules/unmanagedPolicies";
import { runLiveGuard } from "../live/rules";
import { normalizeTenantPolicy } from "../live/tenant";
import { enforcedP2, freeTenant, inputFor, policyOf, stagingP1 } from "./fixtures/guardInputs";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { asTenantPolicy, SKU_BUSINESS_BASIC, SKU_P1, SKU_P2, tenant } from "./fixtures/tenants";

// Blocks legacy authentication for Office 365 only: not equivalent to any baseline policy.
const portalPolicy = (state: "enabled" | "disabled" | "enabledForReportingButNotEnforced", displayName = "Block countries") => {
  const base = policyOf(enforcedP2().policies, "blockLegacyAuth");
  return asTenantPolicy(
    { ...base, displayName, state, conditions: { ...base.conditions, applications: { ...base.conditions.applications, includeApplications: ["Office365"] } } },
    "portal-1",
  );
};

describe("live checks", () => {
  describe("EB-LIVE-LICENCE: the stack's plan is not above the tenant's licence", () => {
    it("passes p2 on a tenant with AAD_PREMIUM_P2, p1 on AAD_PREMIUM", () => {
      expect(liveLicence.check(tenant({ skus: [SKU_P2] }), enforcedP2())).to.deep.equal([]);
      expect(liveLicence.check(tenant({ skus: [SKU_P1] }), stagingP1())).to.deep.equal([]);
    });

    it("rejects p2 on a P1 tenant, naming the SKUs found and suggesting p1", () => {
      const [finding] = liveLicence.check(tenant({ skus: [SKU_P1, SKU_BUSINESS_BASIC] }), enforcedP2());
      expect(finding.severity).to.equal("error");
      expect(finding.message).to.contain("SPE_E3, O365_BUSINESS_ESSENTIALS").and.contain("AAD_PREMIUM_P2").and.contain("Set plan to p1");
    });

    it("rejects p1 on a tenant without Entra ID P1, suggesting free", () => {
      const [finding] = liveLicence.check(tenant({ skus: [SKU_BUSINESS_BASIC] }), stagingP1());
      expect(finding.message).to.contain("Set plan to free");
    });

    it("ignores a suspended SKU", () => {
      const suspended = { ...SKU_P2, capabilityStatus: "Suspended" };
      expect(liveLicence.check(tenant({ skus: [suspended] }), enforcedP2())).to.have.length(1);
    });

    it("does not apply to the free plan", () => {
      expect(liveLicence.check(tenant({ skus: [] }), freeTenant())).to.deep.equal([]);
    });
  });

  describe("EB-LIVE-SD-CONFLICT: Security Defaults and the tenant's policies never meet in a state Graph refuses", () => {
    it("rejects turning Security Defaults on while the tenant has a policy made in the portal, in any state", () => {
      for (const state of ["enabled", "disabled", "enabledForReportingButNotEnforced"] as const) {
        const findings = liveSecurityDefaultsConflict.check(tenant({ securityDefaults: { isEnabled: false }, policies: [portalPolicy(state)] }), freeTenant());
        expect(
          findings.map((f) => f.severity),
          state,
        ).to.deep.equal(["error"]);
        expect(findings[0].message).to.contain('"Block countries"').and.contain("step 1").and.contain("delete them there first");
      }
    });

    it("passes turning Security Defaults on in a tenant without policies", () => {
      expect(liveSecurityDefaultsConflict.check(tenant({ securityDefaults: { isEnabled: false } }), freeTenant())).to.deep.equal([]);
    });

    it("rejects enabling policies while Security Defaults are on and the stack does not manage them", () => {
      const stack = { ...enforcedP2(), managesSecurityDefaults: false };
      expect(liveSecurityDefaultsConflict.check(tenant(), stack).map((f) => f.rule)).to.deep.equal(["EB-LIVE-SD-CONFLICT"]);
    });

    it("passes enabling policies while Security Defaults are on when the stack turns them off first", () => {
      expect(liveSecurityDefaultsConflict.check(tenant(), enforcedP2())).to.deep.equal([]);
    });
  });

  describe("EB-LIVE-UNMANAGED: enabled policies outside the stack are named", () => {
    it("warns about an enabled policy made in the portal", () => {
      const [finding] = unmanagedPolicies.check(tenant({ policies: [portalPolicy("enabled")] }), enforcedP2());
      expect(finding).to.deep.include({ rule: "EB-LIVE-UNMANAGED", severity: "warning" });
      expect(finding.message).to.contain('"Block countries"');
    });

    it("names Microsoft-managed policies as such, as info, not drift", () => {
      const findings = unmanagedPolicies.check(
        tenant({ policies: [portalPolicy("enabled", "Microsoft-managed: Multifactor authentication for admins accessing Microsoft Admin Portals")] }),
        enforcedP2(),
      );
      expect(findings.map((f) => f.severity)).to.deep.equal(["info"]);
      expect(findings[0].message).to.contain("Microsoft maintains them");
    });

    it("is silent about the stack's own policies and about disabled ones", () => {
      const own = enforcedP2().policies.map((p, i) => asTenantPolicy(p, `own-${i}`));
      expect(unmanagedPolicies.check(tenant({ policies: [...own, portalPolicy("disabled")] }), enforcedP2())).to.deep.equal([]);
    });
  });

  it("runLiveGuard collects every live rule", () => {
    const findings = runLiveGuard(
      tenant({ securityDefaults: { isEnabled: false }, skus: [SKU_P1], policies: [portalPolicy("enabled")] }),
      inputFor({ plan: "p2", protection: "securityDefaults", breakGlassUsers: [BREAK_GLASS_USER] }),
    );
    expect(findings.map((f) => f.rule)).to.have.members(["EB-LIVE-LICENCE", "EB-LIVE-SD-CONFLICT", "EB-LIVE-UNMANAGED"]);
  });
});

describe("normalizeTenantPolicy", () => {
  it("reduces Graph's answer (nulls, server fields, beta fields) to the declared shape", () => {
    const declared = policyOf(enforcedP2().policies, "signInRiskMfa");
    const answer = {
      id: "abc",
      templateId: null,
      createdDateTime: "2026-01-01T00:00:00Z",
      modifiedDateTime: null,
      ...JSON.parse(JSON.stringify(declared)),
      conditions: {
        ...JSON.parse(JSON.stringify(declared.conditions)),
        platforms: null,
        locations: null,
        servicePrincipalRiskLevels: [],
        users: { ...declared.conditions.users, includeGuestsOrExternalUsers: null },
      },
      grantControls: { ...declared.grantControls, customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
      sessionControls: { persistentBrowser: null, signInFrequency: { ...declared.sessionControls!.signInFrequency, value: null, type: null } },
    };
    expect(normalizeTenantPolicy(answer)).to.deep.equal({ id: "abc", ...JSON.parse(JSON.stringify(declared)) });
  });
});
