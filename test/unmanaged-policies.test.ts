import { expect } from "chai";
import { validateConfig } from "../config/validate";
import { runPlan } from "../plan/runPlan";
import { formatDrift } from "../format/formatDrift";
import { unmanagedPolicies } from "../live/rules/unmanagedPolicies";
import { breakGlassExcluded } from "../guard/rules/breakGlassExcluded";
import { normalizeTenantPolicy, type LiveTenant } from "../live/tenant";
import { graphPolicy } from "./fixtures/exportTenant";
import { ACCEPTED_GAPS } from "./fixtures/acceptedGaps";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { inputFor } from "./fixtures/guardInputs";

const TOKEN_ID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const PORTAL_ID = "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d";
const CUSTOM_ID = "2b3c4d5e-6f70-4b1c-9d2e-3f4a5b6c7d8e";

/** A stack's config as Pulumi hands it to the program: namespaced keys, objects as JSON. */
const bag = (config: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [`entra-baseline:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));

/** A P1 tenant, Security Defaults off, with the graph policies given (in Graph's GET shape). */
function tenantOf(...graphs: Record<string, any>[]): LiveTenant {
  return {
    securityDefaults: { isEnabled: false },
    policies: graphs.map((g) => ({ ...normalizeTenantPolicy(g), graph: g })),
    skus: [{ skuPartNumber: "SPE_E3", capabilityStatus: "Enabled", servicePlans: [{ servicePlanName: "AAD_PREMIUM", provisioningStatus: "Success" }] }],
  };
}

const token = () => ({ ...graphPolicy(TOKEN_ID, "Require token protection", "enabled"), sessionControls: { secureSignInSession: { isEnabled: true } } });
const portal = () => ({ ...graphPolicy(PORTAL_ID, "Made in the portal", "enabled") });
const custom = () => {
  const {
    templateId: _t,
    createdDateTime: _c,
    modifiedDateTime: _m,
    sessionControls: _s,
    ...graph
  } = graphPolicy(CUSTOM_ID, "Require MFA everywhere", "enabled");
  return {
    ...graph,
    conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS_USER] }, clientAppTypes: ["all"] },
  };
};
const stack = (extra: Record<string, unknown> = {}) =>
  bag({
    plan: "p1",
    protection: "conditionalAccess",
    breakGlassUsers: [BREAK_GLASS_USER],
    policies: { adminMfa: false, allUsersMfa: false, blockLegacyAuth: false, azureManagementMfa: false },
    ...extra,
  });

describe("unmanagedPolicies: tenant policies a stack deliberately leaves alone", () => {
  describe("config", () => {
    it("accepts { id, displayName, reason } entries and defaults to none", () => {
      const ok = validateConfig({
        plan: "p1",
        breakGlassUsers: [BREAK_GLASS_USER],
        unmanagedPolicies: [{ id: TOKEN_ID, displayName: "x", reason: "beta-only" }],
      });
      expect(ok.ok && ok.config.unmanagedPolicies).to.deep.equal([{ id: TOKEN_ID, displayName: "x", reason: "beta-only" }]);
      const none = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER] });
      expect(none.ok && none.config.unmanagedPolicies).to.deep.equal([]);
    });

    it("rejects an entry without a reason, an id that is not a GUID and an unknown field, each by key with the fix", () => {
      const result = validateConfig({
        plan: "p1",
        breakGlassUsers: [BREAK_GLASS_USER],
        unmanagedPolicies: [
          { id: TOKEN_ID, displayName: "x" },
          { id: "p-1", displayName: "y", reason: "r" },
          { id: PORTAL_ID, displayName: "z", reason: "r", why: 1 },
        ],
      });
      expect(result.ok).to.equal(false);
      const issues = result.ok ? [] : result.issues.map((i) => `${i.key}: ${i.message}`);
      expect(issues).to.include.members([
        "entra-baseline:unmanagedPolicies[0].reason: is required; set it to why the stack leaves the policy alone, in words a reviewer can check",
      ]);
      expect(issues.find((i) => i.startsWith("entra-baseline:unmanagedPolicies[1].id:"))).to.contain('"p-1" is not allowed; set it to an object id');
      expect(issues.find((i) => i.startsWith("entra-baseline:unmanagedPolicies[2].why:"))).to.contain("unknown key");
    });

    it("rejects an id listed twice, or one the stack manages as a custom policy", () => {
      const result = validateConfig({
        plan: "p1",
        breakGlassUsers: [BREAK_GLASS_USER],
        customPolicies: { everywhere: custom() },
        unmanagedPolicies: [
          { id: TOKEN_ID, displayName: "x", reason: "r" },
          { id: TOKEN_ID.toUpperCase(), displayName: "x", reason: "r" },
          { id: CUSTOM_ID, displayName: "Require MFA everywhere", reason: "r" },
        ],
      });
      const issues = result.ok ? [] : result.issues.map((i) => `${i.key}: ${i.message}`);
      expect(issues).to.deep.equal([
        `entra-baseline:unmanagedPolicies[1].id: ${TOKEN_ID} is already listed at unmanagedPolicies[0]; remove the duplicate`,
        `entra-baseline:unmanagedPolicies[2].id: ${CUSTOM_ID} ("Require MFA everywhere") is managed by this stack as customPolicies.everywhere; ` +
          "a policy is either managed or left out: remove one of the two",
      ]);
    });
  });

  describe("drift and EB-LIVE-UNMANAGED", () => {
    it("shows an acknowledged policy as left out on purpose, not drift; any other unmanaged policy is still drift", async () => {
      const acknowledged = stack({
        unmanagedPolicies: [{ id: TOKEN_ID, displayName: "Require token protection", reason: "uses token protection" }],
        // The stack declares no policy of its own: Security Defaults off and nothing enforced is a gap, accepted here.
        acceptedGaps: ACCEPTED_GAPS,
      });
      const quiet = await runPlan({ stack: "t", config: acknowledged, liveTenant: tenantOf(token()) });
      expect(quiet.drift!.drifted).to.equal(false);
      expect(formatDrift(quiet.drift!)).to.contain("unmanaged  Require token protection (left out on purpose, not drift: uses token protection)");
      expect(quiet.findings.filter((f) => f.rule === "EB-LIVE-UNMANAGED").map((f) => f.severity)).to.deep.equal(["info"]);
      const loud = await runPlan({ stack: "t", config: acknowledged, liveTenant: tenantOf(token(), portal()) });
      expect(loud.drift!.drifted).to.equal(true);
      const warning = loud.findings.find((f) => f.rule === "EB-LIVE-UNMANAGED" && f.severity === "warning")!;
      expect(warning.message).to.contain('"Made in the portal"').and.not.contain("token protection");
    });

    it("names an acknowledged policy the tenant no longer has, as info: remove the entry", () => {
      const input = { ...inputFor({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER] }), policies: [] };
      const findings = unmanagedPolicies.check(tenantOf(), {
        ...input,
        ownership: { declared: [], adopt: {}, acknowledged: [{ id: TOKEN_ID, displayName: "Gone", reason: "r" }] },
      });
      expect(findings.map((f) => [f.severity, f.message])).to.deep.equal([
        ["info", `unmanagedPolicies lists policies the tenant no longer has: "Gone" (${TOKEN_ID}); remove them from the list`],
      ]);
    });

    it("never names a declared custom policy: the stack owns it by its id, whatever the name", async () => {
      const renamed = { ...custom(), displayName: "Renamed in the portal" };
      const result = await runPlan({ stack: "t", config: stack({ customPolicies: { everywhere: custom() } }), liveTenant: tenantOf(renamed) });
      expect(result.findings.filter((f) => f.rule === "EB-LIVE-UNMANAGED")).to.deep.equal([]);
      expect(result.drift!.policies.map((p) => p.status)).to.deep.equal(["rename"]);
    });
  });

  it("lets a workload-identity policy exclude no break-glass account: it applies to no user (EB-BREAKGLASS-EXCLUDED not applicable)", () => {
    const workload = normalizeTenantPolicy({ ...graphPolicy(CUSTOM_ID, "Block risky workload identities", "enabled") });
    const policy = { ...workload, conditions: { ...workload.conditions, users: { ...workload.conditions.users, includeUsers: ["None"], excludeUsers: [] } } };
    const input = { ...inputFor({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER] }), policies: [policy] };
    expect(breakGlassExcluded.check(input)).to.deep.equal([]);
    const forUsers = {
      ...input,
      policies: [{ ...policy, conditions: { ...policy.conditions, users: { ...policy.conditions.users, includeUsers: ["All"] } } }],
    };
    expect(breakGlassExcluded.check(forUsers).map((f) => f.rule)).to.deep.equal(["EB-BREAKGLASS-EXCLUDED"]);
  });

  it("keeps an adopted policy's display name when policies.<key>.displayName says so, and rejects an empty one", () => {
    const named = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policies: { blockLegacyAuth: { displayName: "CA003" } } });
    expect(named.ok).to.equal(true);
    const empty = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policies: { blockLegacyAuth: { displayName: " " } } });
    expect(empty.ok ? [] : empty.issues.map((i) => i.key)).to.deep.equal(["entra-baseline:policies.blockLegacyAuth.displayName"]);
  });
});
