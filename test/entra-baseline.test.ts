import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { EntraBaseline, EntraBaselineArgs } from "../components/entraBaseline";
import { BaselineRejectedError } from "../components/errors";
import { CONDITIONAL_ACCESS_POLICY_TYPE, SECURITY_DEFAULTS_TYPE, waitForRegistrations } from "../plan/mockEngine";

const COMPONENT_TYPE = "entra-baseline:index:EntraBaseline";
import { recorder } from "./support/mockEngine";
import { BREAK_GLASS_USER } from "./fixtures/ids";

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly dependsOn: string[];
}

/**
 * Declares the component and records each child's type, name, parent and dependsOn via a transformation
 * (which sees every resource before its children, so parents and dependencies are named by the time they are used).
 */
async function declare(args: EntraBaselineArgs) {
  recorder.reset();
  const registrations: Registration[] = [];
  const names = new Map<pulumi.Resource, string>();
  const nameOf = (resource: unknown) => names.get(resource as pulumi.Resource) ?? "(unknown resource)";
  const record: pulumi.ResourceTransformation = ({ resource, type, name, opts }) => {
    names.set(resource, name);
    const dependsOn = ([] as unknown[]).concat(opts.dependsOn ?? []);
    registrations.push({ type, name, parent: opts.parent && nameOf(opts.parent), dependsOn: dependsOn.map(nameOf) });
    return undefined;
  };
  const baseline = new EntraBaseline("contoso", args, { transformations: [record] });
  const enabled = await new Promise<boolean>((resolve) => baseline.securityDefaults.isEnabled.apply(resolve));
  await waitForRegistrations();
  return { baseline, registrations: registrations.filter((r) => r.type !== COMPONENT_TYPE), enabled };
}

describe("EntraBaseline component", () => {
  it("declares Security Defaults on, and nothing else, for a free tenant", async () => {
    const { registrations, enabled } = await declare({ plan: "free" });
    expect(enabled).to.equal(true);
    expect(registrations.map((r) => r.type)).to.deep.equal([SECURITY_DEFAULTS_TYPE]);
    expect(registrations[0]).to.deep.include({ name: "contoso-security-defaults", parent: "contoso" });
  });

  it("declares the p2 baseline: Security Defaults off, six policies, each after Security Defaults", async () => {
    const { registrations, enabled } = await declare({ plan: "p2", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled" });
    expect(enabled).to.equal(false);
    const policies = registrations.filter((r) => r.type === CONDITIONAL_ACCESS_POLICY_TYPE);
    expect(policies.map((p) => p.name)).to.deep.equal([
      "contoso-admin-mfa",
      "contoso-all-users-mfa",
      "contoso-block-legacy-auth",
      "contoso-azure-management-mfa",
      "contoso-sign-in-risk-mfa",
      "contoso-user-risk-password-change",
    ]);
    for (const p of policies) expect(p).to.deep.include({ parent: "contoso", dependsOn: ["contoso-security-defaults"] });
  });

  it("sends the provider report-only state and break-glass exclusions", async () => {
    await declare({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER] });
    const policies = recorder.resources.filter((r) => r.type === CONDITIONAL_ACCESS_POLICY_TYPE);
    expect(policies).to.have.length(4);
    for (const p of policies) {
      const inputs = p.inputs as any;
      expect(inputs.state).to.equal("enabledForReportingButNotEnforced");
      expect(inputs.conditions.users.excludedUsers).to.include(BREAK_GLASS_USER);
    }
  });

  it("disables per-user MFA only after Security Defaults and every policy, and adds the registration campaign", async () => {
    const { registrations } = await declare({
      plan: "p1",
      breakGlassUsers: [BREAK_GLASS_USER],
      policyState: "enabled",
      perUserMfa: "disable",
      registrationCampaign: true,
    });
    const perUser = registrations.find((r) => r.type === "pulumi-nodejs:dynamic/entra-baseline:PerUserMfa")!;
    expect(perUser.dependsOn).to.have.members([
      "contoso-security-defaults",
      "contoso-admin-mfa",
      "contoso-all-users-mfa",
      "contoso-block-legacy-auth",
      "contoso-azure-management-mfa",
    ]);
    // Declared: no user out of the mode, which a refresh that finds some turns into an update.
    expect(recorder.resources.find((r) => r.type === "pulumi-nodejs:dynamic/entra-baseline:PerUserMfa")!.inputs).to.deep.include({
      mode: "disable",
      usersNotInMode: 0,
    });
    const campaign = recorder.resources.find((r) => r.type === "pulumi-nodejs:dynamic/entra-baseline:RegistrationCampaign")!;
    expect(campaign.inputs).to.deep.include({ excludeUsers: [BREAK_GLASS_USER], excludeGroups: [] });
  });

  it("rejects disabling per-user MFA before anything else requires MFA", () => {
    expect(
      () => new EntraBaseline("early", { plan: "p1", protection: "conditionalAccess", breakGlassUsers: [BREAK_GLASS_USER], perUserMfa: "disable" }),
    ).to.throw(BaselineRejectedError, /EB-PER-USER-DISABLE-SAFE/);
  });

  it("exposes the settings with defaults and the guard's findings: a p1 stack that says nothing more stages safely", async () => {
    const { baseline } = await declare({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER] });
    expect(baseline.settings.protection).to.equal("securityDefaults");
    expect(baseline.settings.policyState).to.equal("reportOnly");
    expect(baseline.findings.map((f) => f.rule)).to.deep.equal(["EB-SD-STAGING"]);
  });

  it("refuses Security Defaults off with nothing enforced, unless the stack accepts the gap by name", () => {
    const off = { plan: "p1" as const, protection: "conditionalAccess" as const, breakGlassUsers: [BREAK_GLASS_USER] };
    expect(() => new EntraBaseline("gap", off)).to.throw(BaselineRejectedError, /EB-SD-PARITY[\s\S]*acceptedGaps/);
  });

  it("rejects an invalid configuration before registering anything", async () => {
    recorder.reset();
    expect(() => new EntraBaseline("bad", { plan: "p5" as never, policyState: "on" as never })).to.throw(
      BaselineRejectedError,
      /entra-baseline:plan[\s\S]*entra-baseline:policyState/,
    );
    await waitForRegistrations();
    expect(recorder.resources).to.deep.equal([]);
  });

  it("rejects a configuration the guard refuses, listing every finding, and registers nothing", async () => {
    recorder.reset();
    let error: BaselineRejectedError | undefined;
    try {
      new EntraBaseline("bad", {
        plan: "p1",
        protection: "securityDefaults",
        policyState: "enabled",
        breakGlassUsers: [BREAK_GLASS_USER],
        policies: { signInRiskMfa: {} },
      });
    } catch (err) {
      error = err as BaselineRejectedError;
    }
    expect(error).to.be.instanceOf(BaselineRejectedError);
    expect(pulumi.RunError.isInstance(error)).to.equal(true, "a RunError, so Pulumi prints no stack trace");
    expect(error!.findings.filter((f) => f.rule === "EB-SD-CA-CONFLICT")).to.have.length(5);
    expect(error!.message).to.contain("EB-LICENCE-RISK-P2");
    await waitForRegistrations();
    expect(recorder.resources).to.deep.equal([]);
  });
});

describe("BaselineGuard component", () => {
  const { BaselineGuard } = require("../components/baselineGuard") as typeof import("../components/baselineGuard");
  const { enforcedP2 } = require("./fixtures/guardInputs") as typeof import("./fixtures/guardInputs");

  it("accepts a safe policy set and exposes its findings", () => {
    const guard = new BaselineGuard("guard-ok", { input: enforcedP2() });
    expect(guard.findings).to.deep.equal([]);
  });

  it("rejects an unsafe policy set with every error", () => {
    expect(() => new BaselineGuard("guard-bad", { input: { ...enforcedP2(), breakGlassUsers: [], breakGlassGroups: [] } })).to.throw(
      BaselineRejectedError,
      /EB-BREAKGLASS-EXCLUDED/,
    );
  });
});
