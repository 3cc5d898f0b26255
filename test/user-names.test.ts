import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { validateConfig } from "../config/validate";
import { lookUpUserNames, NamedUser } from "../graph/userNames";
import { runGuard } from "../guard/runGuard";
import { readTenant } from "../live/readTenant";
import { resolveUserNames, userNamesIn } from "../live/userNames";
import { PlanRejectedError } from "../documents/errors";
import { runPlan } from "../plan/runPlan";
import { main } from "../program";
import { policyOf } from "./fixtures/guardInputs";
import { BREAK_GLASS_USER, SERVICE_ACCOUNT } from "./fixtures/ids";
import { tenant } from "./fixtures/tenants";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { clientFor } from "./support/graphClient";
import { rejection } from "./support/rejection";

const ADMIN = "BreakGlass1@contoso.com";
const SERVICE = "svc-sync@contoso.com";
const GUEST = "alice_fabrikam.com#EXT#@contoso.onmicrosoft.com";
const GONE = "former.admin@contoso.com";
const GONE_ID = "9f5b6a7c-0000-4eaf-8b3c-0000000000e1";

/** The config bag of a p1 stack, as the Pulumi CLI hands it to the program. */
const p1 = (breakGlassUsers: string[], excludeUsers: string[] = []): Record<string, string> => ({
  "entra-baseline:plan": "p1",
  "entra-baseline:breakGlassUsers": JSON.stringify(breakGlassUsers),
  ...(excludeUsers.length > 0 ? { "entra-baseline:policies": JSON.stringify({ allUsersMfa: { excludeUsers } }) } : {}),
});

/** The double's tenant with the accounts named by UPN: a member break-glass account, a service account, a guest, and a deleted user. */
function withUsers(double: GraphDouble) {
  double.tenant.users.set(BREAK_GLASS_USER, { id: BREAK_GLASS_USER, userPrincipalName: "breakglass1@contoso.com", perUserMfaState: "disabled" });
  double.tenant.users.set(SERVICE_ACCOUNT, { id: SERVICE_ACCOUNT, userPrincipalName: SERVICE, perUserMfaState: "disabled" });
  double.tenant.users.set("a1", { id: "0a1b2c3d-0000-4e5f-8a9b-0000000000f1", userPrincipalName: GUEST, perUserMfaState: "disabled", userType: "Guest" });
  double.tenant.deletedUsers.push({ id: GONE_ID, userPrincipalName: `${GONE_ID.replace(/-/g, "")}${GONE}`, userType: "Member" });
}

describe("users named by UPN (break-glass accounts, excluded accounts)", () => {
  describe("the configuration", () => {
    it("accepts a user principal name or an object id for breakGlassUsers and allUsersMfa.excludeUsers", () => {
      const result = validateConfig({ plan: "p1", breakGlassUsers: [ADMIN, BREAK_GLASS_USER], policies: { allUsersMfa: { excludeUsers: [SERVICE, GUEST] } } });
      expect(result.ok, JSON.stringify(result)).to.equal(true);
    });

    it("rejects a name that is neither, saying both are accepted", () => {
      const result = validateConfig({ plan: "p1", breakGlassUsers: ["breakglass1"] });
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.issues[0].message).to.contain('"breakglass1" is not allowed').and.contain("user principal name (admin@contoso.com)");
    });

    it("finds the UPNs it names, as written", () => {
      expect(userNamesIn({ breakGlassUsers: [ADMIN, BREAK_GLASS_USER], policies: { allUsersMfa: { excludeUsers: [SERVICE] } } })).to.deep.equal([
        ADMIN,
        SERVICE,
      ]);
      expect(userNamesIn({ breakGlassUsers: "x@y.com", policies: false })).to.deep.equal([]);
    });
  });

  describe("the offline plan", () => {
    it("shows the UPNs as written, excluded from every policy, and the guard accepts them", async () => {
      const plan = await runPlan({ stack: "upn", config: p1([ADMIN]) });
      expect(plan.breakGlass.users).to.deep.equal([ADMIN]);
      for (const policy of plan.conditionalAccessPolicies) expect(policy.conditions.users.excludeUsers, policy.displayName).to.include(ADMIN);
      expect(plan.findings.filter((f) => f.severity === "error")).to.deep.equal([]);
    });

    it("compares UPNs without regard to case in the guard, and names one a policy does not exclude", async () => {
      const plan = await runPlan({ stack: "upn", config: p1([ADMIN]) });
      const input = {
        plan: "p1" as const,
        protection: "securityDefaults" as const,
        securityDefaults: { isEnabled: true },
        breakGlassUsers: [ADMIN.toUpperCase()],
        breakGlassGroups: [],
        policies: plan.conditionalAccessPolicies,
        phase: "preview" as const,
      };
      expect(runGuard(input).filter((f) => f.rule.startsWith("EB-BREAKGLASS"))).to.deep.equal([]);
      const mfa = policyOf(plan.conditionalAccessPolicies, "allUsersMfa");
      const unexcluded = { ...mfa, conditions: { ...mfa.conditions, users: { ...mfa.conditions.users, excludeUsers: [] } } };
      const findings = runGuard({ ...input, policies: [unexcluded] }).filter((f) => f.rule === "EB-BREAKGLASS-EXCLUDED");
      expect(findings.map((f) => f.message)).to.have.length(1);
      expect(findings[0].message).to.contain(ADMIN.toUpperCase());
    });
  });

  describe("resolveUserNames (pure)", () => {
    const looked = new Map<string, NamedUser | undefined>([
      [ADMIN.toLowerCase(), { id: BREAK_GLASS_USER, userPrincipalName: "breakglass1@contoso.com", userType: "Member", deleted: false }],
      [SERVICE, { id: SERVICE_ACCOUNT, userPrincipalName: SERVICE, userType: "Member", deleted: false }],
      [GUEST.toLowerCase(), { id: "0a1b2c3d-0000-4e5f-8a9b-0000000000f1", userPrincipalName: GUEST, userType: "Guest", deleted: false }],
      [GONE, { id: GONE_ID, userPrincipalName: `${GONE_ID.replace(/-/g, "")}${GONE}`, userType: "Member", deleted: true }],
      ["nobody@contoso.com", undefined],
    ]);

    it("replaces each UPN with the object id Graph gave, keeping ids and everything else", () => {
      const raw = {
        plan: "p1",
        breakGlassUsers: [ADMIN],
        policies: { allUsersMfa: { state: "enabled", excludeUsers: [SERVICE, "aaaaaaaa-0000-4000-8000-000000000001"] } },
      };
      expect(resolveUserNames(raw, looked)).to.deep.equal({
        raw: {
          plan: "p1",
          breakGlassUsers: [BREAK_GLASS_USER],
          policies: { allUsersMfa: { state: "enabled", excludeUsers: [SERVICE_ACCOUNT, "aaaaaaaa-0000-4000-8000-000000000001"] } },
        },
        issues: [],
      });
    });

    it("rejects, all at once and each naming the key and the UPN: no such user, a guest, a deleted user, one account given as UPN and as id", () => {
      const raw = {
        breakGlassUsers: [ADMIN, "nobody@contoso.com", GONE, BREAK_GLASS_USER.toUpperCase()],
        policies: { allUsersMfa: { excludeUsers: [GUEST] } },
      };
      const { issues } = resolveUserNames(raw, looked);
      expect(issues.map((i) => i.key)).to.deep.equal([
        "entra-baseline:breakGlassUsers",
        "entra-baseline:breakGlassUsers",
        "entra-baseline:breakGlassUsers",
        "entra-baseline:policies.allUsersMfa.excludeUsers",
      ]);
      expect(issues[0].message).to.match(/^"nobody@contoso.com" names no user of this tenant/);
      expect(issues[1].message).to.match(
        /^"former.admin@contoso.com" is a deleted user \(in the recycle bin as 9f5b6a7c.*former.admin@contoso.com, object id 9f5b6a7c/,
      );
      expect(issues[2].message).to.equal(
        `"${BREAK_GLASS_USER.toUpperCase()}" and "${ADMIN}" are the same account (object id ${BREAK_GLASS_USER}, found in the tenant); keep one`,
      );
      expect(issues[3].message).to.match(/^"alice_fabrikam.com#EXT#@contoso.onmicrosoft.com" is a guest \(userType Guest/);
    });
  });

  describe("against the Graph double", () => {
    let double: GraphDouble;
    beforeEach(async () => {
      double = await startGraphDouble();
      withUsers(double);
    });
    afterEach(() => double.close());

    it("looks the UPNs up through $batch, and the deleted users once, only for those Graph does not find", async () => {
      const names = [ADMIN, SERVICE, GUEST, GONE, "nobody@contoso.com", ...Array.from({ length: 20 }, (_, i) => `user${i}@contoso.com`)];
      const found = await lookUpUserNames(clientFor(double), names);
      expect(found.get(ADMIN.toLowerCase())).to.deep.equal({
        id: BREAK_GLASS_USER,
        userPrincipalName: "breakglass1@contoso.com",
        userType: "Member",
        deleted: false,
      });
      expect(found.get(GUEST.toLowerCase())?.userType).to.equal("Guest");
      expect(found.get(GONE)).to.include({ id: GONE_ID, deleted: true });
      expect(found.get("nobody@contoso.com")).to.equal(undefined);
      expect(found.has("nobody@contoso.com")).to.equal(true);
      const paths = double.graphRequests().map((r) => r.path.split("?")[0]);
      expect(paths.filter((p) => p === "/v1.0/$batch")).to.have.length(2);
      expect(paths.filter((p) => p.startsWith("/v1.0/directory/deletedItems"))).to.have.length(1);
      expect(double.batchedRequests).to.equal(25);
    });

    it("reads nothing for no UPN, and fails naming the UPN without User.Read.All", async () => {
      expect((await lookUpUserNames(clientFor(double), [])).size).to.equal(0);
      double.tenant.permissions.delete("User.Read.All");
      const err = await rejection(lookUpUserNames(clientFor(double), [ADMIN]));
      expect(err.message).to.contain(`looking up the user ${ADMIN}`).and.contain("User.Read.All (403)");
    });

    it("plan --against live: the break-glass UPN resolved to its id before the guard, every policy excluding the id", async () => {
      const plan = await runPlan({
        stack: "upn",
        config: p1([ADMIN], [SERVICE]),
        readTenant: () => readTenant(clientFor(double), { userNames: [ADMIN, SERVICE] }),
      });
      expect(plan.breakGlass.users).to.deep.equal([BREAK_GLASS_USER]);
      for (const policy of plan.conditionalAccessPolicies)
        expect(policy.conditions.users.excludeUsers, policy.displayName).to.include(BREAK_GLASS_USER).and.not.include(ADMIN);
      expect(policyOf(plan.conditionalAccessPolicies, "allUsersMfa").conditions.users.excludeUsers).to.include(SERVICE_ACCOUNT);
    });

    it("plan --against live: refuses a UPN that resolves to a guest, naming it, with nothing planned", async () => {
      const err = await rejection<PlanRejectedError>(
        runPlan({ stack: "upn", config: p1([GUEST]), readTenant: () => readTenant(clientFor(double), { userNames: [GUEST] }) }),
      );
      expect(err).to.be.instanceOf(PlanRejectedError);
      expect(err.message).to.contain("entra-baseline:breakGlassUsers").and.contain(`"${GUEST}" is a guest`);
    });
  });

  describe("pulumi up", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("resolves the UPNs through the tenant it reads and declares the ids", async () => {
      pulumi.runtime.setAllConfig(p1([ADMIN]));
      const resolved = tenant({
        userNames: new Map([[ADMIN.toLowerCase(), { id: BREAK_GLASS_USER, userPrincipalName: ADMIN, userType: "Member", deleted: false }]]),
      });
      const outputs = await main({ env: {}, readTenant: async () => resolved, liveTenant: resolved });
      expect(outputs.settings.breakGlassUsers).to.deep.equal([BREAK_GLASS_USER]);
    });

    it("refuses to deploy a UPN it could not resolve (no credentials), naming each UPN and its key", async () => {
      pulumi.runtime.setAllConfig(p1([ADMIN], [SERVICE]));
      const err = await rejection(main({ env: {} }));
      expect(pulumi.RunError.isInstance(err)).to.equal(true);
      expect(err.message)
        .to.contain(`"${ADMIN}" is a user principal name, which pulumi up resolves`)
        .and.contain(`entra-baseline:policies.allUsersMfa.excludeUsers`)
        .and.contain(SERVICE);
    });
  });
});
