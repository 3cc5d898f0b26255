import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as plan } from "../cli/plan";
import { readTenant } from "../live/readTenant";
import { runPlan } from "../plan/runPlan";
import { formatStep1 } from "../step1/formatStep1";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { mixedRegistrations } from "./graph-double/registrationDetails";
import type { GraphDouble } from "./graph-double/server";
import { runCli } from "./support/cli";
import { clientFor, useGraphDouble } from "./support/graphClient";

describe("Step 1 results in npm run plan -- --against live", () => {
  let double: GraphDouble;
  useGraphDouble((started) => ((double = started).tenant.registrationDetails = mixedRegistrations(2000)));

  const config = (authenticationMethods: unknown) => ({
    "entra-baseline:plan": "p1",
    "entra-baseline:protection": "securityDefaults",
    "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]),
    "entra-baseline:authenticationMethods": JSON.stringify(authenticationMethods),
  });
  const reader = () => (_cloud: string, raw: Record<string, unknown>) =>
    readTenant(clientFor(double), { authenticationMethods: { breakGlassUsers: (raw.breakGlassUsers as string[]) ?? [] } });

  it("carries the three results, admins apart, and the methods drift in the plan's JSON", async () => {
    const result = await runPlan({ stack: "step1", config: config({ methods: { sms: "enabled" } }), readTenant: reader() });
    expect(result.step1).to.deep.include({ available: true, pages: 3 });
    if (!result.step1?.available) throw new Error("expected the report");
    expect(result.step1.admins.users).to.equal(40);
    expect(result.step1.members.requiredBySecurityDefaults).to.equal(1960);
    expect(result.authenticationMethods!.changes.map((c) => c.field)).to.include.members([
      "methods.temporaryAccessPass",
      "systemPreferredMfa",
      "policyMigrationState",
    ]);
    expect(result.authenticationMethods!.enforcedByMicrosoft.numberMatching).to.equal("enabled");
    expect(formatStep1(result.step1)).to.contain("1. required to use MFA: 1960").and.contain("admins (40)").and.contain("gaps:");
  });

  it("refuses the stack when turning SMS off would leave users without a method", async () => {
    const error = await runPlan({ stack: "step1", config: config({}), readTenant: reader() }).catch((e) => e);
    expect(error.message).to.contain("EB-LIVE-AUTH-METHOD-OFF").and.contain("200 users and 0 admins (of 2000)");
  });

  it("the CLI prints the report, and on a tenant without P1 says what it cannot show", async () => {
    double.tenant.skus = [];
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eb-step1-")), "ca.pem");
    fs.writeFileSync(caFile, double.ca);
    const env = {
      PATH: process.env.PATH,
      AZURE_TENANT_ID: double.tenantId,
      AZURE_CLIENT_ID: double.clientId,
      AZURE_CLIENT_SECRET: double.clientSecret,
      AZURE_AUTHORITY_HOST: double.url,
      ENTRA_BASELINE_GRAPH_ENDPOINT: double.url,
      ENTRA_BASELINE_GRAPH_CA_FILE: caFile,
    };
    const run = await runCli(plan, ["--stack", EXAMPLE_STACKS.free, "--against", "live"], env);
    expect(run.stdout, run.stderr).to.contain("Step 1 results");
    expect(run.stdout).to.contain("registration details unavailable (licence)").and.contain("cannot show: who registered MFA");
    expect(run.stdout).to.contain("required to use MFA: everyone, by Security Defaults");
    expect(run.stdout).to.not.contain(double.clientSecret);
  });
});
