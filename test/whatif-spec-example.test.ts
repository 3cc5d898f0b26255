/**
 * An example of testing your own policy set with the library API: plan the stack, then state
 * what must be true of sign-ins, in words a reviewer can read. Copy it for your stacks.
 */
import { expect } from "chai";
import { runPlan } from "../cli/runPlan";
import { KNOWN_APPS } from "../whatif/applications";
import { requiresMfa } from "../whatif/evaluate";
import { planEvaluator } from "../whatif/planEvaluator";
import type { SignIn } from "../whatif/signIn";
import { BREAK_GLASS_USER } from "./fixtures/ids";

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
    signInOf = (s) =>
      evaluate({ userId: "someone", groupIds: [], roleIds: [], userType: "member", applicationId: KNOWN_APPS.lineOfBusiness, clientAppType: "browser", signInRisk: "none", userRisk: "none", ...s });
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
    expect(outcome.kind === "challenge" && outcome.requirements.some((r) => r.operator === "AND" && r.controls.some((c) => c.kind === "passwordChange"))).to.equal(true);
  });

  it("asks every guest for MFA", () => {
    expect(requiresMfa(signInOf({ userType: "guest" }))).to.equal(true);
  });

  it("lets the break-glass account in with nothing required, even on a risky sign-in", () => {
    expect(signInOf({ userId: BREAK_GLASS_USER, signInRisk: "high", userRisk: "high" }).outcome).to.deep.equal({ kind: "allowed" });
  });
});
