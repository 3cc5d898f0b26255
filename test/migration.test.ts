import { expect } from "chai";
import { decideBaseline, guardInputOf } from "../components/decideBaseline";
import type { GuardInput } from "../guard/input";
import { runTransitionGuard } from "../guard/transitions";
import type { TenantState } from "../policies/tenantState";
import { BREAK_GLASS_USER } from "./fixtures/ids";

const ALL_POLICIES_OFF = { adminMfa: false, allUsersMfa: false, blockLegacyAuth: false, azureManagementMfa: false };

/** The one update of the runbook with Security Defaults off and nothing enforced: accepted by name, with the reason. */
const ROLLBACK_GAPS = {
  "EB-SD-PARITY": { reason: "rollback step 1 (docs/migration.md): the policies go now, Security Defaults return in the next update" },
  "EB-COVERAGE-PROOF": { reason: "rollback step 1 (docs/migration.md): the policies go now, Security Defaults return in the next update" },
};

/** The runbook's stages, as stack configurations of a p1 tenant. */
const STAGES = {
  securityDefaultsOnly: { plan: "p1", protection: "securityDefaults", breakGlassUsers: [BREAK_GLASS_USER], policies: ALL_POLICIES_OFF },
  staging: { plan: "p1", protection: "securityDefaults", policyState: "reportOnly", breakGlassUsers: [BREAK_GLASS_USER] },
  cutOver: { plan: "p1", protection: "conditionalAccess", policyState: "enabled", breakGlassUsers: [BREAK_GLASS_USER] },
  rollbackRemovePolicies: {
    plan: "p1",
    protection: "conditionalAccess",
    breakGlassUsers: [BREAK_GLASS_USER],
    policies: ALL_POLICIES_OFF,
    acceptedGaps: ROLLBACK_GAPS,
  },
  rollbackSecurityDefaultsOn: { plan: "p1", protection: "securityDefaults", breakGlassUsers: [BREAK_GLASS_USER], policies: ALL_POLICIES_OFF },
} as const;

type Stage = keyof typeof STAGES;

function accepted(stage: Stage): GuardInput {
  const decision = decideBaseline({ ...STAGES[stage] });
  if (!decision.ok) throw new Error(`${stage} rejected: ${JSON.stringify(decision)}`);
  const { config, policies } = decision.declaration;
  return guardInputOf(config, policies);
}

/** The tenant after a stage was deployed. */
const deployed = (stage: Stage): TenantState => accepted(stage);

const move = (from: Stage, to: Stage) => runTransitionGuard(deployed(from), accepted(to));

describe("migration runbook: Security Defaults ⇄ Conditional Access", () => {
  describe("each stage's configuration is accepted", () => {
    for (const stage of Object.keys(STAGES) as Stage[]) {
      it(`accepts ${stage}`, () => {
        expect(() => accepted(stage)).to.not.throw();
      });
    }
  });

  describe("the documented order passes", () => {
    const order: [Stage, Stage][] = [
      ["securityDefaultsOnly", "staging"],
      ["staging", "cutOver"],
      ["cutOver", "rollbackRemovePolicies"],
      ["rollbackRemovePolicies", "rollbackSecurityDefaultsOn"],
      ["rollbackSecurityDefaultsOn", "staging"],
    ];
    for (const [from, to] of order) {
      it(`${from} → ${to}`, () => {
        expect(move(from, to).filter((f) => f.severity === "error")).to.deep.equal([]);
      });
    }
  });

  describe("the rollback's one gap", () => {
    it("is refused at step 1 unless the stack accepts it by name, with the reason", () => {
      const { acceptedGaps: _accepted, ...unaccepted } = STAGES.rollbackRemovePolicies;
      const decision = decideBaseline({ ...unaccepted });
      expect(!decision.ok && [...new Set(decision.findings.map((f) => f.rule))]).to.deep.equal(["EB-COVERAGE-PROOF", "EB-SD-PARITY"]);
    });

    it("is shown, with its reason, as a warning in every finding it softens", () => {
      const decision = decideBaseline({ ...STAGES.rollbackRemovePolicies });
      const gaps = decision.ok ? decision.declaration.findings.filter((f) => f.rule === "EB-SD-PARITY" || f.rule === "EB-COVERAGE-PROOF") : [];
      expect(gaps).to.not.be.empty;
      for (const f of gaps) (expect(f.severity).to.equal("warning"), expect(f.message).to.contain("accepted gap").and.contain("rollback step 1"));
    });

    it("refuses the acceptance once the gap is gone (step 2 left it in)", () => {
      const decision = decideBaseline({ ...STAGES.rollbackSecurityDefaultsOn, acceptedGaps: ROLLBACK_GAPS });
      expect(!decision.ok && decision.findings.map((f) => [f.rule, f.severity])).to.deep.equal([
        ["EB-ACCEPTED-GAP", "error"],
        ["EB-ACCEPTED-GAP", "error"],
      ]);
      expect(!decision.ok && decision.findings[0].message)
        .to.contain("acceptedGaps.EB-SD-PARITY")
        .and.contain("no longer exists");
    });
  });

  describe("a wrong order is refused with the runbook step", () => {
    it("rejects cut-over straight from Security Defaults, naming the staging step", () => {
      const findings = move("securityDefaultsOnly", "cutOver");
      expect(findings.map((f) => f.rule)).to.deep.equal(Array(4).fill("EB-MIGRATE-CUTOVER-UNSTAGED"));
      expect(findings[0].message).to.contain("staging step: keep protection: securityDefaults");
    });

    it("rejects turning Security Defaults on while the policies still exist, naming both rollback steps", () => {
      const findings = move("cutOver", "staging");
      expect(findings.map((f) => f.rule)).to.deep.equal(["EB-MIGRATE-ROLLBACK-ORDER"]);
      expect(findings[0].message).to.contain("Rollback step 1").and.contain("step 2");
    });

    it("rejects Security Defaults on in the same update that removes the policies", () => {
      expect(move("cutOver", "rollbackSecurityDefaultsOn").map((f) => f.rule)).to.deep.equal(["EB-MIGRATE-ROLLBACK-ORDER"]);
    });
  });

  it("is silent when Security Defaults and the policies keep their roles", () => {
    expect(move("cutOver", "cutOver")).to.deep.equal([]);
    expect(move("staging", "staging")).to.deep.equal([]);
  });
});
