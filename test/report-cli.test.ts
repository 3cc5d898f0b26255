import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as report } from "../cli/report";
import { PRIVILEGED_ROLES } from "../policies/wellKnownIds";
import { AZURE_MANAGEMENT_APP_ID } from "../policies/wellKnownIds";
import { readStackConfig } from "../documents/stackFile";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";
import { HOSTILE_NAMES } from "./fixtures/hostileReport";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { runCli, spawnCli } from "./support/cli";
import { caFileFor, pipelineEnvironment } from "./support/graphClient";

const GLOBAL_ADMIN = Object.keys(PRIVILEGED_ROLES)[0];
const BREAK_GLASS = JSON.parse(readStackConfig(EXAMPLE_STACKS.p2)["entra-baseline:breakGlassUsers"]) as string[];

describe("report: a stack's report as one HTML page or markdown", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "eb-report-"));

  it("writes the offline report of a stack to --out and says where, with its size", async () => {
    const out = path.join(folder, "contoso.html");
    const run = await runCli(report, ["--stack", EXAMPLE_STACKS.p2, "--out", out]);
    expect(run.code, run.stderr).to.equal(0);
    const html = fs.readFileSync(out, "utf8");
    expect(html)
      .to.match(/^<!doctype html>/)
      .and.contain("Sign-in security: contoso");
    expect(run.stderr).to.equal(`report: wrote ${out} (${Buffer.byteLength(html)} bytes)\n`);
    expect(run.stdout).to.equal("");
  });

  it("runs as npm run report does: its own process, the page on stdout", () => {
    const run = spawnCli("report", ["--stack", EXAMPLE_STACKS.free]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout)
      .to.match(/^<!doctype html>/)
      .and.contain("Sign-in security: northwind");
  });

  it("prints markdown with --format md", async () => {
    const run = await runCli(report, ["--stack", EXAMPLE_STACKS.p1, "--format", "md"]);
    expect(run.code).to.equal(0);
    expect(run.stdout)
      .to.match(/^### Sign-in security plan: fabrikam/)
      .and.contain("**Lockout proof:**");
  });

  it("rejects a target other than live, an unwritable --out and an unknown stack, each with the fix", async () => {
    const against = await runCli(report, ["--stack", EXAMPLE_STACKS.p2, "--against", "tenant"]);
    expect([against.code, against.stderr]).to.deep.equal([
      2,
      "report: --against tenant: the only target is live (the tenant of the credentials in the environment)\n",
    ]);
    const out = await runCli(report, ["--stack", EXAMPLE_STACKS.p2, "--out", path.join(folder, "missing", "r.html")]);
    expect(out.code).to.equal(2);
    expect(out.stderr).to.contain("cannot write the report (ENOENT); name a file in a folder that exists");
    const unknown = await runCli(report, ["--stack", "nowhere"]);
    expect(unknown.code).to.equal(2);
  });

  describe("--against live: names from the tenant, where its permissions allow", () => {
    let double: GraphDouble;
    let env: NodeJS.ProcessEnv;
    beforeEach(async () => {
      double = await startGraphDouble();
      env = { ...pipelineEnvironment(double, caFileFor(double)), PATH: process.env.PATH };
      double.tenant.directoryObjects.set(BREAK_GLASS[0], { "@odata.type": "#microsoft.graph.user", id: BREAK_GLASS[0], displayName: HOSTILE_NAMES.script });
      double.tenant.roleDefinitions.set(GLOBAL_ADMIN, HOSTILE_NAMES.link);
      double.tenant.servicePrincipals.set(AZURE_MANAGEMENT_APP_ID, HOSTILE_NAMES.mention);
    });
    afterEach(() => double.close());

    it("names users, roles and apps as the tenant does, escaped, with one request per kind", async () => {
      const run = await runCli(report, ["--stack", EXAMPLE_STACKS.p2, "--against", "live"], env);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout)
        .to.contain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .and.contain(HOSTILE_NAMES.mention)
        .and.contain("[click me](https://evil.example/steal)");
      expect(run.stdout).to.not.contain("<script>");
      expect(run.stdout).to.contain("from the stack and the tenant as it is").and.contain("Drift");
      for (const route of ["/v1.0/directoryObjects/getByIds", "/v1.0/roleManagement/directory/roleDefinitions", "/v1.0/servicePrincipals"]) {
        expect(
          double.graphRequests().filter((r) => r.path.split("?")[0] === route),
          route,
        ).to.have.length(1);
      }
      expect(
        double.graphRequests().filter((r) => r.method !== "GET" && r.path !== "/v1.0/directoryObjects/getByIds" && !r.path.includes("$batch")),
      ).to.deep.equal([]);
    });

    it("shows well-known names and ids where Graph refuses, and says which names and why", async () => {
      double.tenant.permissions.delete("Directory.Read.All");
      double.tenant.permissions.delete("Application.Read.All");
      const run = await runCli(report, ["--stack", EXAMPLE_STACKS.p2, "--against", "live", "--format", "md"], env);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain("Windows Azure Service Management API").and.contain(`<code>${BREAK_GLASS[0]}</code>`);
      expect(run.stdout).to.contain("\\[click me\\]");
      expect(run.stdout).to.contain("names of users and groups not read from the tenant (permission refused)");
      expect(run.stdout).to.contain("names of apps not read from the tenant (permission refused)");
    });
  });
});
