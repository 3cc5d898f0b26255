import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { GLOBAL_ADMINISTRATOR_ROLE } from "./fixtures/whatif/roles";
import { proveNoLockout, signInOf } from "../whatif/lockout";
import { contexts } from "../whatif/matrix";
import { enforcedP2, stagingP1, policyOf, withPolicy, withUsers } from "./fixtures/guardInputs";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER } from "./fixtures/ids";

const ADMIN = "adminMfa";
const ALL_USERS = "allUsersMfa";
const LEGACY = "blockLegacyAuth";
const breakGlass = { users: [BREAK_GLASS_USER], groups: [BREAK_GLASS_GROUP] };
const prove = (policies: readonly ConditionalAccessPolicy[]) => proveNoLockout(policies, breakGlass);

describe("lockout proof (proveNoLockout)", () => {
  it("proves the p2 baseline at cut-over: break-glass needs nothing, every admin has an MFA path", () => {
    expect(prove(enforcedP2().policies)).to.deep.equal([]);
  });

  it("has nothing to prove without policies", () => {
    expect(prove([])).to.deep.equal([]);
  });

  it("names a break-glass account a block reaches, and the policy", () => {
    const policies = withPolicy(enforcedP2(), LEGACY, (p) => withUsers(p, { excludeUsers: [] })).policies;
    const problems = prove(policies);
    expect(problems).to.have.length(1);
    expect(problems[0])
      .to.contain(`break-glass account ${BREAK_GLASS_USER}`)
      .and.contain(`blocked by "${policyOf(policies, LEGACY).displayName}"`);
  });

  it("names a member of a break-glass group a policy challenges", () => {
    const policies = withPolicy(enforcedP2(), ALL_USERS, (p) => withUsers(p, { excludeGroups: [] })).policies;
    const problems = prove(policies);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.contain(`member of break-glass group ${BREAK_GLASS_GROUP}`).and.contain("challenged by");
  });

  it("ignores a report-only policy that would stop break-glass: it never enforces", () => {
    const policies = withPolicy(enforcedP2(), LEGACY, (p) => ({ ...withUsers(p, { excludeUsers: [] }), state: "enabledForReportingButNotEnforced" })).policies;
    expect(prove(policies)).to.deep.equal([]);
  });

  it("proves the staging configuration, whose policies are report-only", () => {
    expect(prove(stagingP1().policies)).to.deep.equal([]);
  });

  it("finds every admin role without a sign-in MFA can satisfy when admins are blocked", () => {
    const policies = withPolicy(enforcedP2(), ADMIN, (p) => ({ ...p, grantControls: { operator: "OR", builtInControls: ["block"] } })).policies;
    const problems = prove(policies);
    expect(problems).to.have.length(14);
    expect(problems.some((p) => p.includes("Global Administrator"))).to.equal(true);
  });

  it("finds admins asked for a compliant device as well as MFA", () => {
    const policies = withPolicy(enforcedP2(), ALL_USERS, (p) => ({
      ...p,
      grantControls: { operator: "AND", builtInControls: ["mfa", "compliantDevice"] },
    })).policies;
    expect(prove(policies)).to.have.length(14);
  });

  it("names the policy and what it asks when no admin path is left", () => {
    const policies = withPolicy(enforcedP2(), ALL_USERS, (p) => ({
      ...p,
      grantControls: { operator: "AND", builtInControls: ["mfa", "compliantDevice"] },
    })).policies;
    const globalAdmin = prove(policies).find((p) => p.includes("Global Administrator"))!;
    expect(globalAdmin)
      .to.contain(`"${policyOf(policies, ALL_USERS).displayName}" asks for mfa and compliantDevice`)
      .and.contain("exclude the role");
  });

  it("accepts admins asked for MFA and terms of use (accepted at the keyboard), but not for a custom control (an external provider)", () => {
    const asking = (grant: object) =>
      withPolicy(enforcedP2(), ALL_USERS, (p) => ({ ...p, grantControls: { operator: "AND", builtInControls: ["mfa"], ...grant } as never })).policies;
    expect(prove(asking({ termsOfUse: ["5f9e2d1c-0b3a-4c8d-9e7f-6a5b4c3d2e1f"] }))).to.deep.equal([]);
    expect(prove(asking({ customAuthenticationFactors: ["duo"] }))).to.have.length(14);
  });

  it("simulates each sign-in with every field of its context (the sign-in is built by hand, for speed)", () => {
    const who = { userId: "u", groupIds: ["g"], roleIds: ["r"], userType: "member" as const };
    for (const context of contexts()) {
      const { appLabel: _label, ...fields } = context;
      expect(signInOf(who, context)).to.deep.include(fields).and.deep.include(who);
    }
  });

  it("accepts admins asked for MFA or a compliant device: MFA alone satisfies it", () => {
    const policies = withPolicy(enforcedP2(), ALL_USERS, (p) => ({
      ...p,
      grantControls: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] },
    })).policies;
    expect(prove(policies)).to.deep.equal([]);
  });

  it("proves Microsoft's block-unknown-platforms policy when it excludes break-glass, and names break-glass when it does not", () => {
    const blockUnknown = (excludeUsers: string[]): ConditionalAccessPolicy => ({
      ...policyOf(enforcedP2().policies, ALL_USERS),
      displayName: "block unknown platforms",
      conditions: {
        ...policyOf(enforcedP2().policies, ALL_USERS).conditions,
        users: { includeUsers: ["All"], excludeUsers, includeGroups: [], excludeGroups: [BREAK_GLASS_GROUP], includeRoles: [], excludeRoles: [] },
        platforms: { includePlatforms: ["all"], excludePlatforms: ["android", "iOS", "windows", "macOS", "linux"] },
      } as ConditionalAccessPolicy["conditions"],
      grantControls: { operator: "OR", builtInControls: ["block"] },
    });
    expect(prove([...enforcedP2().policies, blockUnknown([BREAK_GLASS_USER])])).to.deep.equal([]);
    const problems = prove([...enforcedP2().policies, blockUnknown([])]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.contain(`break-glass account ${BREAK_GLASS_USER}`).and.contain('blocked by "block unknown platforms"');
  });

  it("accepts a session-only policy (grantControls null) on everyone, break-glass included: it asks nothing", () => {
    const session = {
      ...policyOf(enforcedP2().policies, ALL_USERS),
      displayName: "sign-in frequency",
      grantControls: null,
      sessionControls: { signInFrequency: { isEnabled: true, value: 4, type: "hours" } },
    };
    expect(prove([...enforcedP2().policies, session as never])).to.deep.equal([]);
  });

  it("accepts an admin blocked on some apps while one key app stays reachable with MFA", () => {
    const blockPortal: ConditionalAccessPolicy = {
      ...policyOf(enforcedP2().policies, ADMIN),
      displayName: "block Global Administrators outside the portal",
      conditions: {
        ...policyOf(enforcedP2().policies, ADMIN).conditions,
        users: {
          includeUsers: [],
          excludeUsers: [BREAK_GLASS_USER],
          includeGroups: [],
          excludeGroups: [BREAK_GLASS_GROUP],
          includeRoles: [GLOBAL_ADMINISTRATOR_ROLE],
          excludeRoles: [],
        },
        applications: { includeApplications: ["All"], excludeApplications: ["MicrosoftAdminPortals"], includeUserActions: [] },
      },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    };
    expect(prove([...enforcedP2().policies, blockPortal])).to.deep.equal([]);
  });
});
