import { expect } from "chai";
import * as path from "path";
import { SECURITY_DEFAULTS_TYPE } from "../plan/mockEngine";
import { SecurityDefaults } from "../components/securityDefaults";
import { checkSecurityDefaults, diffSecurityDefaults, securityDefaultsProvider, UNKNOWN_DURING_PREVIEW } from "../components/securityDefaultsProvider";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { pipelineEnvironment, caFileFor, usePipelineEnvironment } from "./support/graphClient";
import { runSerializedProvider, useSerializedProvider } from "./support/serializedProvider";

describe("Security Defaults provider", () => {
  describe("check", () => {
    it("accepts a boolean isEnabled", () => {
      expect(checkSecurityDefaults({ isEnabled: false })).to.deep.equal({ inputs: { isEnabled: false } });
    });

    it("rejects an isEnabled that is not a boolean, naming the property", () => {
      expect(checkSecurityDefaults({ isEnabled: "true" }).failures).to.deep.equal([
        { property: "isEnabled", reason: 'isEnabled must be true or false, got "true"' },
      ]);
    });

    it("accepts an isEnabled not known yet during a preview, as the provider host hands it over", () => {
      const { unknownValue } = require("@pulumi/pulumi/runtime/rpc") as { unknownValue: string };
      expect(UNKNOWN_DURING_PREVIEW).to.equal(unknownValue);
      expect(checkSecurityDefaults({ isEnabled: unknownValue })).to.deep.equal({ inputs: { isEnabled: unknownValue } });
    });

    it("rejects a missing isEnabled", () => {
      expect(checkSecurityDefaults({}).failures).to.deep.equal([{ property: "isEnabled", reason: "isEnabled must be true or false, got undefined" }]);
    });

    it("rejects an unknown cloud", () => {
      expect(checkSecurityDefaults({ isEnabled: true, cloud: "mars" }).failures![0].property).to.equal("cloud");
    });
  });

  describe("diff", () => {
    it("updates in place when isEnabled changes, never replaces", () => {
      expect(diffSecurityDefaults({ isEnabled: true }, { isEnabled: false })).to.deep.include({ changes: true, replaces: [] });
    });

    it("reports a change, never a replacement, when the cloud changes or isEnabled is not known yet", () => {
      expect(diffSecurityDefaults({ isEnabled: true }, { isEnabled: true, cloud: "usgovernment" })).to.deep.include({ changes: true, replaces: [] });
      expect(diffSecurityDefaults({ isEnabled: true }, { isEnabled: UNKNOWN_DURING_PREVIEW })).to.deep.include({ changes: true, replaces: [] });
    });

    it("reports no change when isEnabled stays", () => {
      expect(diffSecurityDefaults({ isEnabled: true, cloud: "global" }, { isEnabled: true })).to.deep.include({ changes: false });
    });
  });

  describe("against the Graph double, configured only by the environment", () => {
    let double: GraphDouble;
    let caFile: string;

    beforeEach(async () => {
      double = await startGraphDouble();
      caFile = caFileFor(double);
    });
    afterEach(async () => {
      await double.close();
    });
    usePipelineEnvironment(() => pipelineEnvironment(double, caFile));

    it("create takes over a tenant already at the declared value without writing (the brownfield take-over)", async () => {
      double.tenant.securityDefaults = false;
      const result = await securityDefaultsProvider.create!({ isEnabled: false });
      expect(result.outs).to.deep.include({ isEnabled: false });
      expect(double.count("PATCH", "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy")).to.equal(0);
    });

    it("create turns Security Defaults off and reports the value", async () => {
      const result = await securityDefaultsProvider.create!({ isEnabled: false });
      expect(result).to.deep.equal({ id: "identitySecurityDefaultsEnforcementPolicy", outs: { isEnabled: false, cloud: undefined } });
      expect(double.tenant.securityDefaults).to.equal(false);
    });

    it("read reports the tenant's real value, so a refresh shows drift", async () => {
      double.tenant.securityDefaults = false;
      const result = await securityDefaultsProvider.read!("identitySecurityDefaultsEnforcementPolicy", { isEnabled: true });
      expect(result.props).to.deep.equal({ isEnabled: false });
    });

    it("read with no previous state (pulumi import) reports the tenant's value", async () => {
      double.tenant.securityDefaults = false;
      const result = await securityDefaultsProvider.read!("identitySecurityDefaultsEnforcementPolicy", undefined);
      expect(result).to.deep.equal({ id: "identitySecurityDefaultsEnforcementPolicy", props: { isEnabled: false } });
    });

    it("update sets the new value", async () => {
      double.tenant.securityDefaults = false;
      await securityDefaultsProvider.update!("identitySecurityDefaultsEnforcementPolicy", { isEnabled: false }, { isEnabled: true });
      expect(double.tenant.securityDefaults).to.equal(true);
    });

    it("delete leaves the tenant as it is", async () => {
      await securityDefaultsProvider.delete!("identitySecurityDefaultsEnforcementPolicy", { isEnabled: true });
      expect(double.tenant.securityDefaults).to.equal(true);
      expect(double.graphRequests()).to.deep.equal([]);
    });

    it("rejects turning Security Defaults on while CA policies exist, with Graph's message", async () => {
      double.tenant.securityDefaults = false;
      double.tenant.policies.set("p", { id: "p", displayName: "portal policy", state: "enabledForReportingButNotEnforced", conditions: {} });
      let message = "";
      await securityDefaultsProvider.update!("id", { isEnabled: false }, { isEnabled: true }).catch((err: Error) => (message = err.message));
      expect(message).to.contain("Security defaults cannot be enabled while Conditional Access policies exist");
    });

    it("rejects a missing permission, naming Policy.ReadWrite.SecurityDefaults", async () => {
      double.tenant.permissions.delete("Policy.ReadWrite.SecurityDefaults");
      let message = "";
      await securityDefaultsProvider.create!({ isEnabled: false }).catch((err: Error) => (message = err.message));
      expect(message).to.contain("Policy.ReadWrite.SecurityDefaults");
    });

    it("rejects a wrong secret, naming the credential and never printing the secret", async () => {
      process.env.AZURE_CLIENT_SECRET = "not-the-right-secret-42";
      let message = "";
      await securityDefaultsProvider.read!("id", { isEnabled: true }).catch((err: Error) => (message = err.message));
      expect(message).to.contain(`client secret of AZURE_CLIENT_ID ${double.clientId}`);
      expect(message).to.not.contain("not-the-right-secret-42");
    });
  });

  describe("as Pulumi serializes it", () => {
    const served = useSerializedProvider(() => new SecurityDefaults("serialized", { isEnabled: false }), SECURITY_DEFAULTS_TYPE);

    it("holds code, not credentials", () => {
      expect(served.text).to.match(/^exports\.handler = /);
      expect(served.text).to.not.contain("canary-secret-never-serialized");
      expect(served.text).to.not.contain(served.double?.clientSecret ?? "secret-");
    });

    it("is small enough to live in the state of every stack: node_modules are required at run time, not inlined", () => {
      // About 27 kB today; far more means something large was captured by value.
      expect(served.text.length).to.be.below(100_000);
      const required = [...served.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      expect([...new Set(required)].sort()).to.deep.equal(["@azure/core-rest-pipeline", "@azure/identity", "ajv", "fs"]);
    });

    it("creates, reads and updates Security Defaults in a fresh process, from the environment alone", async function () {
      this.timeout(60000);
      const env = pipelineEnvironment(served.double, path.join(served.dir, "ca.pem"));
      const id = "identitySecurityDefaultsEnforcementPolicy";
      const [created, read, updated, deleted, ...rest] = await runSerializedProvider(
        path.join(served.dir, "provider.js"),
        [
          { method: "create", args: [{ isEnabled: false }] },
          { method: "read", args: [id, { isEnabled: true }] },
          { method: "update", args: [id, { isEnabled: false }, { isEnabled: true }] },
          { method: "delete", args: [id, { isEnabled: true }] },
        ],
        env,
      );
      expect([created, read, updated, deleted].map((o) => o.thrown)).to.deep.equal([undefined, undefined, undefined, undefined]);
      expect(rest).to.deep.equal([]);
      expect((read.result as { props: { isEnabled: boolean } }).props.isEnabled).to.equal(false, "read after create");
      expect(served.double.tenant.securityDefaults).to.equal(true, "updated to true, and delete leaves the tenant alone");
      const patches = served.double.graphRequests().filter((r) => r.method === "PATCH");
      expect(patches.map((r) => JSON.parse(r.body))).to.deep.equal([{ isEnabled: false }, { isEnabled: true }]);
      expect(served.double.graphRequests().at(-1)).to.equal(patches.at(-1), "delete sends Graph nothing after the update");
    });

    it("fails clearly without credentials, printing no secret", async function () {
      this.timeout(60000);
      const env = { ...pipelineEnvironment(served.double, path.join(served.dir, "ca.pem"), "bad-secret-value-77") };
      const [failed] = await runSerializedProvider(
        path.join(served.dir, "provider.js"),
        [{ method: "read", args: ["identitySecurityDefaultsEnforcementPolicy", { isEnabled: true }] }],
        env,
      );
      expect(failed.thrown?.message).to.contain("could not get a Graph token").and.not.contain("bad-secret-value-77");
      // The host logs a failed read as `${e}`: it must read as the error, not `[object Object]`.
      expect(failed.thrown?.isError).to.equal(true);
      expect(failed.thrown?.text).to.match(/^GraphRequestError: could not get a Graph token/);
    });
  });
});

describe("Security Defaults provider under Pulumi's own TypeScript loader", () => {
  it("serializes when the program is compiled by ts-node, as `pulumi up` runs it", function () {
    this.timeout(60000);
    const { spawnSync } = require("child_process") as typeof import("child_process");
    // Not measured by npm test's coverage, which is collected in mocha's workers only (test/support/parallelCoverage.js):
    // ts-node compiles the sources unlike sucrase, and coverage merged by file would mix the two.
    const run = spawnSync(
      process.execPath,
      ["-r", require.resolve("ts-node/register/transpile-only"), path.join(__dirname, "..", "bench", "programs", "serializeProvider.ts")],
      {
        cwd: path.join(__dirname, ".."),
        encoding: "utf8",
      },
    );
    expect(run.status, run.stderr).to.equal(0);
  });
});
