import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { EntraBaseline, EntraBaselineArgs } from "../components/entraBaseline";
import { BaselineRejectedError } from "../components/errors";
import { CONDITIONAL_ACCESS_POLICY_TYPE, waitForRegistrations } from "../plan/mockEngine";
import { main } from "../program";
import { recorder } from "./support/mockEngine";
import { caNumbered, HAND_MADE_IDS, p1Stack } from "./fixtures/brownfield";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER, SERVICE_ACCOUNT } from "./fixtures/ids";
import { tenant } from "./fixtures/tenants";

const P1_AT_CUTOVER = { plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], breakGlassGroups: [BREAK_GLASS_GROUP], policyState: "enabled" } as const;
const handMadeTenant = () => tenant({ securityDefaults: { isEnabled: false }, policies: caNumbered(p1Stack()) });

async function declare(args: Partial<EntraBaselineArgs>) {
  recorder.reset();
  const baseline = new EntraBaseline("contoso", { ...P1_AT_CUTOVER, ...args } as EntraBaselineArgs);
  const ids = await Promise.all(
    Object.entries(baseline.policies).map(([key, p]) => new Promise<[string, string]>((resolve) => p!.id.apply((id) => resolve([key, id])))),
  );
  await waitForRegistrations();
  return { baseline, policies: recorder.resources.filter((r) => r.type === CONDITIONAL_ACCESS_POLICY_TYPE), ids: Object.fromEntries(ids) };
}

async function rejection(args: Partial<EntraBaselineArgs>): Promise<BaselineRejectedError> {
  recorder.reset();
  let error: BaselineRejectedError | undefined;
  try {
    new EntraBaseline("contoso", { ...P1_AT_CUTOVER, ...args } as EntraBaselineArgs);
  } catch (err) {
    error = err as BaselineRejectedError;
  }
  await waitForRegistrations();
  expect(recorder.resources, "nothing is registered").to.deep.equal([]);
  expect(error).to.be.instanceOf(BaselineRejectedError);
  return error!;
}

describe("adopt: existing tenant policies become the stack's, under Pulumi's mock engine", () => {
  it("passes each adopted id as the import option and declares no new policy for it", async () => {
    const { policies, ids } = await declare({ adopt: HAND_MADE_IDS, liveTenant: handMadeTenant() });
    expect(policies.map((p) => [p.name, p.importId])).to.have.deep.members([
      ["contoso-admin-mfa", HAND_MADE_IDS.adminMfa],
      ["contoso-all-users-mfa", HAND_MADE_IDS.allUsersMfa],
      ["contoso-block-legacy-auth", HAND_MADE_IDS.blockLegacyAuth],
      ["contoso-azure-management-mfa", HAND_MADE_IDS.azureManagementMfa],
    ]);
    expect(ids, "the policyIds output names the adopted policies").to.deep.equal(HAND_MADE_IDS);
    expect((policies[0].inputs as { displayName: string }).displayName, "brought to the baseline shape").to.match(/^entra-baseline: /);
  });

  it("imports only the adopted policies; the others are created", async () => {
    const { policies } = await declare({ adopt: { blockLegacyAuth: HAND_MADE_IDS.blockLegacyAuth }, liveTenant: handMadeTenant() });
    expect(policies.filter((p) => p.importId).map((p) => p.name)).to.deep.equal(["contoso-block-legacy-auth"]);
    expect(policies).to.have.length(4);
  });

  it("adopts a policy that differs once its change is accepted", async () => {
    const live = handMadeTenant();
    const wider = live.policies.map((p) =>
      p.id === HAND_MADE_IDS.allUsersMfa ? { ...p, conditions: { ...p.conditions, users: { ...p.conditions.users, excludeUsers: [SERVICE_ACCOUNT] } } } : p,
    );
    const { policies } = await declare({
      adopt: { allUsersMfa: { id: HAND_MADE_IDS.allUsersMfa, acceptChanges: true } },
      liveTenant: { ...live, policies: wider },
    });
    expect(policies.find((p) => p.name === "contoso-all-users-mfa")!.importId).to.equal(HAND_MADE_IDS.allUsersMfa);
  });

  it("rejects an id that is not in the tenant, naming the key, and registers nothing", async () => {
    const error = await rejection({ adopt: { adminMfa: "e0000000-0000-4000-8000-000000000009" }, liveTenant: handMadeTenant() });
    expect(error.message).to.contain("entra-baseline:adopt.adminMfa").and.contain("no Conditional Access policy has id e0000000-0000-4000-8000-000000000009");
  });

  it("rejects one tenant policy adopted as two baseline policies", async () => {
    const error = await rejection({ adopt: { adminMfa: HAND_MADE_IDS.adminMfa, allUsersMfa: HAND_MADE_IDS.adminMfa.toUpperCase() } });
    expect(error.message).to.contain("entra-baseline:adopt.allUsersMfa").and.contain("cannot be two baseline policies");
  });

  it("rejects a policy that does not enforce the same unless its change is accepted", async () => {
    const live = handMadeTenant();
    const narrower = live.policies.map((p) =>
      p.id === HAND_MADE_IDS.adminMfa
        ? { ...p, conditions: { ...p.conditions, users: { ...p.conditions.users, includeRoles: p.conditions.users.includeRoles.slice(1) } } }
        : p,
    );
    const error = await rejection({ adopt: { adminMfa: HAND_MADE_IDS.adminMfa }, liveTenant: { ...live, policies: narrower } });
    expect(error.message).to.contain("entra-baseline:adopt.adminMfa").and.contain("conditions.users.includeRoles").and.contain("acceptChanges: true");
  });

  it("rejects adopting a policy the stack does not declare, and a malformed id", async () => {
    const undeclared = await rejection({ adopt: { signInRiskMfa: HAND_MADE_IDS.adminMfa } });
    expect(undeclared.message).to.contain("entra-baseline:adopt.signInRiskMfa").and.contain("does not declare");
    const malformed = await rejection({ adopt: { adminMfa: "CA001" } as never });
    expect(malformed.message).to.contain("entra-baseline:adopt.adminMfa").and.contain('"CA001" is not allowed');
  });

  it("reports every bad adopt entry together", async () => {
    const error = await rejection({
      adopt: { adminMfa: "e0000000-0000-4000-8000-000000000009", allUsersMfa: "e0000000-0000-4000-8000-00000000000a" },
      liveTenant: handMadeTenant(),
    });
    expect(error.findings.filter((f) => f.rule === "EB-LIVE-ADOPT")).to.have.length(2);
  });
});

describe("the program reads the ids in its own state", () => {
  afterEach(() => pulumi.runtime.setAllConfig({}));
  const configure = (config: Record<string, unknown>) =>
    pulumi.runtime.setAllConfig(
      Object.fromEntries(Object.entries(config).map(([k, v]) => [`entra-baseline:${k}`, typeof v === "string" ? v : JSON.stringify(v)])),
    );

  it("reads them only when it read the tenant, and warns about same-name copies outside them (lost state)", async () => {
    configure({ ...P1_AT_CUTOVER, liveChecks: "on" });
    let asked = 0;
    const stack = p1Stack();
    const copies = stack.ownership!.declared.map((d, i) => ({ ...d.policy, id: Object.values(HAND_MADE_IDS)[i] }));
    recorder.reset();
    const outputs = await main({
      readTenant: async () => tenant({ securityDefaults: { isEnabled: false }, policies: copies }),
      readPolicyIdsInState: async () => ((asked += 1), {}),
    });
    expect(asked).to.equal(1);
    expect(outputs.guardFindings.filter((f) => f.rule === "EB-LIVE-DUPLICATE-NAME").map((f) => f.severity)).to.deep.equal(Array(4).fill("warning"));
    configure(P1_AT_CUTOVER);
    await main({ env: {}, readPolicyIdsInState: async () => ((asked += 1), {}) });
    expect(asked, "no tenant read, no state read").to.equal(1);
    await waitForRegistrations();
  });
});

describe("pulumi up (the update phase) beside equivalents", () => {
  const { decideBaseline } = require("../components/decideBaseline") as typeof import("../components/decideBaseline");

  it("refuses creating the baseline beside enabled equivalents, each finding with its adopt line; adopting them passes", () => {
    const refused = decideBaseline({ ...P1_AT_CUTOVER }, "update", handMadeTenant(), {});
    expect(refused.ok).to.equal(false);
    const findings = refused.ok ? [] : refused.findings.filter((f) => f.severity === "error");
    expect(findings.map((f) => f.rule)).to.deep.equal(Array(4).fill("EB-LIVE-EQUIVALENT"));
    expect(findings[0].message).to.contain(`pulumi config set --path 'entra-baseline:adopt.adminMfa' ${HAND_MADE_IDS.adminMfa}`);
    expect(decideBaseline({ ...P1_AT_CUTOVER, adopt: HAND_MADE_IDS }, "update", handMadeTenant(), {}).ok).to.equal(true);
  });

  it("refuses adopt at pulumi up when the tenant was not read; warns in a preview", () => {
    const update = decideBaseline({ ...P1_AT_CUTOVER, adopt: HAND_MADE_IDS }, "update");
    const messages = update.ok ? [] : update.findings.map((f) => f.message);
    expect(messages).to.have.length(1);
    expect(messages[0]).to.match(/^entra-baseline:adopt\.adminMfa: adopting needs the tenant read/);
    const preview = decideBaseline({ ...P1_AT_CUTOVER, adopt: HAND_MADE_IDS }, "preview");
    expect(preview.ok && preview.declaration.findings.map((f) => `${f.rule} ${f.severity}`)).to.include("EB-LIVE-ADOPT warning");
  });
});
