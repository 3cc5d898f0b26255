import { expect } from "chai";
import { runPlan } from "../plan/runPlan";
import { readStackConfig } from "../documents/stackFile";
import { exitCodeOf } from "../diff/format";
import { semanticDiff } from "../diff/semanticDiff";
import { EXAMPLE_STACKS, ExamplePlan } from "./fixtures/exampleStacks";

const CUT_OVER = { "entra-baseline:protection": "conditionalAccess", "entra-baseline:policyState": "enabled" };

/** The plan of the shipped example stack on this licence plan, with config keys changed the way a pull request would change them. */
function plan(licence: ExamplePlan, changes: Record<string, string> = {}) {
  const stack = EXAMPLE_STACKS[licence];
  return runPlan({ stack, config: { ...readStackConfig(stack), ...changes } });
}

describe("semanticDiff on real plans of the shipped stacks", () => {
  it("free → p1 staging: four report-only policies added, Security Defaults stay on (exit 5)", async () => {
    const report = semanticDiff(await plan("free"), await plan("p1"));
    expect(report.changes.map((c) => [c.kind, c.weakens, c.risk])).to.deep.equal([
      ["break-glass-accounts-changed", false, "medium"],
      ...Array(4).fill(["policy-added", false, "low"]),
    ]);
    expect(exitCodeOf(report)).to.equal(5);
  });

  it("p1 staging → cut-over: Security Defaults off, taken over by four enforced policies (exit 5)", async () => {
    const report = semanticDiff(await plan("p1"), await plan("p1", CUT_OVER));
    expect(report.changes.map((c) => [c.kind, c.weakens])).to.deep.equal([["security-defaults-disabled", false], ...Array(4).fill(["state-enforced", false])]);
    expect(exitCodeOf(report)).to.equal(5);
  });

  it("p1 cut-over → rollback to staging: policies back to report-only weaken (exit 4)", async () => {
    const report = semanticDiff(await plan("p1", CUT_OVER), await plan("p1"));
    expect(report.changes.filter((c) => c.kind === "state-relaxed")).to.have.length(4);
    expect(report.changes.map((c) => c.kind)).to.include("security-defaults-enabled");
    expect(exitCodeOf(report)).to.equal(4);
  });

  it("p2 → p1 at cut-over: the risk-based policies are removed, weakening", async () => {
    const report = semanticDiff(await plan("p2", CUT_OVER), await plan("p1", CUT_OVER));
    expect(report.changes.filter((c) => c.weakens).map((c) => [c.kind, c.policy])).to.deep.equal([
      ["policy-removed", "entra-baseline: Require multifactor authentication for risky sign-ins"],
      ["policy-removed", "entra-baseline: Require password change for high-risk users"],
    ]);
  });

  it("p2 with a pilot group → without it: the all-users policies widen to all users", async () => {
    const pilot = "6b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2b4d6f";
    const report = semanticDiff(await plan("p2", { "entra-baseline:pilotGroup": pilot }), await plan("p2"));
    expect(report.changes.length).to.be.greaterThan(0);
    for (const change of report.changes) {
      expect(change).to.deep.include({ kind: "users-widened", weakens: false, risk: "low" });
      expect(change.sentence).to.equal(`now applies to all users (was group ${pilot})`);
    }
  });
});
