import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanRejectedError } from "../documents/errors";
import { CONDITIONAL_ACCESS_POLICY_TYPE, NAMED_LOCATION_TYPE } from "../plan/mockEngine";
import { runPlan } from "../plan/runPlan";
import { semanticDiff } from "../diff/semanticDiff";
import { coverageReport } from "../whatif/coverage";
import { proveNoLockout } from "../whatif/lockout";
import { projectGraphPolicy, unmodelledConditions } from "../policies/customPolicy";
import { rejection } from "./support/rejection";
import { ACCEPTING_GAPS } from "./fixtures/acceptedGaps";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { GUEST_OR_EXTERNAL_USER_TYPES as CONFIG_GUEST_TYPES } from "../config/customPolicies";
import { GUEST_OR_EXTERNAL_USER_TYPES } from "../policies/facts";
import { policyForEveryone } from "./support/policies";
import { cutOverConfig } from "./support/stackConfig";

const OFFICE_ID = "3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21";
const POLICY_ID = "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** A Graph-shaped policy as the portal writes it: block sign-ins from outside the office, break-glass excluded. */
function officeOnly(extra: Record<string, unknown> = {}): Record<string, any> {
  const locations = { includeLocations: ["All"], excludeLocations: ["office"] };
  return {
    ...policyForEveryone("Block sign-ins outside the office", { locations }, { operator: "OR", builtInControls: ["block"] }, [BREAK_GLASS_USER]),
    ...extra,
  };
}

const OFFICE = { displayName: "Office Berlin", ipRanges: ["203.0.113.0/24"], trusted: true };

/** A p1 stack at cut-over with custom policies and named locations, as config bag values. */
function stack(custom: Record<string, unknown>, locations: Record<string, unknown> = { office: OFFICE }, extra: Record<string, string> = {}) {
  return { ...cutOverConfig({ customPolicies: custom, namedLocations: locations }), ...extra };
}

const plan = (config: Record<string, string>) => runPlan({ stack: "custom", config });
const issuesOf = async (config: Record<string, string>) => {
  const err = await rejection<PlanRejectedError>(plan(config));
  expect(err, err.stack).to.be.instanceOf(PlanRejectedError);
  return err;
};

describe("custom policies and named locations", () => {
  describe("declared as children of the component", () => {
    it("declares each named location and each custom policy, the location key resolved to the location's id", async () => {
      const result = await plan(stack({ officeOnly: officeOnly() }));
      const location = result.resources.find((r) => r.type === NAMED_LOCATION_TYPE && r.name === "entra-baseline-location-office")!;
      expect(location.inputs).to.deep.equal({ displayName: "Office Berlin", ip: { ipRanges: ["203.0.113.0/24"], trusted: true } });
      const custom = result.resources.find((r) => r.type === CONDITIONAL_ACCESS_POLICY_TYPE && r.name === "entra-baseline-custom-officeOnly")!;
      expect((custom.inputs as any).conditions.locations).to.deep.equal({
        includedLocations: ["All"],
        excludedLocations: ["entra-baseline-location-office-id"],
      });
      expect(result.conditionalAccessPolicies.map((p) => p.displayName)).to.include("Block sign-ins outside the office");
      expect(result.conditionalAccessPolicies.slice(-1)[0].conditions.locations).to.deep.equal({
        includeLocations: ["All"],
        excludeLocations: ["entra-baseline-location-office-id"],
      });
    });

    it("reads a custom policy from the .json file the stack names", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-custom-"));
      const file = path.join(dir, "office-only.json");
      fs.writeFileSync(file, JSON.stringify(officeOnly()));
      const result = await plan(stack({ officeOnly: file }));
      expect(result.resources.map((r) => r.name)).to.include("entra-baseline-custom-officeOnly");
    });

    it("adopts a tenant policy and a named location by object id (Pulumi's import option)", async () => {
      const result = await plan(
        stack({ officeOnly: officeOnly({ id: POLICY_ID, createdDateTime: "2026-01-01T00:00:00Z" }) }, { office: { ...OFFICE, id: OFFICE_ID } }),
      );
      const byName = new Map(result.resources.map((r) => [r.name, r]));
      expect(byName.get("entra-baseline-custom-officeOnly")!.importId).to.equal(POLICY_ID);
      expect(byName.get("entra-baseline-location-office")!.importId).to.equal(OFFICE_ID);
      // The adopted location keeps the tenant's id, so the policy refers to it.
      expect((byName.get("entra-baseline-custom-officeOnly")!.inputs as any).conditions.locations.excludedLocations).to.deep.equal([OFFICE_ID]);
    });
  });

  describe("bad input: one clear error per problem, naming the key, nothing declared", () => {
    it("rejects a custom policy that fails Graph's v1.0 schema, naming the field", async () => {
      const bad = officeOnly();
      bad.conditions.users.includeUsers = "All";
      bad.conditions.clientAppTypes = ["telnet"];
      const err = await issuesOf(stack({ officeOnly: bad }));
      const keys = err.configIssues.map((i) => i.key);
      expect(keys).to.include("entra-baseline:customPolicies.officeOnly.conditions.users.includeUsers");
      expect(keys).to.include("entra-baseline:customPolicies.officeOnly.conditions.clientAppTypes.0");
      expect(err.message).to.contain("conditionalAccessPolicy").and.not.contain("    at ");
    });

    it("rejects a policy without what Graph needs to create one", async () => {
      const err = await issuesOf(stack({ empty: { displayName: "", conditions: {} } }));
      expect(err.configIssues.map((i) => i.key)).to.include.members([
        "entra-baseline:customPolicies.empty.displayName",
        "entra-baseline:customPolicies.empty.state",
        "entra-baseline:customPolicies.empty.conditions.users",
        "entra-baseline:customPolicies.empty.grantControls",
      ]);
    });

    it("rejects a named location that is used but not declared", async () => {
      const err = await issuesOf(stack({ officeOnly: officeOnly() }, {}));
      expect(err.configIssues).to.deep.equal([
        {
          key: "entra-baseline:customPolicies.officeOnly.conditions.locations.excludeLocations",
          message:
            'uses named location "office", which is not declared; ' +
            "declare it under namedLocations.office ({ displayName, ipRanges } or { displayName, countries }), or use All / AllTrusted",
        },
      ]);
    });

    it("rejects a beta-only part by name with the reason rather than dropping it, and accepts a field only Graph can write", async () => {
      const err = await issuesOf(
        stack({
          officeOnly: officeOnly({
            conditions: {
              ...officeOnly().conditions,
              applications: { includeApplications: ["All"], includeAuthenticationContextClassReferences: ["c1"] },
              agentIdRiskLevels: "high",
            },
            sessionControls: { continuousAccessEvaluation: { mode: "strictEnforcement" }, secureSignInSession: { isEnabled: true } },
          }),
        }),
      );
      const byKey = Object.fromEntries(err.configIssues.map((i) => [i.key.replace("entra-baseline:customPolicies.officeOnly.", ""), i.message]));
      expect(Object.keys(byKey).sort()).to.deep.equal([
        "conditions.agentIdRiskLevels",
        "sessionControls.continuousAccessEvaluation",
        "sessionControls.secureSignInSession",
      ]);
      expect(byKey["sessionControls.continuousAccessEvaluation"]).to.contain("it uses continuous access evaluation, which only Graph beta defines");
      expect(byKey["sessionControls.secureSignInSession"]).to.contain("token protection");
    });

    it("rejects a file that cannot be read, naming the file", async () => {
      const err = await issuesOf(stack({ officeOnly: "/nonexistent/office-only.json" }));
      expect(err.configIssues[0]).to.deep.include({ key: "entra-baseline:customPolicies.officeOnly" });
      expect(err.configIssues[0].message).to.contain("/nonexistent/office-only.json: no such file");
    });

    it("rejects bad named locations: a bad CIDR, both kinds, a bad country, a bad key", async () => {
      const err = await issuesOf(
        stack(
          {},
          {
            office: { displayName: "x", ipRanges: ["203.0.113.0/33"] },
            both: { displayName: "y", ipRanges: ["203.0.113.0/24"], countries: ["DE"] },
            land: { displayName: "z", countries: ["Germany"] },
            "bad-key": OFFICE,
          },
        ),
      );
      const keys = err.configIssues.map((i) => i.key);
      expect(keys).to.include.members(["entra-baseline:namedLocations.office.ipRanges[0]", "entra-baseline:namedLocations.land.countries[0]"]);
      expect(keys).to.include("entra-baseline:namedLocations.bad-key");
    });

    it("rejects, with everything else, a both-kinds named location", async () => {
      const err = await issuesOf(stack({}, { both: { displayName: "y", ipRanges: ["203.0.113.0/24"], countries: ["DE"] } }));
      expect(err.configIssues.map((i) => i.key)).to.deep.equal(["entra-baseline:namedLocations.both"]);
    });
  });

  describe("through the guard, like the baseline", () => {
    it("refuses a custom policy that does not exclude the break-glass account (EB-BREAKGLASS-EXCLUDED)", async () => {
      const open = officeOnly();
      open.conditions.users.excludeUsers = [];
      const err = await issuesOf(stack({ officeOnly: open }));
      expect(err.findings.map((f) => f.rule)).to.include("EB-BREAKGLASS-EXCLUDED");
    });

    it("refuses an enabled custom policy while Security Defaults stay on (EB-SD-CA-CONFLICT)", async () => {
      const err = await issuesOf(
        stack(
          { officeOnly: officeOnly() },
          { office: OFFICE },
          { "entra-baseline:protection": "securityDefaults", "entra-baseline:policyState": "reportOnly" },
        ),
      );
      expect(err.findings.map((f) => [f.rule, f.policy])).to.deep.include(["EB-SD-CA-CONFLICT", "Block sign-ins outside the office"]);
    });

    it("refuses a custom policy on the free plan, and risk conditions on p1 (licence)", async () => {
      const free = await issuesOf({ ...stack({ officeOnly: officeOnly() }), "entra-baseline:plan": "free", "entra-baseline:protection": "securityDefaults" });
      expect(free.findings.map((f) => f.rule)).to.include("EB-LICENCE-FREE-CA");
      const risky = officeOnly({ displayName: "Risky sign-ins" });
      risky.conditions.signInRiskLevels = ["high"];
      risky.conditions.locations = { includeLocations: ["All"], excludeLocations: [] };
      risky.grantControls = { operator: "OR", builtInControls: ["mfa"] };
      const p1 = await issuesOf(stack({ risky }));
      expect(p1.findings.map((f) => f.rule)).to.include("EB-LICENCE-RISK-P2");
    });

    it("refuses inputs the azuread provider would refuse (EB-PROVIDER-INPUTS)", async () => {
      const both = officeOnly();
      both.conditions.applications.includeUserActions = ["urn:user:registersecurityinfo"];
      const err = await issuesOf(stack({ both }));
      expect(err.findings.map((f) => f.rule)).to.include("EB-PROVIDER-INPUTS");
      expect(err.message).to.contain("entra-baseline-custom-both");
    });

    it("refuses a custom block of all users with nobody excluded (lockout)", async () => {
      const all = officeOnly({ displayName: "Block everyone" });
      all.conditions.users.excludeUsers = [];
      all.conditions.locations = null;
      const err = await issuesOf(stack({ all }));
      expect(err.findings.map((f) => f.rule)).to.include.members(["EB-BLOCK-ALL-USERS", "EB-BREAKGLASS-EXCLUDED"]);
    });
  });

  describe("in the what-if and the semantic diff", () => {
    it("leaves a location-scoped policy out of simulated sign-ins: neither a lockout nor coverage", () => {
      const scoped = projectGraphPolicy(officeOnly());
      expect(unmodelledConditions(scoped)).to.deep.equal(["locations"]);
      expect(
        unmodelledConditions(projectGraphPolicy({ ...officeOnly(), conditions: { ...officeOnly().conditions, locations: { includeLocations: ["All"] } } })),
      ).to.deep.equal([]);
      expect(proveNoLockout([scoped], { users: [BREAK_GLASS_USER], groups: [] })).to.deep.equal([]);
      const everywhere = projectGraphPolicy({ ...officeOnly(), conditions: { ...officeOnly().conditions, locations: null } });
      expect(proveNoLockout([everywhere], { users: [BREAK_GLASS_USER], groups: [] })).not.to.deep.equal([]);
    });

    it("counts no coverage from a location-scoped MFA policy (no gap hidden)", async () => {
      const mfaInOffice = officeOnly({ displayName: "MFA outside the office", grantControls: { operator: "OR", builtInControls: ["mfa"] } });
      const config = { ...stack({ mfaInOffice }), "entra-baseline:policies": JSON.stringify({ allUsersMfa: false }), ...ACCEPTING_GAPS };
      const report = coverageReport(await plan(config));
      expect(report.gaps.length).to.be.greaterThan(0);
    });

    it("counts no coverage from MFA that terms of use can stand in for (OR), and the guard warns that nothing gives all users MFA", async () => {
      const TERMS = "3c2d1e0f-9a8b-4c7d-8e6f-5a4b3c2d1e0f";
      const mfaOrTerms = officeOnly({ displayName: "MFA or terms of use", grantControls: { operator: "OR", builtInControls: ["mfa"], termsOfUse: [TERMS] } });
      mfaOrTerms.conditions.locations = null;
      expect(projectGraphPolicy(mfaOrTerms).grantControls).to.deep.equal({ operator: "OR", builtInControls: ["mfa"], termsOfUse: [TERMS] });
      const result = await plan({ ...stack({ mfaOrTerms }), "entra-baseline:policies": JSON.stringify({ allUsersMfa: false }), ...ACCEPTING_GAPS });
      expect(coverageReport(result).gaps).not.to.deep.equal([]);
      expect(result.findings.filter((f) => f.rule === "EB-SD-PARITY").map((f) => f.message)).to.satisfy((messages: string[]) =>
        messages.some((m) => m.includes("MFA for all users")),
      );
    });

    it("shows terms of use added as an alternative to a custom policy's MFA as weakening in the semantic diff", async () => {
      const TERMS = "3c2d1e0f-9a8b-4c7d-8e6f-5a4b3c2d1e0f";
      const mfa = officeOnly({ displayName: "MFA outside the office", grantControls: { operator: "OR", builtInControls: ["mfa"] } });
      const orTerms = officeOnly({ displayName: "MFA outside the office", grantControls: { operator: "OR", builtInControls: ["mfa"], termsOfUse: [TERMS] } });
      const changes = semanticDiff(await plan(stack({ mfa })), await plan(stack({ mfa: orTerms }))).changes;
      expect(changes.map((c) => [c.kind, c.weakens, c.sentence])).to.deep.equal([
        ["grant-weakened", true, `now also accepts terms of use ${TERMS} instead of MFA`],
      ]);
    });

    it("shows a custom policy added by its display name in the semantic diff", async () => {
      const base = await plan(stack({}, {}));
      const head = await plan(stack({ officeOnly: officeOnly() }));
      const added = semanticDiff(base, head).changes.filter((c) => c.kind === "policy-added");
      expect(added.map((c) => c.policy)).to.deep.equal(["Block sign-ins outside the office"]);
    });
  });
});
describe("custom policies for guest and external users", () => {
  const TENANT = "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
  /** Microsoft's "Require multifactor authentication for guest access" template, as the portal writes it. */
  const mfaForGuests = (guests: Record<string, unknown> = { guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest" }) => {
    const policy = officeOnly({ displayName: "MFA for guest access", grantControls: { operator: "OR", builtInControls: ["mfa"] } });
    policy.conditions.locations = null;
    policy.conditions.users = { includeUsers: [], excludeUsers: [BREAK_GLASS_USER], includeGuestsOrExternalUsers: guests };
    return policy;
  };

  it("declares the guest condition as the provider's block, and plans it back in Graph's shape", async () => {
    const guests = {
      guestOrExternalUserTypes: "b2bCollaborationGuest,internalGuest",
      externalTenants: { membershipKind: "enumerated", members: [TENANT.toUpperCase()] },
    };
    const result = await plan(stack({ guests: mfaForGuests(guests) }));
    const declared = result.resources.find((r) => r.name === "entra-baseline-custom-guests")!;
    expect((declared.inputs as any).conditions.users.includedGuestsOrExternalUsers).to.deep.equal([
      { guestOrExternalUserTypes: ["internalGuest", "b2bCollaborationGuest"], externalTenants: [{ membershipKind: "enumerated", members: [TENANT] }] },
    ]);
    expect(result.conditionalAccessPolicies.find((p) => p.displayName === "MFA for guest access")!.conditions.users.includeGuestsOrExternalUsers).to.deep.equal(
      {
        guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest",
        externalTenants: { membershipKind: "enumerated", members: [TENANT] },
      },
    );
  });

  it("counts the guests it covers in the what-if, and only those", async () => {
    const config = { ...stack({ guests: mfaForGuests() }), "entra-baseline:policies": JSON.stringify({ allUsersMfa: false }), ...ACCEPTING_GAPS };
    const report = coverageReport(await plan(config));
    // b2bCollaborationGuest (the "guest" persona) and internalGuest always need MFA; a service provider's users do not.
    expect([report.table["guest"].browser, report.table["guest:internalGuest"].browser, report.table["guest:serviceProvider"].browser]).to.deep.equal([
      "MFA",
      "MFA",
      "MFA/allowed",
    ]);
    const gapPersonas = new Set(report.gaps.map((g) => g.persona));
    expect(gapPersonas).to.include("guest or external user: serviceProvider");
    expect([...gapPersonas].filter((p) => /b2bCollaborationGuest|internalGuest/.test(p))).to.deep.equal([]);
  });

  it("rejects guest types Graph does not define and tenants that do not add up, naming each field and value", async () => {
    const bad = (guests: Record<string, unknown>) => mfaForGuests(guests);
    const err = await issuesOf(
      stack({
        typo: bad({ guestOrExternalUserTypes: "internalGuest,b2bGuest" }),
        enumeratedEmpty: bad({ guestOrExternalUserTypes: "internalGuest", externalTenants: { membershipKind: "enumerated", members: [] } }),
        allWithMembers: bad({ guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "all", members: [TENANT] } }),
        notGuid: bad({ guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "enumerated", members: ["contoso.com"] } }),
      }),
    );
    const base = "entra-baseline:customPolicies";
    const where = "conditions.users.includeGuestsOrExternalUsers";
    expect(err.configIssues.map((i) => i.key)).to.include.members([
      `${base}.typo.${where}.guestOrExternalUserTypes`,
      `${base}.enumeratedEmpty.${where}.externalTenants.members`,
      `${base}.allWithMembers.${where}.externalTenants.members`,
      `${base}.notGuid.${where}.externalTenants.members`,
    ]);
    const typo = err.configIssues.filter((i) => i.key === `${base}.typo.${where}.guestOrExternalUserTypes`).map((i) => i.message);
    expect(typo.find((m) => m.includes('names "b2bGuest"'))).to.contain("internalGuest, b2bCollaborationGuest");
    expect(typo.find((m) => m.includes("Graph accepts"))).to.contain('"internalGuest,b2bGuest" is not a value Graph accepts here');
    expect(err.configIssues.find((i) => i.key === `${base}.notGuid.${where}.externalTenants.members`)!.message).to.contain('"contoso.com" is not a tenant id');
    expect(err.message).not.to.contain("    at ");
  });

  it("rejects the special value GuestsOrExternalUsers beside a guest condition (Graph refuses both), and reads 'none' as no condition", async () => {
    const both = mfaForGuests();
    both.conditions.users.includeUsers = ["GuestsOrExternalUsers"];
    const err = await issuesOf(stack({ both }));
    expect(err.configIssues.map((i) => [i.key, i.message.split(":")[0]])).to.deep.include([
      "entra-baseline:customPolicies.both.conditions.users.includeUsers",
      'lists "GuestsOrExternalUsers" beside includeGuestsOrExternalUsers, which Graph refuses',
    ]);
    const nobody = mfaForGuests();
    nobody.conditions.users.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: "none", externalTenants: null };
    const result = await plan(stack({ nobody }));
    expect(result.conditionalAccessPolicies.find((p) => p.displayName === "MFA for guest access")!.conditions.users).not.to.have.property(
      "excludeGuestsOrExternalUsers",
    );
  });

  it("takes Graph's guest types from Graph's schema: the policy facts' vocabulary", () => {
    expect([...CONFIG_GUEST_TYPES]).to.deep.equal([...GUEST_OR_EXTERNAL_USER_TYPES]);
  });
});
