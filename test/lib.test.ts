import { expect } from "chai";
import * as lib from "../lib";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { signIn } from "./fixtures/signIns";

/** A program of one's own, written against lib.ts only: the pure pieces chained as the README describes. */
function declared(raw: Record<string, unknown>) {
  const validation = lib.validateConfig(raw);
  if (!validation.ok) throw new Error(validation.issues.map((i) => `${i.key}: ${i.message}`).join("\n"));
  const policies = lib.buildBaselinePolicies(validation.config);
  return { config: validation.config, policies, graph: policies.map((p) => p.policy) };
}

/** The parts of a plan the semantic diff reads, for a declared baseline. */
function planOf(stack: string, raw: Record<string, unknown>): lib.PlanResult {
  const { config, graph } = declared(raw);
  return {
    stack,
    plan: config.plan,
    protection: config.protection,
    securityDefaults: { isEnabled: config.protection === "securityDefaults" },
    breakGlass: { users: config.breakGlassUsers, groups: config.breakGlassGroups },
    conditionalAccessPolicies: graph,
    resources: [],
    findings: [],
  };
}

const P1 = { plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled" };

describe("the library entry point (lib.ts)", () => {
  it("validates a stack and builds the plan's baseline, in POLICY_KEYS order", () => {
    const { policies } = declared(P1);
    expect(policies.map((p) => p.key)).to.deep.equal(lib.DEFAULT_POLICIES.p1);
    expect(lib.POLICY_KEYS.filter((key) => lib.DEFAULT_POLICIES.p1.includes(key))).to.deep.equal(lib.DEFAULT_POLICIES.p1);
  });

  it("guards the built policies: the enabled p1 baseline has no error, and without break-glass exclusions it has", () => {
    const { config, policies } = declared(P1);
    const input = lib.guardInputOf(config, policies);
    expect(lib.runGuard(input).filter((f) => f.severity === "error")).to.deep.equal([]);
    const unsafe = lib.runGuard({ ...input, breakGlassUsers: [], breakGlassGroups: [] });
    expect(unsafe.map((f) => f.rule)).to.include("EB-BREAKGLASS-EXCLUDED");
    expect(lib.formatRejection(unsafe)).to.match(/^entra-baseline guard refused the configuration/);
  });

  it("decides a whole stack in one call, and refuses a bad one with every config issue", () => {
    const accepted = lib.decideBaseline(P1);
    expect(accepted.ok && accepted.declaration.policies).to.have.length(4);
    const refused = lib.decideBaseline({ plan: "p4", policyState: "on" });
    expect(!refused.ok && refused.configIssues.map((i) => i.key)).to.deep.equal(["entra-baseline:plan", "entra-baseline:policyState"]);
  });

  it("evaluates sign-ins against the built policies: legacy clients blocked, the browser asked for MFA", () => {
    const { graph } = declared(P1);
    expect(lib.evaluate(graph, signIn({ clientAppType: "exchangeActiveSync" })).outcome.kind).to.equal("blocked");
    expect(lib.requiresMfa(lib.evaluate(graph, signIn()))).to.equal(true);
    expect(lib.requiresMfa(lib.evaluate(graph, signIn({ userId: BREAK_GLASS_USER })))).to.equal(false);
  });

  it("proves the p2 baseline locks nobody out, and finds the lockout when break-glass is not excluded", () => {
    const { graph } = declared({ ...P1, plan: "p2" });
    expect(lib.proveNoLockout(graph, { users: [BREAK_GLASS_USER], groups: [] })).to.deep.equal([]);
    const unexcluded = graph.map((p) => ({ ...p, conditions: { ...p.conditions, users: { ...p.conditions.users, excludeUsers: [] } } }));
    expect(lib.proveNoLockout(unexcluded, { users: [BREAK_GLASS_USER], groups: [] })).to.not.deep.equal([]);
  });

  it("diffs two plans: dropping the legacy block weakens protection", () => {
    const report = lib.semanticDiff(planOf("base", P1), planOf("head", { ...P1, policies: { blockLegacyAuth: false } }));
    expect(report.changes.map((c) => [c.kind, c.weakens])).to.deep.equal([["policy-removed", true]]);
    expect(lib.formatMarkdown(report)).to.contain("Block legacy authentication");
  });

  it("exports the vocabularies as values, with their types", () => {
    const clients: readonly lib.ClientAppType[] = lib.CLIENT_APP_TYPES;
    expect(clients).to.include("exchangeActiveSync");
    expect(lib.CLOUDS).to.deep.equal(["global", "usgovernment", "china"]);
    expect(lib.GUARD_RULES.map((r) => r.id)).to.include("EB-BREAKGLASS-EXCLUDED");
  });
});
