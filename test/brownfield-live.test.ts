import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fromProviderInputs, toProviderInputs } from "../components/providerArgs";
import { readTenant } from "../live/readTenant";
import type { PolicyDrift } from "../live/drift";
import { PlanRejectedError } from "../documents/errors";
import { runPlan } from "../plan/runPlan";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { GraphDouble } from "./graph-double/server";
import { clientFor, pipelineEnvironment, useGraphDouble } from "./support/graphClient";
import { runCli } from "./support/cli";
import { main as plan } from "../cli/plan";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER, SERVICE_ACCOUNT } from "./fixtures/ids";

const IDS = [
  "c0a00001-0000-4000-8000-000000000001",
  "c0a00001-0000-4000-8000-000000000002",
  "c0a00001-0000-4000-8000-000000000003",
  "c0a00001-0000-4000-8000-000000000004",
];
const KEYS = ["adminMfa", "allUsersMfa", "blockLegacyAuth", "azureManagementMfa"];

/** A p1 stack at cut-over, as its stack file would give it to the program. */
const cutoverConfig = (extra: Record<string, unknown> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], breakGlassGroups: [BREAK_GLASS_GROUP], policyState: "enabled", ...extra }).map(
      ([k, v]) => [`entra-baseline:${k}`, typeof v === "string" ? v : JSON.stringify(v)],
    ),
  );

/** A stack file holding a config bag. */
const writeStack = (dir: string, name: string, config: Record<string, string>) =>
  fs.writeFileSync(
    path.join(dir, `Pulumi.${name}.yaml`),
    `config:\n${Object.entries(config)
      .map(([k, v]) => `  ${k}: '${v}'`)
      .join("\n")}\n`,
  );

/** A policy as Graph stores and returns it: server fields, nulls for the conditions not set. */
function graphPolicy(policy: ConditionalAccessPolicy, id: string, displayName = policy.displayName, extra: Record<string, unknown> = {}) {
  const body = JSON.parse(JSON.stringify(fromProviderInputs(toProviderInputs(policy))));
  return {
    id,
    templateId: null,
    createdDateTime: "2025-11-02T09:00:00Z",
    modifiedDateTime: null,
    ...body,
    displayName,
    conditions: {
      ...body.conditions,
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      servicePrincipalRiskLevels: [],
      insiderRiskLevels: null,
      authenticationFlows: null,
    },
    sessionControls: body.sessionControls ?? null,
    ...extra,
  };
}

describe("brownfield tenants against the Graph double", () => {
  let double: GraphDouble;
  let baseline: ConditionalAccessPolicy[];
  const live = () => () => readTenant(clientFor(double));
  const byStatus = (policies: readonly PolicyDrift[], status: PolicyDrift["status"]) => policies.filter((p) => p.status === status);

  before(async () => {
    baseline = [...(await runPlan({ stack: "cutover", config: cutoverConfig() })).conditionalAccessPolicies];
  });
  useGraphDouble((started) => ((double = started).tenant.securityDefaults = false));

  const put = (policies: Record<string, any>[]) => policies.forEach((p) => double.tenant.policies.set(p.id, p));
  const handMade = () => baseline.map((p, i) => graphPolicy(p, IDS[i], `CA00${i + 1}`));

  it("equivalent policies under other names: each policy to create names its equivalent and the adopt step", async () => {
    put(handMade());
    const result = await runPlan({ stack: "cutover", config: cutoverConfig(), readTenant: live() });
    const creates = byStatus(result.drift!.policies, "create") as Extract<PolicyDrift, { status: "create" }>[];
    expect(creates.map((c) => c.equivalents?.[0]?.displayName)).to.deep.equal(["CA001", "CA002", "CA003", "CA004"]);
    expect(creates.map((c) => c.adoptStep)).to.deep.equal(KEYS.map((k, i) => `pulumi config set --path 'entra-baseline:adopt.${k}' ${IDS[i]}`));
    expect(byStatus(result.drift!.policies, "unmanaged")).to.deep.equal([]);
    expect(result.findings.filter((f) => f.rule === "EB-LIVE-EQUIVALENT").map((f) => f.severity)).to.deep.equal(Array(4).fill("warning"));
  });

  it("a policy that also sets a location condition is not equivalent", async () => {
    put([
      graphPolicy(baseline[1], IDS[1], "CA002", {
        conditions: { ...graphPolicy(baseline[1], IDS[1]).conditions, locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } },
      }),
    ]);
    const result = await runPlan({ stack: "cutover", config: cutoverConfig(), readTenant: live() });
    expect(result.drift!.policies.find((p) => p.displayName === "CA002")).to.deep.include({ status: "unmanaged", microsoftManaged: false });
  });

  it("adopting them: the import ids reach the engine, nothing new is declared, the drift shows adopt and the rename", async () => {
    put(handMade());
    const adopt = Object.fromEntries(KEYS.map((k, i) => [k, IDS[i]]));
    const result = await runPlan({ stack: "cutover", config: cutoverConfig({ adopt }), readTenant: live() });
    expect(result.resources.filter((r) => r.importId).map((r) => r.importId)).to.have.members(IDS);
    expect(result.conditionalAccessPolicies).to.have.length(4);
    expect(result.drift!.policies.map((p) => p.status)).to.deep.equal(["adopt", "adopt", "adopt", "adopt"]);
    expect(result.findings.filter((f) => f.severity !== "info").map((f) => f.rule)).to.not.include("EB-LIVE-EQUIVALENT");
  });

  it("rejects adopting an id the tenant does not have, naming the key", async () => {
    put(handMade());
    const err = await runPlan({
      stack: "cutover",
      config: cutoverConfig({ adopt: { adminMfa: "e0000000-0000-4000-8000-000000000009" } }),
      readTenant: live(),
    }).catch((e) => e);
    expect(err).to.be.instanceOf(PlanRejectedError);
    expect(err.message).to.contain("entra-baseline:adopt.adminMfa");
  });

  it("same-name duplicates: the second copy is a duplicate, and the tenant never matches", async () => {
    put([...baseline.map((p, i) => graphPolicy(p, IDS[i])), graphPolicy(baseline[0], "d0000000-0000-4000-8000-0000000000d1")]);
    const result = await runPlan({ stack: "cutover", config: cutoverConfig(), readTenant: live() });
    expect(result.drift!.drifted).to.equal(true);
    expect(byStatus(result.drift!.policies, "duplicate")).to.deep.equal([
      { displayName: baseline[0].displayName, status: "duplicate", id: "d0000000-0000-4000-8000-0000000000d1", of: baseline[0].displayName, sameName: true },
    ]);
    expect(result.findings.map((f) => f.rule)).to.include("EB-LIVE-DUPLICATE-NAME");
  });

  it("Microsoft-managed policies are never adopted, duplicated or drift", async () => {
    put([
      ...baseline.map((p, i) => graphPolicy(p, IDS[i])),
      graphPolicy(
        baseline[0],
        "f0000000-0000-4000-8000-000000000001",
        "Microsoft-managed: Multifactor authentication for admins accessing Microsoft Admin Portals",
      ),
    ]);
    const result = await runPlan({
      stack: "cutover",
      config: cutoverConfig(),
      readTenant: live(),
      policyIdsInState: Object.fromEntries(KEYS.map((k, i) => [k, IDS[i]])),
    });
    expect(result.drift!.drifted).to.equal(false);
    expect(result.drift!.policies.at(-1)).to.deep.include({ status: "unmanaged", microsoftManaged: true });
  });

  it("a stack whose state was lost: the baseline's names outside the state are to adopt, never 'matches'", async () => {
    put(baseline.map((p, i) => graphPolicy(p, IDS[i])));
    const result = await runPlan({ stack: "cutover", config: cutoverConfig(), readTenant: live(), policyIdsInState: {} });
    expect(result.drift!.drifted).to.equal(true);
    expect(result.drift!.policies.map((p) => p.status)).to.deep.equal(["create", "create", "create", "create"]);
    expect(result.findings.filter((f) => f.rule === "EB-LIVE-DUPLICATE-NAME").map((f) => f.severity)).to.deep.equal(Array(4).fill("warning"));
  });

  it("the CLI with --state: exits 3 for the lost state and prints the adopt steps; rejects a bad state file", async function () {
    this.timeout(120000);
    put(baseline.map((p, i) => graphPolicy(p, IDS[i])));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-brownfield-"));
    fs.writeFileSync(path.join(dir, "ca.pem"), double.ca);
    writeStack(dir, "cutover", cutoverConfig());
    fs.writeFileSync(path.join(dir, "outputs.json"), JSON.stringify({ securityDefaultsEnabled: false }));
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ policyIds: ["x"] }));
    const env = { PATH: process.env.PATH, ...pipelineEnvironment(double, path.join(dir, "ca.pem")) };
    const run = (args: string[]) => runCli(plan, ["--stack", "cutover", "--stacks-dir", dir, ...args], env);
    const lost = await run(["--against", "live", "--state", path.join(dir, "outputs.json")]);
    expect(lost.code, lost.stderr).to.equal(3);
    expect(lost.stdout)
      .to.contain("against the tenant: differs")
      .and.contain(`adopt it instead:\n               pulumi config set --path 'entra-baseline:adopt.adminMfa' ${IDS[0]}\n`);
    const adopt = { adminMfa: IDS[0], allUsersMfa: { id: "c0a00001-0000-4000-8000-0000000000ca", acceptChanges: true } };
    const narrowed = graphPolicy(baseline[1], "c0a00001-0000-4000-8000-0000000000ca", "CA002");
    put([
      graphPolicy(baseline[0], IDS[0], "CA001"),
      {
        ...narrowed,
        conditions: {
          ...narrowed.conditions,
          users: { ...narrowed.conditions.users, excludeUsers: [...narrowed.conditions.users.excludeUsers, SERVICE_ACCOUNT] },
        },
      },
    ]);
    writeStack(dir, "adopting", cutoverConfig({ adopt }));
    const adopting = await runCli(plan, ["--stack", "adopting", "--stacks-dir", dir, "--against", "live"], env);
    expect(adopting.code, adopting.stderr).to.equal(3);
    expect(adopting.stdout).to.contain(`adopt      ${baseline[0].displayName} ← "CA001"`);
    expect(adopting.stdout).to.contain(`adopting "CA001" as ${baseline[0].displayName}: enforces the same, only the name changes`);
    expect(adopting.stdout).to.match(/adopting "CA002" as .*: 1 change\(s\)\n  .*8e4a5f6b-0000-4d9e-9f2a-0000000000d1/);
    const bad = await run(["--against", "live", "--state", path.join(dir, "bad.json")]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain("--state").and.contain("pulumi stack output --json");
  });
});
