import { expect } from "chai";
import fc from "fast-check";
import { validateConfig } from "../config/validate";
import { readStep1 } from "../step1/readStep1";
import { authMethodsOff } from "../live/rules/authMethodsOff";
import { methodGroupsOf, usableNow } from "../live/rules/authMethodsUsable";
import type { Step1Available } from "../step1/step1Report";
import { normalizeAuthenticationMethods } from "../policies/authenticationMethods";
import { buildBaselinePolicies } from "../policies/baseline";
import { REGISTERED_METHOD_FAMILY } from "../policies/authenticationMethodFacts";
import { inputFor } from "./fixtures/guardInputs";
import { BREAK_GLASS_USER, PILOT_GROUP } from "./fixtures/ids";
import { tenant } from "./fixtures/tenants";
import { defaultAuthenticationMethodsPolicy, defaultMethodConfigurations } from "./graph-double/authenticationMethods";
import { mixedRegistrations, userIdOf } from "./graph-double/registrationDetails";
import type { GraphDouble } from "./graph-double/server";
import { clientFor, useGraphDouble } from "./support/graphClient";

const SMS_GROUP = "9a1b2c3d-0000-4e5f-8a6b-0000000000e1";
const SECOND_GROUP = "9a1b2c3d-0000-4e5f-8a6b-0000000000e2";
const MEMBER_OF_TRANSITIVE_MEMBERS = "/transitiveMembers/microsoft.graph.user";

/** The double's default tenant policy (SMS on, voice off), read as the live checks read it. */
const tenantMethods = () =>
  normalizeAuthenticationMethods({ ...defaultAuthenticationMethodsPolicy(), authenticationMethodConfigurations: defaultMethodConfigurations() });

const stack = (authenticationMethods: unknown) =>
  inputFor({ plan: "p1", protection: "securityDefaults", breakGlassUsers: [BREAK_GLASS_USER], authenticationMethods });

const range = (count: number, keep: (i: number) => boolean) => Array.from({ length: count }, (_, i) => i).filter(keep);

/** Reads Step 1 through the double, with the stack's method groups, and runs the rule on it. */
async function findings(double: GraphDouble, methods: Record<string, unknown>) {
  const am = stack({ methods });
  const methodGroups = methodGroupsOf(am.authenticationMethods);
  const step1 = await readStep1(clientFor(double), { securityDefaults: { isEnabled: true }, policies: [] }, [], undefined, methodGroups);
  return authMethodsOff.check(tenant({ authenticationMethods: tenantMethods(), step1 }), am);
}

describe("EB-LIVE-AUTH-METHOD-OFF: a method limited to a group keeps working for the group's transitive members", () => {
  let double: GraphDouble;
  // 1000 users: i % 10 == 5 registered SMS only (100 users, no admin); i % 10 == 0 the Authenticator app only (20 admins among them).
  useGraphDouble((started) => ((double = started).tenant.registrationDetails = mixedRegistrations(1000)));

  it("passes sms: { group } when the group's transitive members include every SMS-only user", async () => {
    double.tenant.groupMembers.set(SMS_GROUP, [...range(1000, (i) => i % 10 === 5 || i % 7 === 0).map(userIdOf), BREAK_GLASS_USER]);
    expect(await findings(double, { sms: { group: SMS_GROUP } })).to.deep.equal([]);
  });

  it("rejects sms: { group } when the group misses SMS-only users, counting exactly those", async () => {
    // SMS-only users 5, 15, …, 495 are members; 505, …, 995 (50 users) are not.
    double.tenant.groupMembers.set(SMS_GROUP, range(1000, (i) => i % 10 === 5 && i < 500).map(userIdOf));
    const [finding] = await findings(double, { sms: { group: SMS_GROUP } });
    expect(finding.severity).to.equal("error");
    expect(finding.message).to.contain("limits it to a group").and.contain("50 users and 0 admins (of 1000)");
  });

  it("counts admins left out of the group an only method is limited to", async () => {
    // Admins 0, 50, …, 950 have the Authenticator app only; the group holds the first 10 of them.
    double.tenant.groupMembers.set(SMS_GROUP, range(500, (i) => i % 10 === 0).map(userIdOf));
    const [finding] = await findings(double, { microsoftAuthenticator: { group: SMS_GROUP }, sms: "enabled" });
    expect(finding.message).to.contain("40 users and 10 admins (of 1000)");
  });

  it("counts every SMS-only user when the group no longer exists (Graph answers 404)", async () => {
    const [finding] = await findings(double, { sms: { group: SMS_GROUP } });
    expect(finding.message).to.contain("100 users and 0 admins");
  });

  it("reads the method groups with the policies' groups in one batched call, each group once", async () => {
    double.tenant.groupMembers.set(PILOT_GROUP, range(100, () => true).map(userIdOf));
    double.tenant.groupMembers.set(SMS_GROUP, range(1000, (i) => i % 10 === 5).map(userIdOf));
    const v = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled", pilotGroup: PILOT_GROUP });
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const policies = buildBaselinePolicies(v.config).map((p) => p.policy);
    const report = (await readStep1(clientFor(double), { securityDefaults: { isEnabled: false }, policies }, [], undefined, [
      SMS_GROUP.toUpperCase(),
      PILOT_GROUP,
    ])) as Step1Available;
    const groupReads = double.innerRequests.filter((r) => r.url.includes(MEMBER_OF_TRANSITIVE_MEMBERS));
    expect(groupReads.map((r) => r.url.split("/")[2]).sort()).to.deep.equal([PILOT_GROUP, SMS_GROUP].sort());
    expect(double.requests.filter((r) => r.path.includes(MEMBER_OF_TRANSITIVE_MEMBERS))).to.deep.equal([]);
    expect(report.methodGroups).to.deep.equal([PILOT_GROUP, SMS_GROUP].sort());
    // The existing histogram keeps its keys; members of method groups are kept apart by families and groups.
    expect(report.registrations.sms).to.deep.equal({ users: 100, admins: 0 });
    expect(report.methodGroupRegistrations![`sms|${SMS_GROUP}`]).to.deep.equal({ users: 90, admins: 0 });
    expect(report.methodGroupRegistrations![`sms|${[PILOT_GROUP, SMS_GROUP].sort().join(",")}`]).to.deep.equal({ users: 10, admins: 0 });
  });

  it("names the method groups of a stack's config, as resolved, as written in the stack file, or as a JSON string", () => {
    expect(methodGroupsOf({ methods: { sms: { group: SMS_GROUP }, voice: { group: SMS_GROUP }, fido2: "enabled" } })).to.deep.equal([SMS_GROUP]);
    expect(methodGroupsOf(JSON.stringify({ methods: { sms: { group: SECOND_GROUP } } }))).to.deep.equal([SECOND_GROUP]);
  });

  it("rejects a config without methods or a group that is not a string as naming no method group", () => {
    for (const config of [undefined, null, true, "{not json", { methods: null }, { methods: { sms: { group: 5 } } }, { methods: { sms: null } }])
      expect(methodGroupsOf(config), JSON.stringify(config)).to.deep.equal([]);
  });

  describe("property: the count is exact, and the advice applied as written clears the finding", () => {
    const REGISTERED = ["microsoftAuthenticatorPush", "mobilePhone", "officePhone", "passKeyDeviceBound", "softwareOneTimePasscode", "email"];
    const GROUPS = [SMS_GROUP, SECOND_GROUP];
    const setting = fc.constantFrom<unknown>("enabled", "disabled", { group: SMS_GROUP }, { group: SECOND_GROUP }, undefined);
    const users = fc.array(
      fc.record({
        methods: fc.subarray(REGISTERED),
        isAdmin: fc.boolean(),
        groups: fc.subarray(GROUPS),
      }),
      { minLength: 1, maxLength: 40 },
    );
    const methodsArb = fc.record({ microsoftAuthenticator: setting, sms: setting, voice: setting, softwareOath: setting });

    /** Brute force, user by user: usable now (the double's tenant policy: voice and software OATH off) and after the stack, groups included. */
    function lostByHand(population: { methods: string[]; isAdmin: boolean; groups: string[] }[], declared: Record<string, unknown>) {
      // The stack's methods with its defaults applied (SMS and voice off unless declared).
      const methods = stack({ methods: declared }).authenticationMethods!.methods as Record<string, unknown>;
      const now = usableNow(tenant({ authenticationMethods: tenantMethods() }));
      const lost = { users: 0, admins: 0 };
      for (const u of population) {
        const families = u.methods.map((m) => REGISTERED_METHOD_FAMILY[m]);
        const usableAfter = (f: string) => {
          const s = methods[f];
          if (s === undefined) return now.has(f);
          if (s === "enabled") return true;
          return typeof s === "object" && u.groups.includes((s as { group: string }).group);
        };
        if (!families.some((f) => now.has(f)) || families.some(usableAfter)) continue;
        if (u.isAdmin) lost.admins++;
        else lost.users++;
      }
      return lost;
    }

    it("counts exactly the users left with no usable method; keeping each method for a group of them clears it", async () => {
      await fc.assert(
        fc.asyncProperty(users, methodsArb, async (population, drawn) => {
          const methods = Object.fromEntries(Object.entries(drawn).filter(([, s]) => s !== undefined));
          double.tenant.registrationDetails = {
            count: population.length,
            at: (i) => ({ ...mixedRegistrations(population.length).at(i), isAdmin: population[i].isAdmin, methodsRegistered: population[i].methods }),
          };
          double.tenant.groupMembers.clear();
          for (const g of GROUPS) double.tenant.groupMembers.set(g, range(population.length, (i) => population[i].groups.includes(g)).map(userIdOf));
          const expected = lostByHand(population, methods);
          const found = await findings(double, methods);
          if (expected.users + expected.admins === 0) {
            expect(found).to.deep.equal([]);
            return;
          }
          expect(found[0].message).to.contain(`${expected.users} users and ${expected.admins} admins`);
          // The advice as written: keep each method taken away for a group of them (a new group holding every user who lost it).
          const lost = range(population.length, (i) => lostByHand([population[i]], methods).users + lostByHand([population[i]], methods).admins > 0);
          const advised: Record<string, unknown> = { ...stack({ methods }).authenticationMethods!.methods };
          for (const m of ["microsoftAuthenticator", "sms", "voice", "softwareOath"]) {
            const had = lost.filter((i) => population[i].methods.some((r) => REGISTERED_METHOD_FAMILY[r] === m)).map(userIdOf);
            if (advised[m] === "enabled" || advised[m] === undefined || had.length === 0) continue;
            // A method turned off is kept for a new group of them; a group it is limited to takes them in.
            const current = advised[m] as "disabled" | { group: string };
            const group = current === "disabled" ? `9a1b2c3d-0000-4e5f-8a6b-0000000000f${m.length % 10}` : current.group;
            advised[m] = { group };
            double.tenant.groupMembers.set(group, [...(double.tenant.groupMembers.get(group) ?? []), ...had]);
          }
          expect(await findings(double, advised)).to.deep.equal([]);
        }),
        { numRuns: 40 },
      );
    });
  });
});
