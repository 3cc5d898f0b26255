import { expect } from "chai";
import { validateConfig } from "../config/validate";
import { registrationDetailPages } from "../graph/registrationDetails";
import { readStep1 } from "../step1/readStep1";
import { Step1Available, Step1Unavailable, usersWithout } from "../step1/step1Report";
import { buildBaselinePolicies } from "../policies/baseline";
import { BREAK_GLASS_USER, PILOT_GROUP } from "./fixtures/ids";
import { throttled } from "./graph-double/faults";
import { mixedRegistrations, userIdOf } from "./graph-double/registrationDetails";
import type { GraphDouble } from "./graph-double/server";
import { clientFor, useGraphDouble } from "./support/graphClient";

const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
const REGISTRATION_PATH = "/v1.0/reports/authenticationMethods/userRegistrationDetails";

function enforcedP1(pilotGroup?: string) {
  const v = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled", ...(pilotGroup ? { pilotGroup } : {}) });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return buildBaselinePolicies(v.config).map((p) => p.policy);
}

describe("Step 1 results (userRegistrationDetails, streamed)", () => {
  let double: GraphDouble;
  useGraphDouble((started) => ((double = started).tenant.registrationDetails = mixedRegistrations(1000)));

  const onSecurityDefaults = { securityDefaults: { isEnabled: true }, policies: [] };

  it("counts registered, MFA-capable and SSPR users, admins apart, on Security Defaults everyone required", async () => {
    const report = (await readStep1(clientFor(double), onSecurityDefaults, [])) as Step1Available;
    expect(report.available).to.equal(true);
    expect(report.admins.users).to.equal(20);
    expect(report.members.users).to.equal(980);
    expect(report.members.requiredBySecurityDefaults + report.admins.requiredBySecurityDefaults).to.equal(1000);
    expect(report.members.mfaRegistered + report.admins.mfaRegistered).to.equal(900);
    expect(report.members.mfaCapable + report.admins.mfaCapable).to.equal(800);
    expect(report.admins.mfaCapable).to.equal(20);
    expect(report.members.ssprEnabled + report.admins.ssprEnabled).to.equal(666);
    expect(report.members.ssprCapable + report.admins.ssprCapable).to.equal(133);
    expect(report.adminSspr).to.equal(true);
  });

  it("gives each gap its count and next step", async () => {
    const report = (await readStep1(clientFor(double), onSecurityDefaults, [])) as Step1Available;
    const gap = (result: string, who: string) => report.gaps.find((g) => g.result === result && g.who === who);
    expect(gap("registered", "users")).to.deep.include({ count: 100 });
    expect(gap("registered", "users")!.nextStep).to.contain("registrationCampaign: true").and.contain("Temporary Access Pass");
    expect(gap("capable", "users")).to.deep.include({ count: 100 });
    expect(gap("sspr", "users")!.nextStep).to.contain("Password reset > Properties");
    expect(gap("required", "users")).to.equal(undefined);
  });

  it("reads 'required' through the what-if evaluator over each user's groups and roles when Security Defaults are off", async () => {
    double.tenant.groupMembers.set(
      PILOT_GROUP,
      Array.from({ length: 100 }, (_, i) => userIdOf(i)),
    );
    double.tenant.roleAssignments.push({ roleDefinitionId: GLOBAL_ADMIN, principalId: userIdOf(100) });
    const report = (await readStep1(clientFor(double), { securityDefaults: { isEnabled: false }, policies: enforcedP1(PILOT_GROUP) }, [])) as Step1Available;
    // The pilot's 100 users (2 of them admins: 0 and 50), and user 100 through the Global Administrator role (an admin).
    expect(report.members.requiredByConditionalAccess).to.equal(98);
    expect(report.admins.requiredByConditionalAccess).to.equal(3);
    expect(report.admins.requiredByNothing).to.equal(17);
    expect(report.members.requiredBySecurityDefaults).to.equal(0);
    expect(report.gaps.find((g) => g.result === "required" && g.who === "users")!.nextStep).to.contain("policies.allUsersMfa");
  });

  it("reads 'required' from an ordinary interactive sign-in: blocks of device code flow or unknown platforms never make it 0", async () => {
    const policies = enforcedP1();
    const allUsers = policies.find((p) => p.conditions.users.includeUsers.includes("All") && p.grantControls?.builtInControls.includes("mfa"))!;
    const block = (name: string, conditions: object) => ({
      ...allUsers,
      displayName: name,
      conditions: { ...allUsers.conditions, clientAppTypes: ["all"], ...conditions },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    });
    const withBlocks = [
      ...policies,
      block("block device code flow", { authenticationFlows: { transferMethods: "deviceCodeFlow" } }),
      block("block unknown platforms", { platforms: { includePlatforms: ["all"], excludePlatforms: ["android", "iOS", "windows", "macOS", "linux"] } }),
      { ...allUsers, displayName: "MFA and a compliant device", grantControls: { operator: "AND", builtInControls: ["mfa", "compliantDevice"] } },
    ];
    const report = (await readStep1(clientFor(double), { securityDefaults: { isEnabled: false }, policies: withBlocks as never }, [])) as Step1Available;
    expect(report.members.requiredByConditionalAccess + report.admins.requiredByConditionalAccess).to.equal(1000);
    expect(report.members.requiredByNothing + report.admins.requiredByNothing).to.equal(0);
  });

  it("reads pages of 999: 2,500 users take 3 requests, and throttling is retried", async () => {
    double.tenant.registrationDetails = mixedRegistrations(2500);
    const report = (await readStep1(clientFor(double), onSecurityDefaults, [])) as Step1Available;
    expect(report.members.users + report.admins.users).to.equal(2500);
    expect(report.pages).to.equal(3);
    expect(double.count("GET", REGISTRATION_PATH)).to.equal(3);
    double.faults.push(throttled(0));
    let users = 0;
    for await (const page of registrationDetailPages(clientFor(double))) users += page.length;
    expect(users).to.equal(2500);
    expect(double.count("GET", REGISTRATION_PATH)).to.equal(7, "3 more pages and one throttled retry");
  });

  it("lower-cases the user ids Graph reports, at the reader", async () => {
    const mixed = mixedRegistrations(12);
    double.tenant.registrationDetails = { count: 12, at: (i) => ({ ...mixed.at(i), id: userIdOf(i).toUpperCase() }) };
    const ids: string[] = [];
    for await (const page of registrationDetailPages(clientFor(double))) ids.push(...page.map((u) => u.id));
    expect(ids).to.deep.equal(Array.from({ length: 12 }, (_, i) => userIdOf(i)));
    expect(ids.some((id) => id !== id.toUpperCase())).to.equal(true, "some ids have letters");
  });

  it("keeps the methods each break-glass user registered, and null for one the report does not list", async () => {
    const report = (await readStep1(clientFor(double), onSecurityDefaults, [userIdOf(4), BREAK_GLASS_USER])) as Step1Available;
    expect(report.breakGlass).to.deep.equal([
      { id: userIdOf(4), families: ["fido2"] },
      { id: BREAK_GLASS_USER, families: null },
    ]);
  });

  it("histograms users by method families, so a change of methods can be measured without holding users", async () => {
    const report = (await readStep1(clientFor(double), onSecurityDefaults, [])) as Step1Available;
    expect(report.registrations.sms).to.deep.equal({ users: 100, admins: 0 });
    // Turning SMS and voice off leaves the SMS-only and office-phone-only users without a method.
    expect(
      usersWithout(report.registrations, new Set(["microsoftAuthenticator", "fido2"]), new Set(["microsoftAuthenticator", "fido2", "sms", "voice"])),
    ).to.deep.equal({
      users: 200,
      admins: 0,
    });
  });

  it("on a tenant without P1 says what Free cannot show, and still reports Security Defaults", async () => {
    double.tenant.skus = [];
    const report = (await readStep1(clientFor(double), onSecurityDefaults, [])) as Step1Unavailable;
    expect(report).to.deep.include({ available: false, reason: "licence", requiredBySecurityDefaults: true });
    expect(report.message).to.contain("P1");
    expect(report.cannotShow.join(" ")).to.contain("registered MFA").and.contain("SSPR");
  });

  it("names AuditLog.Read.All when the permission is missing", async () => {
    double.tenant.permissions.delete("AuditLog.Read.All");
    const report = (await readStep1(clientFor(double), onSecurityDefaults, [])) as Step1Unavailable;
    expect(report).to.deep.include({ available: false, reason: "permission" });
    expect(report.message).to.contain("AuditLog.Read.All").and.contain("403");
  });

  it("names the permission for a group's members, and treats a deleted group as empty", async () => {
    const policies = enforcedP1(PILOT_GROUP);
    const deleted = (await readStep1(clientFor(double), { securityDefaults: { isEnabled: false }, policies }, [])) as Step1Available;
    expect(deleted.members.requiredByConditionalAccess).to.equal(0);
    double.tenant.permissions.delete("GroupMember.Read.All");
    const refused = (await readStep1(clientFor(double), { securityDefaults: { isEnabled: false }, policies }, [])) as Step1Unavailable;
    expect(refused.message).to.contain("GroupMember.Read.All");
  });
});
