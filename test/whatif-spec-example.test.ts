/**
 * An example of testing your own policy set with the library API: plan the stack, then state
 * what must be true of sign-ins, in words a reviewer can read. Copy it for your stacks.
 */
import { expect } from "chai";
import { runPlan } from "../plan/runPlan";
import { KNOWN_APPS } from "../whatif/applications";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { evaluate, requiresMfa } from "../whatif/evaluate";
import { proveNoLockout } from "../whatif/lockout";
import { planEvaluator } from "../whatif/planEvaluator";
import type { SignIn } from "../whatif/signIn";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { signIn } from "./fixtures/signIns";

const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

describe("our p2 tenant after cut-over (example policy specification)", () => {
  let signInOf: (s: Partial<SignIn>) => ReturnType<ReturnType<typeof planEvaluator>>;

  before(async () => {
    const plan = await runPlan({
      stack: "contoso",
      config: {
        "entra-baseline:plan": "p2",
        "entra-baseline:policyState": "enabled",
        "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]),
        "entra-baseline:policies": JSON.stringify({ adminMfa: { strength: "phishingResistant" } }),
      },
    });
    const evaluate = planEvaluator(plan);
    signInOf = (s) => evaluate(signIn({ userId: "someone", ...s }));
  });

  it("asks a Global Administrator for phishing-resistant MFA in the Azure portal", () => {
    const { outcome } = signInOf({ roleIds: [GLOBAL_ADMIN], applicationId: KNOWN_APPS.azureManagement });
    expect(outcome.kind === "challenge" && outcome.requirements.some((r) => r.controls.some((c) => c.kind === "authenticationStrength"))).to.equal(true);
  });

  it("blocks IMAP and POP for everyone", () => {
    expect(signInOf({ clientAppType: "other", applicationId: KNOWN_APPS.exchangeOnline }).outcome.kind).to.equal("blocked");
  });

  it("asks a high-risk user for MFA and a password change", () => {
    const { outcome } = signInOf({ userRisk: "high" });
    expect(
      outcome.kind === "challenge" && outcome.requirements.some((r) => r.operator === "AND" && r.controls.some((c) => c.kind === "passwordChange")),
    ).to.equal(true);
  });

  it("asks every guest for MFA", () => {
    expect(requiresMfa(signInOf({ userType: "guest" }))).to.equal(true);
  });

  it("lets the break-glass account in with nothing required, even on a risky sign-in", () => {
    expect(signInOf({ userId: BREAK_GLASS_USER, signInRisk: "high", userRisk: "high" }).outcome).to.deep.equal({ kind: "allowed" });
  });
});

/**
 * The same, for a policy set written by hand in Graph's shape (for example exported from a tenant
 * with `GET /identity/conditionalAccess/policies`): no Pulumi involved, only the evaluator.
 */
describe("our hand-written guest policy (example policy specification)", () => {
  const PARTNERS = "3f0c9a7e-0000-4000-8000-0000000000e1";
  const requireMfaForGuests: ConditionalAccessPolicy = {
    displayName: "Guests: MFA, partners excepted on Teams",
    state: "enabled",
    conditions: {
      users: {
        includeUsers: ["GuestsOrExternalUsers"],
        excludeUsers: [BREAK_GLASS_USER],
        includeGroups: [],
        excludeGroups: [PARTNERS],
        includeRoles: [],
        excludeRoles: [],
      },
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ["all"],
      signInRiskLevels: [],
      userRiskLevels: [],
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  };
  const blockLegacy: ConditionalAccessPolicy = {
    ...requireMfaForGuests,
    displayName: "Everyone: no legacy authentication",
    conditions: {
      ...requireMfaForGuests.conditions,
      users: { ...requireMfaForGuests.conditions.users, includeUsers: ["All"], excludeGroups: [] },
      clientAppTypes: ["exchangeActiveSync", "other"],
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  };
  const policies = [requireMfaForGuests, blockLegacy];
  const guest: SignIn = {
    userId: "guest-1",
    groupIds: [],
    roleIds: [],
    userType: "guest",
    applicationId: KNOWN_APPS.exchangeOnline,
    clientAppType: "browser",
    signInRisk: "none",
    userRisk: "none",
  };

  it("asks a guest for MFA in Exchange Online", () => {
    expect(requiresMfa(evaluate(policies, guest))).to.equal(true);
  });

  it("lets a guest in the partners group in without MFA, as agreed with them", () => {
    expect(evaluate(policies, { ...guest, groupIds: [PARTNERS] }).outcome).to.deep.equal({ kind: "allowed" });
  });

  it("blocks IMAP for a partner too: a block wins", () => {
    expect(evaluate(policies, { ...guest, groupIds: [PARTNERS], clientAppType: "other" }).outcome).to.deep.equal({
      kind: "blocked",
      by: ["Everyone: no legacy authentication"],
    });
  });

  it("cannot lock anyone out", () => {
    expect(proveNoLockout(policies, { users: [BREAK_GLASS_USER], groups: [] })).to.deep.equal([]);
  });

  it("would lock the break-glass account out if the legacy block forgot to exclude it", () => {
    const careless = { ...blockLegacy, conditions: { ...blockLegacy.conditions, users: { ...blockLegacy.conditions.users, excludeUsers: [] } } };
    expect(proveNoLockout([requireMfaForGuests, careless], { users: [BREAK_GLASS_USER], groups: [] })).to.have.length(1);
  });
});
