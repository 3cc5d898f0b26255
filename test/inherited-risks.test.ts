import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { exportTenant, main as exportMain } from "../cli/export";
import { runPlan } from "../plan/runPlan";
import { readTenant } from "../live/readTenant";
import { decideBaseline } from "../components/decideBaseline";
import { policyContentHash } from "../components/inheritedRisks";
import { validateConfig } from "../config/validate";
import type { GraphDouble } from "./graph-double/server";
import { DEVICE_ID, riskyTenant } from "./fixtures/exportTenant";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { caFileFor, clientFor, pipelineEnvironment, useGraphDouble } from "./support/graphClient";
import { runCli } from "./support/cli";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "eb-inherited-"));

describe("inherited risk vs new risk (inheritedRisks)", () => {
  let double: GraphDouble;
  useGraphDouble((started) => riskyTenant((double = started).tenant));

  /** Exports the tenant to a stack file (break-glass confirmed, as a reader would) and returns its config for editing. */
  async function exported(dir: string): Promise<Record<string, any>> {
    const { text } = await exportTenant(clientFor(double), "risky");
    const doc = parse(text);
    doc.config["entra-baseline:breakGlassConfirmed"] = true;
    fs.writeFileSync(path.join(dir, "Pulumi.risky.yaml"), stringify(doc));
    return doc;
  }
  const rewrite = (dir: string, doc: Record<string, any>) => fs.writeFileSync(path.join(dir, "Pulumi.risky.yaml"), stringify(doc));
  const plan = (dir: string) => runPlan({ stack: "risky", stacksDir: dir, readTenant: () => readTenant(clientFor(double)) });

  it("lists the inherited risk the export finds, bound to the policy's tenant id and content hash", async () => {
    const dir = tempDir();
    const env = pipelineEnvironment(double, caFileFor(double));
    const run = await runCli(exportMain, ["--against", "live", "--stack", "risky", "--stacks-dir", dir], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.contain("export: inherited risk [EB-LOCKOUT-PROOF] in adminsNeedACompliantDevice: a simulated sign-in of a Global Administrator");
    const [risk] = parse(fs.readFileSync(path.join(dir, "Pulumi.risky.yaml"), "utf8")).config["entra-baseline:inheritedRisks"];
    expect(risk.rule).to.equal("EB-LOCKOUT-PROOF");
    expect(risk.finding).to.contain('"Admins need a compliant device"').and.contain("exclude the role from that policy");
    expect(risk.policies).to.deep.equal({
      adminsNeedACompliantDevice: { id: DEVICE_ID, sha256: policyContentHash(double.tenant.policies.get(DEVICE_ID)!) },
    });
  });

  it("shows it, unchanged, as an inherited risk with its fix: the plan is accepted and matches the tenant", async () => {
    const dir = tempDir();
    await exported(dir);
    const result = await plan(dir);
    const inherited = result.findings.filter((f) => f.inherited);
    expect(inherited.map((f) => [f.rule, f.severity])).to.deep.equal([["EB-LOCKOUT-PROOF", "warning"]]);
    expect(inherited[0].message).to.match(/^inherited risk, unchanged since the export \(customPolicies\.adminsNeedACompliantDevice\): /);
    expect(inherited[0].message).to.contain("exclude the role from that policy, or narrow it");
    expect(result.drift!.drifted).to.equal(false);
  });

  it("refuses the stack once the risky policy changes in the stack, as any new risk", async () => {
    const dir = tempDir();
    const doc = await exported(dir);
    doc.config["entra-baseline:customPolicies"].adminsNeedACompliantDevice.conditions.clientAppTypes = ["browser", "mobileAppsAndDesktopClients"];
    rewrite(dir, doc);
    const err = await plan(dir).catch((e) => e);
    expect(err.findings.filter((f: { severity: string }) => f.severity === "error").map((f: { rule: string }) => f.rule)).to.include("EB-LOCKOUT-PROOF");
    expect(err.message).to.contain("not inherited any more: customPolicies.adminsNeedACompliantDevice changed since the export");
  });

  it("refuses it once the tenant's policy changes in the portal, even with the stack as exported", async () => {
    const dir = tempDir();
    await exported(dir);
    double.tenant.policies.get(DEVICE_ID)!.conditions.users.excludeRoles = ["fe930be7-5e62-47db-91af-98c3a49a38b1"];
    const err = await plan(dir).catch((e) => e);
    expect(err.message).to.contain(`not inherited any more: tenant policy ${DEVICE_ID} changed since the export`);
  });

  it("cannot excuse a new policy: a copy of the risky one is a new risk, and naming it in inheritedRisks is refused by key", async () => {
    const dir = tempDir();
    const doc = await exported(dir);
    const custom = doc.config["entra-baseline:customPolicies"];
    const { id: _id, ...copy } = custom.adminsNeedACompliantDevice;
    custom.adminsCopy = { ...copy, displayName: "Admins need a compliant device (copy)" };
    rewrite(dir, doc);
    const err = await plan(dir).catch((e) => e);
    expect(err.findings.find((f: { rule: string; severity: string }) => f.rule === "EB-LOCKOUT-PROOF" && f.severity === "error").message).to.contain("(copy)");
    const [risk] = doc.config["entra-baseline:inheritedRisks"];
    const forged = validateConfig({
      ...Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k.replace("entra-baseline:", ""), v])),
      inheritedRisks: [{ ...risk, policies: { adminsCopy: risk.policies.adminsNeedACompliantDevice } }],
    });
    expect(forged.ok ? [] : forged.issues.map((i) => `${i.key}: ${i.message}`)).to.deep.equal([
      `entra-baseline:inheritedRisks[0].policies.adminsCopy: was exported from tenant policy ${DEVICE_ID}, ` +
        "but customPolicies.adminsCopy creates a new policy (no id); " +
        "an inherited risk holds only for the tenant policy it was found in: fix the policy, then remove the entry",
    ]);
  });

  it("keeps the risk an error at pulumi up when the tenant was not read, and a warning in a preview", async () => {
    const dir = tempDir();
    const doc = await exported(dir);
    const raw = Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k.replace("entra-baseline:", ""), v]));
    const preview = decideBaseline(raw, "preview");
    expect(preview.ok).to.equal(true);
    const update = decideBaseline(raw, "update");
    expect(update.ok).to.equal(false);
    const lockout = (update.ok ? [] : update.findings).find((f) => f.rule === "EB-LOCKOUT-PROOF")!;
    expect([lockout.severity, lockout.message]).to.satisfy(
      ([severity, message]: [string, string]) => severity === "error" && message.includes("did not read the tenant"),
    );
  });

  it("says when an inherited risk is fixed: info, remove the entry", async () => {
    const dir = tempDir();
    const doc = await exported(dir);
    doc.config["entra-baseline:customPolicies"].adminsNeedACompliantDevice.state = "disabled";
    rewrite(dir, doc);
    double.tenant.policies.get(DEVICE_ID)!.state = "disabled";
    const result = await plan(dir);
    expect(result.findings.filter((f) => f.rule === "EB-LOCKOUT-PROOF").map((f) => [f.severity, f.message])).to.deep.equal([
      ["info", "inheritedRisks[0] (adminsNeedACompliantDevice) is no longer found: the risk is fixed; remove the entry"],
    ]);
  });

  it("rejects a malformed entry by key with the fix: a hash that is not SHA-256, an unknown policy key", () => {
    const result = validateConfig({
      plan: "p1",
      breakGlassUsers: [BREAK_GLASS_USER],
      inheritedRisks: [
        { rule: "EB-LOCKOUT-PROOF", finding: "x", policies: { a: { id: DEVICE_ID, sha256: "abc" } } },
        { rule: "EB-LOCKOUT-PROOF", finding: "x", policies: { nowhere: { id: DEVICE_ID, sha256: "0".repeat(64) } } },
      ],
    });
    const issues = result.ok ? [] : result.issues.map((i) => `${i.key}: ${i.message}`);
    expect(issues.find((i) => i.startsWith("entra-baseline:inheritedRisks[0].policies.a.sha256:"))).to.contain("64 lower-case hex digits");
    const semantic = validateConfig({
      plan: "p1",
      breakGlassUsers: [BREAK_GLASS_USER],
      inheritedRisks: [{ rule: "EB-LOCKOUT-PROOF", finding: "x", policies: { nowhere: { id: DEVICE_ID, sha256: "0".repeat(64) } } }],
    });
    expect(semantic.ok ? [] : semantic.issues.map((i) => i.key)).to.deep.equal(["entra-baseline:inheritedRisks[0].policies.nowhere"]);
  });
});
