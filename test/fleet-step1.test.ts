import { expect } from "chai";
import { main } from "../cli/fleet";
import type { FleetResult, FleetRow } from "../fleet/result";
import { EXIT } from "../documents/errors";
import { runCli } from "./support/cli";
import { startFleetDouble, type FleetDouble, type FleetDoubleTenant } from "./graph-double/fleetDouble";
import { mixedRegistrations } from "./graph-double/registrationDetails";
import { ownVariables, sharedEnvironment } from "./fleet/environment";
import { caFileFor } from "./support/graphClient";
import { freeStack, stacksFolder, stagingP2 } from "./fleet/stacks";
import { fleetJson } from "./fleet/results";

const rowOf = (result: FleetResult, stack: string): FleetRow => result.tenants.find((t) => t.stack === stack)!;

describe("fleet step1 and report: Step 1's results per tenant", () => {
  let double: FleetDouble;
  let folder: ReturnType<typeof stacksFolder>;
  let env: NodeJS.ProcessEnv;
  let mixed: FleetDoubleTenant;
  let unlicensed: FleetDoubleTenant;

  before(async () => {
    double = await startFleetDouble();
    mixed = double.addTenant();
    mixed.state.registrationDetails = mixedRegistrations(200);
    unlicensed = double.addTenant();
    unlicensed.state.skus = [];
    folder = stacksFolder({ mixed: stagingP2(), unlicensed: freeStack() });
    env = { ...sharedEnvironment(double, caFileFor(double)), ...ownVariables("MIXED", mixed), ...ownVariables("UNLICENSED", unlicensed) };
  });
  after(async () => {
    folder.cleanup();
    await double.close();
  });

  it("shows the users required to use MFA and those registered, in %, from the registration details", async () => {
    const result = await fleetJson("step1", folder.dir, env, EXIT.ok);
    // Security Defaults on require every user; 9 of 10 users registered an MFA method (mixedRegistrations: all but i % 10 = 6).
    expect(rowOf(result, "mixed").step1).to.deep.include({ available: true, users: 200, requiredPercent: 100, registeredPercent: 90 });
    expect(rowOf(result, "unlicensed").step1).to.deep.equal({ available: false, reason: "licence", requiredBySecurityDefaults: true });
    expect(rowOf(result, "mixed")).not.to.have.any.keys("drift", "whatif");
  });

  it("report: drift, gaps and lockouts, report-only policies and Step 1 on one row", async () => {
    const run = await runCli(main, ["report", "--stacks-dir", folder.dir, "--format", "json"], env);
    expect(run.code, run.stderr).to.equal(EXIT.drifted);
    const row = rowOf(JSON.parse(run.stdout), "mixed");
    expect(row).to.include.keys("drift", "whatif", "reportOnly", "step1", "guard", "policies");
    expect(row.drift!.drifted).to.equal(true);
  });
});
