import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as plan } from "../cli/plan";
import { runPlan } from "../plan/runPlan";
import { runCli } from "./support/cli";
import { PlanRejectedError } from "../documents/errors";
import { fromProviderInputs, toProviderInputs } from "../components/providerArgs";
import { readTenant } from "../live/readTenant";
import type { GraphDouble } from "./graph-double/server";
import { clientFor, useGraphDouble } from "./support/graphClient";
import { enforcedP2, policyOf } from "./fixtures/guardInputs";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";

/** Puts a plan's policies into the double's tenant, as `pulumi up` would have. */
async function deploy(double: GraphDouble, stack: string) {
  const result = await runPlan({ stack });
  double.tenant.securityDefaults = result.securityDefaults.isEnabled;
  result.conditionalAccessPolicies.forEach((p, i) =>
    double.tenant.policies.set(`id-${i}`, { id: `id-${i}`, templateId: null, ...JSON.parse(JSON.stringify(fromProviderInputs(toProviderInputs(p)))) }),
  );
  return result;
}

describe("tenant-aware runs against the Graph double", () => {
  let double: GraphDouble;
  useGraphDouble((started) => (double = started));

  describe("readTenant", () => {
    it("reads Security Defaults, every CA policy, the SKUs and the named locations with one request per kind plus paging", async () => {
      const base = policyOf(enforcedP2().policies, "allUsersMfa");
      for (let i = 0; i < 195; i++) double.tenant.policies.set(`p${i}`, { id: `p${i}`, ...base, displayName: `policy ${i}` });
      const tenant = await readTenant(clientFor(double));
      expect(tenant.policies).to.have.length(195);
      expect(tenant.skus.map((s) => s.skuPartNumber)).to.deep.equal(["SPE_E5"]);
      const calls = double.graphRequests().map((r) => r.path.split("?")[0]);
      expect(calls.sort()).to.deep.equal([
        "/v1.0/identity/conditionalAccess/namedLocations",
        "/v1.0/identity/conditionalAccess/policies",
        "/v1.0/identity/conditionalAccess/policies",
        "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
        "/v1.0/subscribedSkus",
      ]);
    });

    it("survives a throttled burst midway", async () => {
      double.faults.push({ kind: "status", status: 429 }, { kind: "status", status: 429, retryAfterSeconds: 0 });
      expect((await readTenant(clientFor(double))).securityDefaults.isEnabled).to.equal(true);
    });
  });

  describe("plan --against live (runPlan with the tenant)", () => {
    const live = (double: GraphDouble) => () => readTenant(clientFor(double));

    it("reports a fresh tenant: every policy to create", async () => {
      const result = await runPlan({ stack: EXAMPLE_STACKS.p2, readTenant: live(double) });
      expect(result.drift!.drifted).to.equal(true);
      expect(result.drift!.policies.map((p) => p.status)).to.deep.equal(Array(6).fill("create"));
    });

    it("reports a deployed tenant as matching", async () => {
      await deploy(double, EXAMPLE_STACKS.p2);
      const result = await runPlan({ stack: EXAMPLE_STACKS.p2, readTenant: live(double) });
      expect(result.drift!.drifted).to.equal(false);
    });

    it("reports a policy changed in the portal, field by field", async () => {
      await deploy(double, EXAMPLE_STACKS.p2);
      const changed = double.tenant.policies.get("id-2")!;
      changed.conditions.users.excludeUsers = [];
      const result = await runPlan({ stack: EXAMPLE_STACKS.p2, readTenant: live(double) });
      const drift = result.drift!.policies.find((p) => p.status === "update");
      expect(drift).to.deep.include({ displayName: "entra-baseline: Block legacy authentication" });
      expect(drift && "changes" in drift ? drift.changes.map((c) => c.field) : []).to.deep.equal(["conditions.users.excludeUsers"]);
    });

    it("rejects a p2 stack in a P1 tenant before anything is declared, naming the SKUs", async () => {
      double.tenant.skus = [
        { skuPartNumber: "SPE_E3", capabilityStatus: "Enabled", servicePlans: [{ servicePlanName: "AAD_PREMIUM", provisioningStatus: "Success" }] },
      ];
      const err = await runPlan({ stack: EXAMPLE_STACKS.p2, readTenant: live(double) }).catch((e) => e);
      expect(err).to.be.instanceOf(PlanRejectedError);
      expect(err.message).to.contain("EB-LIVE-LICENCE").and.contain("SPE_E3");
    });

    it("rejects turning Security Defaults on while the tenant has a policy made in the portal", async () => {
      double.tenant.securityDefaults = false;
      double.tenant.policies.set("portal", {
        id: "portal",
        ...JSON.parse(JSON.stringify(policyOf(enforcedP2().policies, "allUsersMfa"))),
        displayName: "Block countries",
        state: "disabled",
      });
      const err = await runPlan({ stack: EXAMPLE_STACKS.free, readTenant: live(double) }).catch((e) => e);
      expect(err.message).to.contain("EB-LIVE-SD-CONFLICT").and.contain('"Block countries"');
    });
  });

  describe("the CLI (npm run plan -- --against live)", () => {
    const planCli = (args: string[], env: NodeJS.ProcessEnv) => runCli(plan, args, env);

    function pipelineEnv(): NodeJS.ProcessEnv {
      const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eb-live-")), "ca.pem");
      fs.writeFileSync(caFile, double.ca);
      return {
        PATH: process.env.PATH,
        ARM_TENANT_ID: double.tenantId,
        ARM_CLIENT_ID: double.clientId,
        ARM_CLIENT_SECRET: double.clientSecret,
        AZURE_AUTHORITY_HOST: double.url,
        ENTRA_BASELINE_GRAPH_ENDPOINT: double.url,
        ENTRA_BASELINE_GRAPH_CA_FILE: caFile,
      };
    }

    it("exits 3 when the tenant differs and 0 once it matches, never printing the secret", async function () {
      this.timeout(90000);
      const env = pipelineEnv();
      const differs = await planCli(["--stack", EXAMPLE_STACKS.p1, "--against", "live"], env);
      expect(differs.code, differs.stderr).to.equal(3);
      expect(differs.stdout).to.contain("against the tenant: differs").and.contain("create");
      expect(differs.stderr).to.contain("credential: client secret of ARM_CLIENT_ID");
      await deploy(double, EXAMPLE_STACKS.p1);
      const matches = await planCli(["--stack", EXAMPLE_STACKS.p1, "--against", "live", "--json"], env);
      expect(matches.code, matches.stderr).to.equal(0);
      expect(JSON.parse(matches.stdout).drift.drifted).to.equal(false);
      for (const output of [differs.stdout, differs.stderr, matches.stdout, matches.stderr]) expect(output).to.not.contain(double.clientSecret);
    });

    it("exits 1 with the missing permission named when the app cannot read policies", async function () {
      this.timeout(90000);
      double.tenant.permissions.delete("Policy.Read.All");
      const run = await planCli(["--stack", EXAMPLE_STACKS.p1, "--against", "live"], pipelineEnv());
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain("could not read the tenant").and.contain("Policy.Read.All");
    });
  });
});
