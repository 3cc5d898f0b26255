import { expect } from "chai";
import * as path from "path";
import { AuthenticationMethods } from "../components/authenticationMethods";
import {
  authenticationMethodsProvider,
  checkAuthenticationMethods,
  diffAuthenticationMethods,
  readAuthenticationMethods,
} from "../components/authenticationMethodsProvider";
import { UNKNOWN_DURING_PREVIEW } from "../components/securityDefaultsProvider";
import { formatConfigIssues } from "../config/format";
import { validateConfig } from "../config/validate";
import { authenticationMethodChanges, declaredAuthenticationMethods, normalizeAuthenticationMethods } from "../policies/authenticationMethods";
import { BREAK_GLASS_USER, PILOT_GROUP } from "./fixtures/ids";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { clientFor, pipelineEnvironment, caFileFor, usePipelineEnvironment } from "./support/graphClient";
import { ProviderCall, runSerializedProvider, useSerializedProvider } from "./support/serializedProvider";

const AM_TYPE = "pulumi-nodejs:dynamic/entra-baseline:AuthenticationMethods";

function configOf(authenticationMethods: unknown) {
  const result = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], authenticationMethods });
  if (!result.ok) throw new Error(formatConfigIssues(result.issues));
  return result.config.authenticationMethods!;
}

function issuesOf(authenticationMethods: unknown) {
  const result = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], authenticationMethods });
  if (result.ok) throw new Error("expected the configuration to be rejected");
  return result.issues;
}

describe("authentication methods configuration (authenticationMethods)", () => {
  it("is not managed when the key is absent or false", () => {
    expect(validateConfig({ plan: "free" })).to.deep.include({ ok: true });
    expect((validateConfig({ plan: "free" }) as any).config.authenticationMethods).to.equal(undefined);
    expect((validateConfig({ plan: "free", authenticationMethods: false }) as any).config.authenticationMethods).to.equal(undefined);
  });

  it("takes Microsoft's guidance from {}: Authenticator, passkeys and TAP on, SMS and voice off, system-preferred MFA, migration complete", () => {
    expect(configOf({})).to.deep.equal({
      methods: { microsoftAuthenticator: "enabled", fido2: "enabled", temporaryAccessPass: "enabled", sms: "disabled", voice: "disabled" },
      disallowed: [],
      authenticatorContext: true,
      systemPreferredMfa: true,
      migrationComplete: true,
    });
  });

  it("keeps SMS for one group, and turns a disallowed method off", () => {
    const config = configOf({ methods: { sms: { group: PILOT_GROUP } }, disallowed: ["email"] });
    expect(config.methods.sms).to.deep.equal({ group: PILOT_GROUP });
    expect(config.methods.email).to.equal("disabled");
  });

  it("rejects an unknown method name, suggesting the right one", () => {
    const [issue] = issuesOf({ methods: { sms: "disabled", fido: "enabled" } });
    expect(issue.key).to.equal("entra-baseline:authenticationMethods.methods.fido");
    expect(issue.message).to.contain('did you mean "fido2"?');
  });

  it("rejects an unknown method name in disallowed, listing the names", () => {
    const [issue] = issuesOf({ disallowed: ["sms", "carrierPigeon"] });
    expect(issue.key).to.equal("entra-baseline:authenticationMethods.disallowed[1]");
    expect(issue.message).to.contain('"carrierPigeon"').and.contain("microsoftAuthenticator");
  });

  it("rejects a group id that is not a GUID, naming the key", () => {
    const [issue] = issuesOf({ methods: { sms: { group: "sales-team" } } });
    expect(issue.key).to.equal("entra-baseline:authenticationMethods.methods.sms.group");
    expect(issue.message).to.contain('"sales-team"').and.contain("GUID");
  });

  it("rejects a method setting that is neither enabled, disabled nor a group, with one message", () => {
    const issues = issuesOf({ methods: { voice: "on" } });
    expect(issues).to.have.length(1);
    expect(issues[0].key).to.equal("entra-baseline:authenticationMethods.methods.voice");
    expect(issues[0].message).to.contain("enabled, disabled, or { group");
  });

  it("rejects enabling SMS while declaring it disallowed, naming the fix", () => {
    const issues = issuesOf({ methods: { sms: "enabled", voice: { group: PILOT_GROUP } }, disallowed: ["sms", "voice"] });
    expect(issues.map((i) => i.key)).to.deep.equal(["entra-baseline:authenticationMethods.methods.sms", "entra-baseline:authenticationMethods.methods.voice"]);
    expect(issues[0].message).to.contain("set it to disabled, or remove sms from disallowed");
  });

  it("reports every bad value at once, beside other keys' errors", () => {
    const result = validateConfig({ plan: "p9", authenticationMethods: { methods: { sms: { group: "x" } }, disallowed: ["nope"], systemPreferredMfa: "yes" } });
    expect(result.ok).to.equal(false);
    const keys = (result as any).issues.map((i: any) => i.key);
    expect(keys).to.include.members([
      "entra-baseline:plan",
      "entra-baseline:authenticationMethods.methods.sms.group",
      "entra-baseline:authenticationMethods.disallowed[0]",
      "entra-baseline:authenticationMethods.systemPreferredMfa",
    ]);
  });
});

describe("authentication methods policy, Graph shapes", () => {
  it("declares the Graph state of the configuration", () => {
    const declared = declaredAuthenticationMethods(configOf({ methods: { sms: { group: PILOT_GROUP } }, migrationComplete: false }));
    expect(declared.methods.sms).to.deep.equal({ state: "enabled", target: PILOT_GROUP });
    expect(declared.methods.voice).to.deep.equal({ state: "disabled", target: "all_users" });
    expect(declared.policyMigrationState).to.equal(undefined);
    expect(declared.systemPreferredMfa).to.equal("enabled");
  });

  it("compares only what the stack declares, method by method", () => {
    const declared = declaredAuthenticationMethods(configOf({}));
    const tenant = {
      methods: { ...declared.methods, sms: { state: "enabled" as const, target: "all_users" } },
      authenticatorContext: "default" as const,
      systemPreferredMfa: "enabled" as const,
    };
    expect(authenticationMethodChanges(tenant, declared)).to.deep.equal([
      { field: "methods.sms", tenant: "enabled", declared: "disabled" },
      { field: "authenticatorContext", tenant: "default", declared: "enabled" },
      { field: "policyMigrationState", tenant: "absent", declared: "migrationComplete" },
    ]);
  });

  it("reads Graph's answer with nulls and unknown methods, and reports number matching as Microsoft enforces it", () => {
    const tenant = normalizeAuthenticationMethods({
      policyMigrationState: null,
      systemCredentialPreferences: null,
      authenticationMethodConfigurations: [
        { "@odata.type": "#microsoft.graph.hardwareOathAuthenticationMethodConfiguration", id: "HardwareOath", state: "enabled", includeTargets: [] },
        { id: "Sms", state: "enabled", includeTargets: null, excludeTargets: [] },
        { id: "MicrosoftAuthenticator", state: "enabled", featureSettings: null, includeTargets: [{ id: "all_users", targetType: "group" }] },
      ],
    });
    expect(tenant.methods).to.deep.equal({ sms: { state: "enabled", target: "all_users" }, microsoftAuthenticator: { state: "enabled", target: "all_users" } });
    expect(tenant.policyMigrationState).to.equal(undefined);
    expect(tenant.enforcedByMicrosoft.numberMatching).to.contain("enforced by Microsoft");
  });
});

describe("authentication methods provider", () => {
  describe("check", () => {
    it("accepts declared state, and values not known during a preview", () => {
      expect(checkAuthenticationMethods({ methods: { sms: { state: "disabled", target: "all_users" } } })).to.have.property("inputs");
      expect(checkAuthenticationMethods({ methods: UNKNOWN_DURING_PREVIEW })).to.have.property("inputs");
      expect(checkAuthenticationMethods({ methods: { sms: { state: "enabled", target: UNKNOWN_DURING_PREVIEW } } })).to.have.property("inputs");
    });

    it("rejects an unknown method, a bad state, a target that is not a GUID and an unknown cloud, naming each property", () => {
      const result = checkAuthenticationMethods({
        methods: { pigeon: { state: "enabled", target: "all_users" }, sms: { state: "on", target: "all_users" }, voice: { state: "enabled", target: "sales" } },
        cloud: "mars",
      });
      expect(result.failures!.map((f) => f.property)).to.deep.equal(["methods.pigeon", "methods.sms.state", "methods.voice.target", "cloud"]);
    });
  });

  describe("diff", () => {
    const base = { methods: { sms: { state: "disabled", target: "all_users" } }, systemPreferredMfa: "enabled" };
    it("updates in place when a method changes, never replaces", () => {
      expect(diffAuthenticationMethods(base, { ...base, methods: { sms: { state: "enabled", target: "all_users" } } })).to.deep.include({
        changes: true,
        replaces: [],
      });
    });
    it("sees a method added to the stack and a cloud change", () => {
      expect(diffAuthenticationMethods(base, { ...base, methods: { ...base.methods, voice: { state: "disabled", target: "all_users" } } }).changes).to.equal(
        true,
      );
      expect(diffAuthenticationMethods(base, { ...base, cloud: "china" }).changes).to.equal(true);
    });
    it("reports no change when nothing declared differs", () => {
      expect(diffAuthenticationMethods(base, { ...base, cloud: "global" }).changes).to.equal(false);
    });
  });

  describe("against the Graph double, configured only by the environment", () => {
    let double: GraphDouble;
    const declared = () => declaredAuthenticationMethods(configOf({ methods: { sms: { group: PILOT_GROUP } } }));

    beforeEach(async () => {
      double = await startGraphDouble();
    });
    afterEach(async () => {
      await double.close();
    });
    usePipelineEnvironment(() => pipelineEnvironment(double, caFileFor(double)));

    const config = (id: string) => double.tenant.authenticationMethodConfigurations.find((c) => c.id === id)!;

    it("create sets every declared method, system-preferred MFA and the migration state, and reports number matching", async () => {
      const result = await authenticationMethodsProvider.create!(declared());
      expect(result.id).to.equal("authenticationMethodsPolicy");
      expect(config("Sms")).to.deep.include({ state: "enabled" });
      expect(config("Sms").includeTargets[0].id).to.equal(PILOT_GROUP);
      expect(config("Voice").state).to.equal("disabled");
      expect(config("TemporaryAccessPass").state).to.equal("enabled");
      expect(config("MicrosoftAuthenticator").featureSettings.displayLocationInformationRequiredState.state).to.equal("enabled");
      expect(config("MicrosoftAuthenticator").featureSettings.numberMatchingRequiredState.state).to.equal("enabled");
      expect(double.tenant.authenticationMethodsPolicy.policyMigrationState).to.equal("migrationComplete");
      expect(double.tenant.authenticationMethodsPolicy.systemCredentialPreferences.state).to.equal("enabled");
      expect(result.outs.enforcedByMicrosoft).to.deep.equal({ numberMatching: "enabled" });
      // The registration campaign is another resource's: never sent here.
      expect(double.requests.filter((r) => r.method === "PATCH").every((r) => !r.body.includes("registrationEnforcement"))).to.equal(true);
    });

    it("read reports the tenant's values of the declared methods only, so a refresh shows drift", async () => {
      const result = await authenticationMethodsProvider.read!("authenticationMethodsPolicy", { methods: { sms: { state: "disabled", target: "all_users" } } });
      expect(result.props.methods).to.deep.equal({ sms: { state: "enabled", target: "all_users" } });
      expect(result.props.policyMigrationState).to.equal("preMigration");
    });

    it("read with no previous state (pulumi import) reports every method the tenant has", async () => {
      const result = await authenticationMethodsProvider.read!("authenticationMethodsPolicy", undefined as any);
      expect(Object.keys(result.props.methods)).to.have.members([
        "microsoftAuthenticator",
        "fido2",
        "temporaryAccessPass",
        "sms",
        "voice",
        "email",
        "softwareOath",
      ]);
    });

    it("update turns SMS off for everyone", async () => {
      await authenticationMethodsProvider.update!("authenticationMethodsPolicy", declared(), {
        ...declared(),
        methods: { sms: { state: "disabled", target: "all_users" } },
      });
      expect(config("Sms").state).to.equal("disabled");
    });

    it("delete leaves the tenant as it is", async () => {
      await authenticationMethodsProvider.delete!("authenticationMethodsPolicy", declared());
      expect(double.graphRequests()).to.deep.equal([]);
    });

    it("rejects a missing write permission, naming Policy.ReadWrite.AuthenticationMethod", async () => {
      double.tenant.permissions.delete("Policy.ReadWrite.AuthenticationMethod");
      let message = "";
      await authenticationMethodsProvider.create!(declared()).catch((err: Error) => (message = err.message));
      expect(message).to.contain("403").and.contain("Policy.ReadWrite.AuthenticationMethod");
    });

    it("reads with the least-privileged Policy.Read.AuthenticationMethod, and names it on 403", async () => {
      double.tenant.permissions = new Set(["Policy.Read.AuthenticationMethod"]);
      const client = clientFor(double);
      expect((await readAuthenticationMethods(client)).methods.sms).to.deep.equal({ state: "enabled", target: "all_users" });
      double.tenant.permissions = new Set();
      const message = await readAuthenticationMethods(client).then(
        () => "",
        (err: Error) => err.message,
      );
      expect(message).to.contain("Policy.Read.AuthenticationMethod");
    });
  });

  describe("as Pulumi serializes it", () => {
    const served = useSerializedProvider(() => new AuthenticationMethods("serialized-am", declaredAuthenticationMethods(configOf({}))), AM_TYPE);

    const run = (calls: ProviderCall[]) =>
      runSerializedProvider(path.join(served.dir, "provider.js"), calls, pipelineEnvironment(served.double, path.join(served.dir, "ca.pem")));

    it("holds code, not credentials, and requires node_modules at run time", () => {
      expect(served.text).to.not.contain("canary-secret-never-serialized");
      expect(served.text.length).to.be.below(100_000);
      const required = [...served.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      expect([...new Set(required)].sort()).to.deep.equal(["@azure/core-rest-pipeline", "@azure/identity", "ajv", "fs"]);
    });

    it("creates and reads the policy in a fresh process, from the environment alone", async function () {
      this.timeout(60000);
      const inputs = declaredAuthenticationMethods(configOf({}));
      const [created, read] = await run([
        { method: "create", args: [inputs] },
        { method: "read", args: ["authenticationMethodsPolicy", inputs] },
      ]);
      expect(created.thrown).to.equal(undefined);
      expect(served.double.tenant.authenticationMethodConfigurations.find((c) => c.id === "Sms")!.state).to.equal("disabled");
      expect(read.thrown).to.equal(undefined);
      expect((read.result as { props: { methods: { sms: unknown } } }).props.methods.sms).to.deep.equal({ state: "disabled", target: "all_users" });
    });

    it("names the permission when Graph answers 403, as a real Error", async function () {
      this.timeout(60000);
      served.double.tenant.permissions.delete("Policy.ReadWrite.AuthenticationMethod");
      const [failed] = await run([{ method: "update", args: ["authenticationMethodsPolicy", {}, declaredAuthenticationMethods(configOf({}))] }]);
      expect(failed.thrown?.message).to.contain("Policy.ReadWrite.AuthenticationMethod");
      expect(failed.thrown?.isError).to.equal(true);
    });
  });
});

describe("authentication methods in the offline plan", () => {
  it("declares the AuthenticationMethods resource with Microsoft's guidance, warning about the migration", async () => {
    const { runPlan } = require("../plan/runPlan") as typeof import("../plan/runPlan");
    const result = await runPlan({ stack: "am", config: { "entra-baseline:plan": "free", "entra-baseline:authenticationMethods": "{}" } });
    const am = result.resources.find((r) => r.type === AM_TYPE)!;
    expect(am.inputs.methods).to.deep.include({ sms: { state: "disabled", target: "all_users" }, fido2: { state: "enabled", target: "all_users" } });
    expect(am.inputs.policyMigrationState).to.equal("migrationComplete");
    expect(result.findings.map((f) => f.rule)).to.include("EB-AUTH-MIGRATION");
  });

  it("refuses a stack that turns off every method break-glass accounts rely on, deploying nothing", async () => {
    const { runPlan } = require("../plan/runPlan") as typeof import("../plan/runPlan");
    const off = { microsoftAuthenticator: "disabled", fido2: "disabled", softwareOath: "disabled" };
    const error = await runPlan({
      stack: "am",
      config: { "entra-baseline:plan": "free", "entra-baseline:authenticationMethods": JSON.stringify({ methods: off }) },
    }).catch((e) => e);
    expect(error.message).to.contain("EB-AUTH-KEEP-A-METHOD").and.contain("authenticationMethods.methods");
  });
});
