import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { EB_RULES, PACK_RULES } from "../components/ruleRegistry";
import { GAP_RULES } from "../config/types";
import type { GuardInput } from "../guard/input";
import { GUARD_RULES } from "../guard/rules";
import { runGuard } from "../guard/runGuard";
import { runTransitionGuard, TRANSITION_RULES } from "../guard/transitions";
import { LIVE_RULES, runLiveGuard } from "../live/rules";
import type { LiveTenant } from "../live/tenant";
import { ResourceRecorder } from "../plan/mockEngine";
import { CONDITIONAL_ACCESS_POLICY_TYPE } from "../components/resourceTypes";
import type { TenantState } from "../policies/tenantState";
import { enforcedP2 } from "./fixtures/guardInputs";
import { tenant } from "./fixtures/tenants";

const README = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
/** The README rule table's rows: id and severity column. */
const ROWS = [...README.matchAll(/^\| `(EB-[A-Z0-9-]+)` \| ([^|]*) \|/gm)].map((m) => ({ id: m[1], severity: m[2].trim() }));

const boom = () => {
  throw new Error("boom");
};
const brokenFinding = (rule: string) => ({
  rule,
  severity: "error",
  message: "the rule could not be evaluated (boom); fix the input it names or report a bug",
});

describe("the rule registry", () => {
  it("declares each rule id once", () => {
    const ids = EB_RULES.map((rule) => rule.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).to.deep.equal([]);
    expect(ids.every((id) => /^EB-[A-Z0-9]+(-[A-Z0-9]+)*$/.test(id))).to.equal(true);
  });

  it("has one README row per rule, its severity column word for word", () => {
    expect(ROWS.map((row) => row.id)).to.have.members(EB_RULES.map((rule) => rule.id));
    for (const rule of EB_RULES) expect(ROWS.find((row) => row.id === rule.id)?.severity, rule.id).to.equal(rule.severity);
  });

  it("gives every rule a one-line description and the phases it runs in", () => {
    for (const rule of EB_RULES) {
      expect(rule.description, rule.id).to.match(/^\S[^\n]+$/);
      expect(rule.phases, rule.id).to.not.be.empty;
    }
  });

  it("lists every rule the runners run: the guard's in their order, the migration-order and the live rules", () => {
    const registered = EB_RULES.map((rule) => rule.id);
    expect(registered.filter((id) => GUARD_RULES.some((rule) => rule.id === id))).to.deep.equal(GUARD_RULES.map((rule) => rule.id));
    expect(registered).to.include.members([...TRANSITION_RULES, ...LIVE_RULES].map((rule) => rule.id));
  });

  it("flags the rules the policy pack runs: guard rules only, the accepted gaps among them", () => {
    expect(EB_RULES.filter((rule) => rule.pack).map((rule) => rule.id)).to.deep.equal(PACK_RULES.map((rule) => rule.id));
    expect(PACK_RULES.every((rule) => GUARD_RULES.some((g) => g.id === rule.id && g.check === rule.check))).to.equal(true);
    expect(PACK_RULES.map((rule) => rule.id)).to.include.members([...GAP_RULES, "EB-SD-CA-CONFLICT", "EB-BREAKGLASS-EXCLUDED", "EB-LOCKOUT-PROOF"]);
  });
});

describe("the rule runner", () => {
  it("reports a guard rule that throws as an error naming it", () => {
    expect(runGuard(enforcedP2(), [{ id: "EB-BROKEN-GUARD", check: boom }])).to.deep.equal([brokenFinding("EB-BROKEN-GUARD")]);
  });

  it("reports a transition rule that throws as an error naming it", () => {
    const before: TenantState = { securityDefaults: { isEnabled: true }, policies: [] };
    expect(runTransitionGuard(before, enforcedP2(), [{ id: "EB-BROKEN-TRANSITION", check: boom }])).to.deep.equal([brokenFinding("EB-BROKEN-TRANSITION")]);
  });

  it("reports a live rule that throws as an error naming it, and still runs the others", () => {
    const live: LiveTenant = tenant();
    const findings = runLiveGuard(live, enforcedP2(), [{ id: "EB-BROKEN-LIVE", check: boom }]);
    expect(findings.filter((f) => f.rule === "EB-BROKEN-LIVE")).to.deep.equal([brokenFinding("EB-BROKEN-LIVE")]);
  });

  it("reports a provider-input rule that throws as an error naming it", () => {
    const recorder = new ResourceRecorder([{ id: "EB-BROKEN-PROVIDER", check: boom }]);
    recorder.newResource({ type: CONDITIONAL_ACCESS_POLICY_TYPE, name: "policy", inputs: {}, custom: true });
    expect(recorder.findings).to.deep.equal([brokenFinding("EB-BROKEN-PROVIDER")]);
  });

  it("stamps each finding with the id of the rule that found it", () => {
    const input: GuardInput = { ...enforcedP2(), securityDefaults: { isEnabled: true } };
    const reused = { id: "EB-STAMPED", check: () => [{ rule: "EB-OTHER", severity: "warning" as const, message: "m" }] };
    expect(runGuard(input, [reused])).to.deep.equal([{ rule: "EB-STAMPED", severity: "warning", message: "m" }]);
  });
});
