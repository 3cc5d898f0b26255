import { expect } from "chai";
import fc from "fast-check";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { compileApplicability, factsOf, type GraphPolicy } from "../policies/facts";
import { KNOWN_APPS } from "../whatif/applications";
import { whoOf } from "../whatif/compile";
import { evaluate } from "../whatif/evaluate";
import { excludedByText, exclusionLines, exclusionsOf } from "../whatif/exclusions";
import { formatEvaluation } from "../whatif/format";
import { personasOf } from "../whatif/personas";
import { signIn } from "./fixtures/signIns";

/** An enabled all-users MFA policy that excludes what `users` says. */
function policy(name: string, users: Partial<ConditionalAccessPolicy["conditions"]["users"]> = {}, more: Partial<ConditionalAccessPolicy> = {}) {
  return {
    displayName: name,
    state: "enabled",
    conditions: {
      users: { includeUsers: ["All"], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], ...users },
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ["all"],
      signInRiskLevels: [],
      userRiskLevels: [],
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
    ...more,
  } as ConditionalAccessPolicy;
}
/** A policy that excludes the user `alex`, with more conditions beside its users. */
function excludingAlexWith(name: string, conditions: object): ConditionalAccessPolicy {
  const excluding = policy(name, { excludeUsers: ["alex"] });
  return { ...excluding, conditions: { ...excluding.conditions, ...conditions } } as ConditionalAccessPolicy;
}
const BREAK_GLASS = { users: ["bg-1"], groups: ["bg-group"] };

describe("what-if: the policy that excluded the user", () => {
  it("names each policy that would apply but for an exclusion, with the exclusion that names the user", () => {
    const policies = [
      policy("by id", { excludeUsers: ["alex"] }),
      policy("by group", { excludeGroups: ["g-1"] }),
      policy("by role", { excludeRoles: ["r-1"] }),
      policy("by two", { excludeUsers: ["alex"], excludeRoles: ["r-1"] }),
      policy("not excluded"),
    ];
    const alex = signIn({ groupIds: ["g-1"], roleIds: ["r-1"] });
    expect(evaluate(policies, alex).applied).to.deep.equal(["not excluded"]);
    expect(exclusionsOf(policies, alex)).to.deep.equal([
      { policy: "by id", by: ["excludeUsers"], breakGlass: false },
      { policy: "by group", by: ["excludeGroups"], breakGlass: false },
      { policy: "by role", by: ["excludeRoles"], breakGlass: false },
      { policy: "by two", by: ["excludeUsers", "excludeRoles"], breakGlass: false },
    ]);
  });

  it("names guest exclusions: GuestsOrExternalUsers in excludeUsers, and a guest type in excludeGuestsOrExternalUsers", () => {
    const policies = [
      policy("no guests", { excludeUsers: ["GuestsOrExternalUsers"] }),
      policy("no providers", {
        excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants: { membershipKind: "all" } },
      } as never),
    ];
    const provider = signIn({ userType: "guest", guestOrExternalUserType: "serviceProvider", homeTenantId: "t-1" });
    expect(exclusionsOf(policies, provider).map((e) => [e.policy, e.by])).to.deep.equal([
      ["no guests", ["excludeUsers"]],
      ["no providers", ["excludeGuestsOrExternalUsers"]],
    ]);
    expect(exclusionsOf(policies, signIn())).to.deep.equal([]);
  });

  it("marks a break-glass exclusion: the user's id, or a break-glass group of theirs, excluded", () => {
    const policies = [
      policy("by id", { excludeUsers: ["bg-1"] }),
      policy("by group", { excludeGroups: ["bg-group"] }),
      policy("by role", { excludeRoles: ["r-1"] }),
    ];
    expect(
      exclusionsOf(policies, signIn({ userId: "BG-1", roleIds: ["r-1"] }), { breakGlass: BREAK_GLASS }).map((e) => [e.policy, e.breakGlass]),
    ).to.deep.equal([
      ["by id", true],
      ["by role", false],
    ]);
    expect(exclusionsOf(policies, signIn({ groupIds: ["bg-group"] }), { breakGlass: BREAK_GLASS }).map((e) => [e.policy, e.breakGlass])).to.deep.equal([
      ["by group", true],
    ]);
    // The same exclusions without the stack's break-glass accounts: excluded, not as break-glass.
    expect(exclusionsOf(policies, signIn({ groupIds: ["bg-group"] })).map((e) => e.breakGlass)).to.deep.equal([false]);
  });

  it("does not name a policy that would not apply anyway: not included, another app, a device filter, disabled", () => {
    const policies = [
      policy("admins only", { includeUsers: [], includeRoles: ["r-9"], excludeUsers: ["alex"] }),
      excludingAlexWith("other app", {
        applications: { includeApplications: [KNOWN_APPS.azureManagement], excludeApplications: [], includeUserActions: [] },
      }),
      excludingAlexWith("kiosks", { devices: { deviceFilter: { mode: "include", rule: 'device.displayName -startsWith "KIOSK"' } } }),
      policy("off", { excludeUsers: ["alex"] }, { state: "disabled" }),
    ];
    expect(exclusionsOf(policies, signIn())).to.deep.equal([]);
    expect(exclusionsOf(policies, signIn({ device: { trustType: "AzureAD", displayName: "KIOSK-1" } })).map((e) => e.policy)).to.deep.equal(["kiosks"]);
  });

  it("names a report-only policy that excludes the user too (it explains a policy missing from reportOnly)", () => {
    expect(exclusionsOf([policy("watching", { excludeUsers: ["alex"] }, { state: "enabledForReportingButNotEnforced" })], signIn())).to.deep.equal([
      { policy: "watching", by: ["excludeUsers"], breakGlass: false },
    ]);
  });

  it("says it the way the coverage personas say it: one wording, policies excluded alike on one line", () => {
    const policies = [policy("A", { excludeUsers: ["svc"] }), policy("B", { excludeUsers: ["svc"] }), policy("C", { excludeGroups: ["g-1"] })];
    const exclusions = exclusionsOf(policies, signIn({ userId: "svc", groupIds: ["g-1"] }));
    expect(exclusionLines(exclusions)).to.deep.equal([
      'excluded in the stack by "A", "B" (conditions.users.excludeUsers)',
      'excluded in the stack by "C" (conditions.users.excludeGroups)',
    ]);
    const persona = personasOf({
      stack: "s",
      securityDefaults: { isEnabled: false },
      breakGlass: { users: [], groups: [] },
      conditionalAccessPolicies: policies,
    }).find((p) => p.id === "service:svc")!;
    expect(persona.deliberate).to.equal(excludedByText(["A", "B"], ["excludeUsers"]));
    expect(exclusionLines(exclusions)[0]).to.equal(persona.deliberate);
    expect(excludedByText(["A"], ["excludeGroups"], true)).to.equal('excluded in the stack by "A" (conditions.users.excludeGroups, break-glass)');
  });

  it("shows the exclusions in a single sign-in's text, after what applied", () => {
    const policies = [policy("all users", { excludeUsers: ["bg-1"] })];
    const bg = signIn({ userId: "bg-1" });
    const text = formatEvaluation(evaluate(policies, bg), exclusionsOf(policies, bg, { breakGlass: BREAK_GLASS }));
    expect(text.split("\n")).to.include('excluded in the stack by "all users" (conditions.users.excludeUsers, break-glass)');
    expect(formatEvaluation(evaluate(policies, signIn()), exclusionsOf(policies, signIn()))).to.not.contain("excluded");
  });

  it("splits the users condition exactly: it applies when the include side holds and no exclusion names the user", () => {
    const ids = ["u-1", "u-2", "g-1", "g-2", "r-1"];
    const list = fc.subarray(ids);
    const guestSelection = fc.record({
      guestOrExternalUserTypes: fc.subarray(["internalGuest", "b2bCollaborationGuest", "serviceProvider"]).map((t) => t.join(",")),
      externalTenants: fc.oneof(
        fc.constant({ membershipKind: "all" }),
        fc.subarray(["t-1", "t-2"]).map((members) => ({ membershipKind: "enumerated", members })),
      ),
    });
    const users = fc.record({
      includeUsers: fc.oneof(fc.constant(["All"]), fc.subarray(["GuestsOrExternalUsers", ...ids])),
      excludeUsers: fc.subarray(["GuestsOrExternalUsers", ...ids]),
      includeGroups: list,
      excludeGroups: list,
      includeRoles: list,
      excludeRoles: list,
      includeGuestsOrExternalUsers: fc.option(guestSelection, { nil: null }),
      excludeGuestsOrExternalUsers: fc.option(guestSelection, { nil: null }),
    });
    const who = fc.record({
      userId: fc.constantFrom(...ids),
      groupIds: list,
      roleIds: list,
      userType: fc.constantFrom("member" as const, "guest" as const),
      guestOrExternalUserType: fc.option(fc.constantFrom("internalGuest" as const, "b2bCollaborationGuest" as const, "serviceProvider" as const), {
        nil: undefined,
      }),
      homeTenantId: fc.option(fc.constantFrom("t-1", "T-2"), { nil: undefined }),
    });
    fc.assert(
      fc.property(users, who, (u, w) => {
        const compiled = compileApplicability(factsOf(policy("p", u as never) as GraphPolicy));
        const person = whoOf(signIn(w));
        expect(compiled.appliesToUser(person)).to.equal(compiled.includesUser(person) && compiled.excludesUserBy(person).length === 0);
      }),
      { numRuns: 500, seed: 8 },
    );
  });
});
