import { expect } from "chai";
import { computeDrift, PolicyDrift } from "../live/drift";
import type { TenantPolicy } from "../live/tenant";
import { caNumbered, declared, HAND_MADE_IDS, handMade, p1Stack, sameNamed } from "./fixtures/brownfield";
import { tenant } from "./fixtures/tenants";

const stackOf = (ownership: Parameters<typeof p1Stack>[0] = {}) => {
  const stack = p1Stack(ownership);
  return { stack, declared: { securityDefaults: { isEnabled: false }, conditionalAccessPolicies: stack.policies }, ownership: stack.ownership! };
};
const drift = (policies: readonly TenantPolicy[], ownership: Parameters<typeof p1Stack>[0] = {}) => {
  const { declared: d, ownership: o } = stackOf(ownership);
  return computeDrift(tenant({ securityDefaults: { isEnabled: false }, policies }), d, o);
};
const statuses = (policies: readonly PolicyDrift[]) => policies.map((p) => `${p.status} ${p.displayName}`);

describe("drift by object id", () => {
  const { stack } = stackOf();

  it("matches by the ids of the state: a policy renamed in the portal is a rename, not create + unmanaged", () => {
    const policies = sameNamed(stack).map((p) => (p.id === HAND_MADE_IDS.adminMfa ? { ...p, displayName: "Admins MFA (renamed)" } : p));
    const report = drift(policies, { stateIds: HAND_MADE_IDS });
    expect(report.matchedBy).to.equal("state");
    const rename = report.policies.find((p) => p.status === "rename");
    expect(rename).to.deep.include({ displayName: declared(stack, "adminMfa").displayName, id: HAND_MADE_IDS.adminMfa, from: "Admins MFA (renamed)" });
    expect(report.policies.map((p) => p.status)).to.deep.equal(["rename", "unchanged", "unchanged", "unchanged"]);
    expect(report.drifted).to.equal(true);
  });

  it("reports a tenant matching the state by id as matching", () => {
    const report = drift(sameNamed(stack), { stateIds: HAND_MADE_IDS });
    expect(report.drifted).to.equal(false);
    expect(report.policies.every((p) => p.status === "unchanged" && p.matchedBy === "state")).to.equal(true);
  });

  it("never says matches for the baseline's names outside the state (lost state): creates, each with its adopt step", () => {
    const report = drift(sameNamed(stack), { stateIds: {} });
    expect(report.drifted).to.equal(true);
    expect(report.policies.map((p) => p.status)).to.deep.equal(["create", "create", "create", "create"]);
    const first = report.policies[0] as Extract<PolicyDrift, { status: "create" }>;
    expect(first.adoptStep).to.equal(`pulumi config set --path 'entra-baseline:adopt.adminMfa' ${HAND_MADE_IDS.adminMfa}`);
  });

  it("shows CA001…CA004 as equivalents of the policies to create, with the adopt step, not as unmanaged", () => {
    const report = drift(caNumbered(stack));
    expect(report.policies.map((p) => p.status)).to.deep.equal(["create", "create", "create", "create"]);
    const first = report.policies[0] as Extract<PolicyDrift, { status: "create" }>;
    expect(first.equivalents).to.deep.equal([{ id: HAND_MADE_IDS.adminMfa, displayName: "CA001", state: "enabled" }]);
    expect(first.adoptStep).to.contain(`adopt.adminMfa' ${HAND_MADE_IDS.adminMfa}`);
  });

  it("shows an adopted policy as adopt, with the changes pulumi up makes after the import", () => {
    const report = drift(caNumbered(stack), { adopt: HAND_MADE_IDS });
    const adopt = report.policies[0] as Extract<PolicyDrift, { status: "adopt" }>;
    expect(adopt).to.deep.include({ status: "adopt", id: HAND_MADE_IDS.adminMfa, from: "CA001" });
    expect(adopt.changes.map((c) => c.field)).to.deep.equal(["displayName"]);
    expect(report.drifted).to.equal(true);
  });

  it("never says matches while the tenant holds a same-name copy or an equivalent of a managed policy", () => {
    const copy = handMade(stack, "adminMfa", declared(stack, "adminMfa").displayName, "enabled", "e0000000-0000-4000-8000-00000000000c");
    const equivalent = handMade(stack, "allUsersMfa", "MFA everyone (old)", "enabled", "e0000000-0000-4000-8000-00000000000d");
    for (const ownership of [{}, { stateIds: HAND_MADE_IDS }]) {
      const report = drift([...sameNamed(stack), copy, equivalent], ownership);
      expect(report.drifted).to.equal(true);
      expect(statuses(report.policies.filter((p) => p.status === "duplicate"))).to.deep.equal([
        `duplicate ${declared(stack, "adminMfa").displayName}`,
        "duplicate MFA everyone (old)",
      ]);
    }
  });

  it("reports an id of the state that the tenant no longer has as create", () => {
    const report = drift(sameNamed(stack).slice(1), { stateIds: HAND_MADE_IDS });
    expect(report.policies[0]).to.deep.include({ status: "create", missingId: HAND_MADE_IDS.adminMfa });
  });

  it("leaves Microsoft-managed policies out of adoption, duplicates and drift", () => {
    const microsoft = handMade(
      stack,
      "adminMfa",
      "Microsoft-managed: Multifactor authentication for admins",
      "enabled",
      "f0000000-0000-4000-8000-000000000001",
    );
    const report = drift([...sameNamed(stack), microsoft], { stateIds: HAND_MADE_IDS });
    expect(report.drifted).to.equal(false);
    expect(report.policies.at(-1)).to.deep.include({ status: "unmanaged", microsoftManaged: true });
  });
});

describe("the drift section of the plan (formatDrift)", () => {
  const { formatDrift } = require("../format/formatDrift") as typeof import("../format/formatDrift");
  const { stack } = stackOf();

  it("names renames, duplicates, missing ids and the by-name caveat", () => {
    const policies = sameNamed(stack)
      .map((p) => (p.id === HAND_MADE_IDS.adminMfa ? { ...p, displayName: "Admins" } : p))
      .filter((p) => p.id !== HAND_MADE_IDS.blockLegacyAuth);
    const copy = handMade(stack, "allUsersMfa", "MFA everyone (old)", "enabled", "e0000000-0000-4000-8000-00000000000d");
    const wrapped = formatDrift(drift([...policies, copy], { stateIds: HAND_MADE_IDS }));
    expect(Math.max(...wrapped.split("\n").map((line) => line.length))).to.be.at.most(120);
    // A line too wide for 120 columns continues on the next, indented: read as one.
    const text = wrapped.replace(/\n {13}/g, " ");
    expect(text).to.contain(`rename     ${declared(stack, "adminMfa").displayName} (was "Admins" (${HAND_MADE_IDS.adminMfa}))`);
    expect(text).to.contain(
      `duplicate  "MFA everyone (old)" (e0000000-0000-4000-8000-00000000000d) enforces the same as ${declared(stack, "allUsersMfa").displayName}`,
    );
    expect(text).to.contain(`(${HAND_MADE_IDS.blockLegacyAuth} is in the stack's state but not in the tenant)`);
    expect(formatDrift(drift(sameNamed(stack)))).to.match(/^against the tenant: matches the stack by display name \(the stack's state was not given/);
  });
});
