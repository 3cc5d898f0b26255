import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { exportTenant, main as exportMain } from "../cli/export";
import { EXIT } from "../documents/errors";
import { validateConfig } from "../config/validate";
import { buildBaselinePolicies } from "../policies/baseline";
import { runCli, spawnCli } from "./support/cli";
import { breakGlassCandidates, keyFor } from "../export/exportStack";
import { readTenant } from "../live/readTenant";
import { runPlan } from "../plan/runPlan";
import type { GraphDouble } from "./graph-double/server";
import { COUNTRIES_ID, exportableTenant, graphPolicy, OFFICE_ID } from "./fixtures/exportTenant";
import { clientFor, pipelineEnvironment, useGraphDouble } from "./support/graphClient";
import { BREAK_GLASS_USER, SERVICE_ACCOUNT } from "./fixtures/ids";

const LEGACY_ID = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d";
const tempStacks = () => fs.mkdtempSync(path.join(os.tmpdir(), "eb-export-"));

describe("npm run export -- --against live", () => {
  let double: GraphDouble;
  useGraphDouble((started) => exportableTenant((double = started).tenant));

  it("writes a stack that plan --against live, right after, shows as matching the tenant (no drift)", async () => {
    const dir = tempStacks();
    const { text } = await exportTenant(clientFor(double), "woodgrove");
    fs.writeFileSync(path.join(dir, "Pulumi.woodgrove.yaml"), text);
    const result = await runPlan({ stack: "woodgrove", stacksDir: dir, readTenant: () => readTenant(clientFor(double)) });
    expect(result.drift!.policies.filter((p) => p.status !== "unchanged").map((p) => [p.displayName, p.status])).to.deep.equal([
      ["Microsoft-managed: Multifactor authentication for admins accessing Microsoft Admin Portals", "unmanaged"],
    ]);
    expect(result.drift!.drifted).to.equal(false);
    expect(result.securityDefaults.isEnabled).to.equal(false);
    // Confirm-needed break-glass: a preview warns; pulumi up would refuse.
    expect(result.findings.filter((f) => f.rule === "EB-BREAKGLASS-UNCONFIRMED").map((f) => f.severity)).to.deep.equal(["warning"]);
  });

  it("states the plan from the SKUs, the break-glass candidates to confirm, every policy with its id and its named locations", async () => {
    const { text, exported } = await exportTenant(clientFor(double), "woodgrove");
    const config = parse(text).config;
    expect(config["entra-baseline:plan"]).to.equal("p1");
    expect(config["entra-baseline:protection"]).to.equal("conditionalAccess");
    expect(config["entra-baseline:breakGlassUsers"]).to.deep.equal([BREAK_GLASS_USER]);
    expect(config["entra-baseline:breakGlassConfirmed"]).to.equal(false);
    expect(text).to.contain("BREAK-GLASS CANDIDATES, to confirm");
    expect(Object.values(config["entra-baseline:policies"])).to.deep.equal(Array(6).fill(false));
    const custom = config["entra-baseline:customPolicies"];
    expect(Object.keys(custom)).to.deep.equal(["ca001RequireMfaForAdmins", "blockSignInsOutsideTheOffice", "blockCountries"]);
    expect(custom.blockSignInsOutsideTheOffice.id).to.equal("p-office");
    expect(custom.blockSignInsOutsideTheOffice.conditions.locations).to.deep.equal({ includeLocations: ["All"], excludeLocations: ["officeBerlin"] });
    expect(custom.blockSignInsOutsideTheOffice).not.to.have.any.keys("createdDateTime", "templateId", "sessionControls");
    expect(config["entra-baseline:namedLocations"]).to.deep.equal({
      officeBerlin: { id: OFFICE_ID, displayName: "Office Berlin", ipRanges: ["203.0.113.0/24"], trusted: true },
      blockedCountries: { id: COUNTRIES_ID, displayName: "Blocked countries", countries: ["KP", "IR"], includeUnknownCountriesAndRegions: false },
    });
    expect(exported.microsoftManaged).to.have.length(1);
    expect(text).to.contain('Not exported: "Microsoft-managed:');
  });

  it("adopts a policy equivalent to a baseline one (any name, its state kept) instead of exporting it as a custom policy", async () => {
    const config = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled" });
    if (!config.ok) throw new Error("fixture");
    const legacy = buildBaselinePolicies(config.config).find((p) => p.key === "blockLegacyAuth")!.policy;
    const portal = { ...graphPolicy(LEGACY_ID, "CA003: Block legacy authentication", "enabled"), ...JSON.parse(JSON.stringify(legacy)), id: LEGACY_ID };
    portal.displayName = "CA003: Block legacy authentication";
    double.tenant.policies.set(LEGACY_ID, portal);
    const { text, exported } = await exportTenant(clientFor(double), "woodgrove");
    expect(exported.adopt).to.deep.equal({ blockLegacyAuth: LEGACY_ID });
    const written = parse(text).config;
    expect(written["entra-baseline:adopt"]).to.deep.equal({ blockLegacyAuth: LEGACY_ID });
    // The adopted policy keeps the tenant's display name: adopting renames nothing.
    expect(written["entra-baseline:policies"].blockLegacyAuth).to.deep.equal({ state: "enabled", displayName: "CA003: Block legacy authentication" });
    expect(Object.values(written["entra-baseline:customPolicies"]).map((p: any) => p.id)).not.to.include(LEGACY_ID);
    const dir = tempStacks();
    fs.writeFileSync(path.join(dir, "Pulumi.woodgrove.yaml"), text);
    const result = await runPlan({ stack: "woodgrove", stacksDir: dir, readTenant: () => readTenant(clientFor(double)) });
    // The adopted policy is taken over by id and changes nothing: no rename, nothing created or duplicated, no drift.
    const statuses = result.drift!.policies.filter((p) => !("microsoftManaged" in p && p.microsoftManaged)).map((p) => p.status);
    expect(statuses.filter((s) => s !== "unchanged")).to.deep.equal(["adopt"]);
    const adopted = result.drift!.policies.find((p) => p.status === "adopt") as unknown as { changes: readonly { field: string }[] };
    expect(adopted.changes).to.deep.equal([]);
    expect(result.drift!.drifted).to.equal(false);
  });

  it("renames adopted policies to the baseline's names only when asked (--rename-adopted)", async () => {
    const config = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled" });
    if (!config.ok) throw new Error("fixture");
    const legacy = buildBaselinePolicies(config.config).find((p) => p.key === "blockLegacyAuth")!.policy;
    double.tenant.policies.set(LEGACY_ID, {
      ...graphPolicy(LEGACY_ID, "x", "enabled"),
      ...JSON.parse(JSON.stringify(legacy)),
      id: LEGACY_ID,
      displayName: "CA003",
    });
    const { text } = await exportTenant(clientFor(double), "woodgrove", { renameAdopted: true });
    expect(parse(text).config["entra-baseline:policies"].blockLegacyAuth).to.deep.equal({ state: "enabled" });
    const dir = tempStacks();
    fs.writeFileSync(path.join(dir, "Pulumi.woodgrove.yaml"), text);
    const result = await runPlan({ stack: "woodgrove", stacksDir: dir, readTenant: () => readTenant(clientFor(double)) });
    const adopted = result.drift!.policies.find((p) => p.status === "adopt") as unknown as { changes: readonly { field: string }[] };
    expect(adopted.changes.map((c) => c.field)).to.deep.equal(["displayName"]);
  });

  it("adopts the enforced one of two tenant policies equivalent to one baseline policy and keeps the other as a custom policy: no duplicate", async () => {
    const config = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled" });
    if (!config.ok) throw new Error("fixture");
    const legacy = JSON.parse(JSON.stringify(buildBaselinePolicies(config.config).find((p) => p.key === "blockLegacyAuth")!.policy));
    const copy = "4b5c6d7e-8f90-4a1b-8c2d-3e4f5a6b7c8d";
    double.tenant.policies.set(copy, {
      ...graphPolicy(copy, "x", "x"),
      ...legacy,
      id: copy,
      displayName: "Legacy auth (old copy)",
      state: "enabledForReportingButNotEnforced",
    });
    double.tenant.policies.set(LEGACY_ID, { ...graphPolicy(LEGACY_ID, "x", "x"), ...legacy, id: LEGACY_ID, displayName: "CA003", state: "enabled" });
    const { text, exported } = await exportTenant(clientFor(double), "woodgrove");
    expect(exported.adopt).to.deep.equal({ blockLegacyAuth: LEGACY_ID });
    expect(Object.values(exported.customPolicies).map((p) => p.id)).to.include(copy);
    const dir = tempStacks();
    fs.writeFileSync(path.join(dir, "Pulumi.woodgrove.yaml"), text);
    const result = await runPlan({ stack: "woodgrove", stacksDir: dir, readTenant: () => readTenant(clientFor(double)) });
    expect(result.drift!.policies.filter((p) => p.status === "duplicate")).to.deep.equal([]);
    expect(result.drift!.drifted).to.equal(false);
    expect(result.findings.filter((f) => f.rule === "EB-LIVE-EQUIVALENT" || f.rule === "EB-LIVE-UNMANAGED").map((f) => f.message)).to.deep.equal([]);
  });

  it("exports a policy for guest and external users, which plan --against live then shows as matching, and declares it with its guests", async () => {
    const guests = graphPolicy("p-guests", "Require MFA for guest access", "enabled");
    guests.conditions.users.includeUsers = [];
    // As Graph answers it: the tenants' @odata.type, the types in the order they were picked.
    guests.conditions.users.includeGuestsOrExternalUsers = {
      guestOrExternalUserTypes: "serviceProvider,b2bCollaborationGuest,internalGuest",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
    };
    // A condition of no type, as Graph answers one: no condition, left out of the stack file.
    guests.conditions.users.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: "none", externalTenants: null };
    double.tenant.policies.set("p-guests", guests);
    const dir = tempStacks();
    const { text, exported } = await exportTenant(clientFor(double), "woodgrove");
    expect(exported.skipped).to.deep.equal([]);
    expect(text).not.to.contain("excludeGuestsOrExternalUsers");
    fs.writeFileSync(path.join(dir, "Pulumi.woodgrove.yaml"), text);
    const result = await runPlan({ stack: "woodgrove", stacksDir: dir, readTenant: () => readTenant(clientFor(double)) });
    expect(result.drift!.policies.find((p) => p.displayName === "Require MFA for guest access")?.status).to.equal("unchanged");
    const declared = result.resources.find((r) => r.inputs.displayName === "Require MFA for guest access")!;
    expect((declared.inputs.conditions as { users: Record<string, unknown> }).users.includedGuestsOrExternalUsers).to.deep.equal([
      { guestOrExternalUserTypes: ["internalGuest", "b2bCollaborationGuest", "serviceProvider"], externalTenants: [{ membershipKind: "all" }] },
    ]);
  });

  it("writes a policy the azuread provider cannot express (an authentication context), for the Graph-backed resource to adopt", async () => {
    const contexts = graphPolicy("p-contexts", "Require compliant device for sensitive actions", "enabled");
    contexts.conditions.applications = {
      includeApplications: [],
      excludeApplications: [],
      includeUserActions: [],
      includeAuthenticationContextClassReferences: ["c1"],
    };
    double.tenant.policies.set("p-contexts", contexts);
    const { exported } = await exportTenant(clientFor(double), "woodgrove");
    expect(exported.skipped).to.deep.equal([]);
    const written = Object.values(exported.customPolicies).find((p) => p.id === "p-contexts") as Record<string, any>;
    expect(written.conditions.applications).to.deep.equal({ includeAuthenticationContextClassReferences: ["c1"] });
  });

  it("leaves out, by name and with the reason, a policy it cannot declare", async () => {
    const contexts = graphPolicy("p-contexts", "Require compliant device for sensitive actions", "enabled");
    contexts.conditions.applications = { includeApplications: [], includeAuthenticationContextClassReferences: ["c1"] };
    contexts.grantControls = { operator: "OR", builtInControls: [], customAuthenticationFactors: [], termsOfUse: [] };
    contexts.sessionControls = {
      signInFrequency: { isEnabled: true, frequencyInterval: "timeBased", authenticationType: "primaryAndSecondaryAuthentication" },
    };
    double.tenant.policies.set("p-contexts", contexts);
    const { text, exported } = await exportTenant(clientFor(double), "woodgrove");
    expect(exported.skipped.map((s) => s.id)).to.deep.equal(["p-contexts"]);
    expect(exported.skipped[0].reason).to.contain("sessionControls.signInFrequency");
    expect(text).to.contain('Not exported: "Require compliant device for sensitive actions" (p-contexts)');
  });

  it("writes stacks/Pulumi.<stack>.yaml with the environment's credentials, and refuses to overwrite it (exit 2)", async () => {
    const dir = tempStacks();
    const caFile = path.join(dir, "ca.pem");
    fs.writeFileSync(caFile, double.ca);
    const env = pipelineEnvironment(double, caFile);
    const argv = ["--against", "live", "--stack", "woodgrove", "--stacks-dir", dir];
    const written = await runCli(exportMain, argv, env);
    expect(written.code, written.stderr).to.equal(EXIT.ok);
    expect(written.stderr).to.contain("plan p1, 3 custom policies, 2 named locations").and.not.contain(double.clientSecret);
    expect(parse(fs.readFileSync(path.join(dir, "Pulumi.woodgrove.yaml"), "utf8")).config["entra-baseline:plan"]).to.equal("p1");
    const again = await runCli(exportMain, argv, env);
    expect([again.code, again.stderr.trim().split("\n").length]).to.deep.equal([EXIT.usage, 1]);
    expect(again.stderr).to.contain("exists; pass --force");
    expect((await runCli(exportMain, [...argv, "--force"], env)).code).to.equal(EXIT.ok);
  });

  it("rejects a source other than live, a bad stack name and a missing --against, each with exit 2 and one line", async () => {
    for (const argv of [
      ["--against", "prod"],
      ["--against", "live", "--stack", "../etc"],
      ["--stack", "woodgrove"],
    ]) {
      const run = await runCli(exportMain, argv, {});
      expect([run.code, run.stderr.trim().split("\n").length], run.stderr).to.deep.equal([EXIT.usage, 1]);
    }
    expect((await runCli(exportMain, ["--against", "prod"], {})).stderr).to.contain("the only source is live");
  });

  it("exits 1 with one line when the tenant cannot be read (no credentials), writing nothing", async () => {
    const dir = tempStacks();
    const run = await runCli(exportMain, ["--against", "live", "--stack", "woodgrove", "--stacks-dir", dir], {});
    expect(run.code).to.equal(EXIT.rejected);
    expect(run.stderr).not.to.match(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, "Pulumi.woodgrove.yaml"))).to.equal(false);
  });

  it("runs as npm run export does (smoke test, its own process)", function () {
    this.timeout(60000);
    const run = spawnCli("export", ["--against", "nowhere"]);
    expect([run.code, run.stderr.trim()]).to.deep.equal([
      EXIT.usage,
      "export: --against nowhere: the only source is live (the tenant of the credentials in the environment)",
    ]);
  });

  it("finds break-glass candidates among accounts excluded from every policy the stack will own, report-only and disabled included", () => {
    const a = graphPolicy("a", "A", "enabled");
    const b = graphPolicy("b", "B", "disabled");
    b.conditions.users.excludeUsers = [BREAK_GLASS_USER];
    a.conditions.users.excludeUsers = [BREAK_GLASS_USER, SERVICE_ACCOUNT];
    const reportOnly = graphPolicy("c", "C", "enabledForReportingButNotEnforced");
    reportOnly.conditions.users.excludeUsers = [SERVICE_ACCOUNT];
    expect(breakGlassCandidates([a, b])).to.deep.equal({ users: [BREAK_GLASS_USER], groups: [] });
    expect(breakGlassCandidates([a, b, reportOnly])).to.deep.equal({ users: [], groups: [] });
    // A tenant with only report-only policies gets candidates too.
    expect(breakGlassCandidates([reportOnly])).to.deep.equal({ users: [SERVICE_ACCOUNT], groups: [] });
  });

  it("leaves policies that apply to no user (workload identities) out of the candidates, as EB-BREAKGLASS-EXCLUDED does", () => {
    const a = graphPolicy("a", "A", "enabled");
    const workload = graphPolicy("w", "W", "enabled");
    workload.conditions.users = { ...workload.conditions.users, includeUsers: ["None"], excludeUsers: [] };
    workload.conditions.clientApplications = {
      includeServicePrincipals: ["ServicePrincipalsInMyTenant"],
      excludeServicePrincipals: [],
      servicePrincipalFilter: null,
    };
    expect(breakGlassCandidates([a, workload])).to.deep.equal({ users: [BREAK_GLASS_USER], groups: [] });
    expect(breakGlassCandidates([workload])).to.deep.equal({ users: [], groups: [] });
  });

  it("names keys after display names: camelCase, unique, starting with a letter", () => {
    const taken = new Set<string>();
    expect([
      keyFor("CA001: Require MFA for admins", taken, "policy"),
      keyFor("CA001: Require MFA for admins", taken, "policy"),
      keyFor("2024 rule", taken, "policy"),
    ]).to.deep.equal(["ca001RequireMfaForAdmins", "ca001RequireMfaForAdmins2", "policy2024Rule"]);
  });
});
