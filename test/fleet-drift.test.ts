import { expect } from "chai";
import { main } from "../cli/fleet";
import type { FleetResult, FleetRow } from "../fleet/result";
import { EXIT } from "../documents/errors";
import { runCli } from "./support/cli";
import { startFleetDouble, type FleetDouble, type FleetDoubleTenant } from "./graph-double/fleetDouble";
import { ownVariables, sharedEnvironment } from "./fleet/environment";
import { caFileFor } from "./support/graphClient";
import { freeStack, stacksFolder, stagingP2 } from "./fleet/stacks";
import { fleetJson } from "./fleet/results";

const rowOf = (result: FleetResult, stack: string): FleetRow => result.tenants.find((t) => t.stack === stack)!;

describe("fleet drift: every tenant read with its own credentials", () => {
  let double: FleetDouble;
  let caFile: string;
  let folder: ReturnType<typeof stacksFolder>;
  let alpha: FleetDoubleTenant;
  let bravo: FleetDoubleTenant;
  let charlie: FleetDoubleTenant;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    double = await startFleetDouble();
    caFile = caFileFor(double);
    alpha = double.addTenant();
    bravo = double.addTenant();
    charlie = double.addTenant();
    bravo.state.securityDefaults = false; // someone turned them off in the portal
    folder = stacksFolder({
      alpha: freeStack({ tags: ["tier1"] }),
      bravo: freeStack({ tags: ["tier1"], tenantId: bravo.tenantId }),
      charlie: stagingP2({ credentials: { variables: "CUSTOMER_C" } }),
    });
    env = { ...sharedEnvironment(double, caFile), ...ownVariables("ALPHA", alpha), ...ownVariables("BRAVO", bravo), ...ownVariables("CUSTOMER_C", charlie) };
  });
  after(async () => {
    folder.cleanup();
    await double.close();
  });

  it("reads each tenant, and shows each one's own drift on its row (exit 3)", async () => {
    const result = await fleetJson("drift", folder.dir, env, EXIT.drifted);
    expect(result.tenants.map((t) => [t.stack, t.status, t.tenantId, t.drift?.drifted])).to.deep.equal([
      ["alpha", "ok", alpha.tenantId, false],
      ["bravo", "ok", bravo.tenantId, true],
      ["charlie", "ok", charlie.tenantId, true],
    ]);
    expect(rowOf(result, "bravo").drift!.items).to.deep.equal([{ displayName: "Security Defaults", status: "securityDefaults" }]);
    expect(rowOf(result, "charlie").drift!.items.map((i) => i.status)).to.deep.equal(new Array(6).fill("create"));
    expect(rowOf(result, "charlie").whatif).to.deep.equal({ gaps: [], lockouts: [] });
    expect(rowOf(result, "alpha").reportOnly).to.deep.equal([]);
    expect(result.summary).to.include({ tenants: 3, ok: 3, drifted: 2 });
  });

  it("runs only the tagged tenants, and reads no other", async () => {
    const before = charlie.graphRequests;
    const run = await runCli(main, ["drift", "--stacks-dir", folder.dir, "--format", "json", "--tag", "tier1"], env);
    expect((JSON.parse(run.stdout) as FleetResult).tenants.map((t) => t.stack)).to.deep.equal(["alpha", "bravo"]);
    expect(charlie.graphRequests).to.equal(before);
  });

  it("lists the tenant's policies left report-only, with the date Graph last changed them", async () => {
    charlie.state.policies.set("p-ro", {
      id: "p-ro",
      displayName: "Legacy pilot",
      state: "enabledForReportingButNotEnforced",
      createdDateTime: "2026-01-02T03:04:05Z",
      modifiedDateTime: "2026-02-03T04:05:06Z",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    });
    try {
      const run = await runCli(main, ["drift", "--stacks-dir", folder.dir, "--format", "json"], env);
      const charlieRow = rowOf(JSON.parse(run.stdout), "charlie");
      expect(charlieRow.reportOnly).to.deep.equal([{ id: "p-ro", displayName: "Legacy pilot", since: "2026-02-03T04:05:06Z" }]);
    } finally {
      charlie.state.policies.delete("p-ro");
    }
  });
});
