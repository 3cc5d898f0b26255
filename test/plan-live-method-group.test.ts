import { expect } from "chai";
import { main as plan } from "../cli/plan";
import { EXIT } from "../documents/errors";
import { stacksFolder, stackYaml } from "./fleet/stacks";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { mixedRegistrations, userIdOf } from "./graph-double/registrationDetails";
import type { GraphDouble } from "./graph-double/server";
import { runCli } from "./support/cli";
import { caFileFor, pipelineEnvironment, useGraphDouble } from "./support/graphClient";

/** The group SMS is limited to, and a group nested in it. */
const SMS_GROUP = "9a1b2c3d-0000-4e5f-8a6b-0000000000f1";
const NESTED_GROUP = "9a1b2c3d-0000-4e5f-8a6b-0000000000f2";
const TRANSITIVE_MEMBERS = "/transitiveMembers/microsoft.graph.user";

const range = (count: number, keep: (i: number) => boolean) => Array.from({ length: count }, (_, i) => i).filter(keep);

/**
 * End to end, as a pipeline runs it: `npm run plan -- --stack sms-group --against live`, in-process, the real
 * credential and Graph client against the double. The stack keeps Security Defaults and limits SMS to a group,
 * the advice EB-LIVE-AUTH-METHOD-OFF gives; the tenant has 1000 users, the 100 of them with i % 10 == 5 registered SMS only.
 */
describe("plan --against live with an authentication method limited to a group (EB-LIVE-AUTH-METHOD-OFF accepts its own advice)", () => {
  let double: GraphDouble;
  useGraphDouble((started) => {
    double = started;
    double.tenant.registrationDetails = mixedRegistrations(1000);
  });

  async function planAgainstLive() {
    const folder = stacksFolder({
      "sms-group": stackYaml({
        plan: "p1",
        protection: "securityDefaults",
        breakGlassUsers: [BREAK_GLASS_USER],
        authenticationMethods: { methods: { sms: { group: SMS_GROUP } } },
      }),
    });
    try {
      const env = { PATH: process.env.PATH, ...pipelineEnvironment(double, caFileFor(double)) };
      return await runCli(plan, ["--stacks-dir", folder.dir, "--stack", "sms-group", "--against", "live", "--json"], env);
    } finally {
      folder.cleanup();
    }
  }

  it("passes when the group's transitive members (a nested group's included) hold every user who registered SMS only", async () => {
    const smsOnly = range(1000, (i) => i % 10 === 5).map(userIdOf);
    double.tenant.groupMembers.set(NESTED_GROUP, smsOnly.slice(50));
    double.tenant.groupMembers.set(SMS_GROUP, [...smsOnly.slice(0, 50), NESTED_GROUP, BREAK_GLASS_USER]);
    const run = await planAgainstLive();
    expect(run.stderr).to.not.contain("EB-LIVE-AUTH-METHOD-OFF");
    // The tenant still has SMS for everyone: the plan shows that drift (exit 3), and no finding.
    expect(run.code, run.stderr).to.equal(EXIT.drifted);
    const result = JSON.parse(run.stdout);
    expect(result.findings.map((f: { rule: string }) => f.rule)).to.not.include("EB-LIVE-AUTH-METHOD-OFF");
    expect(result.step1.methodGroups).to.deep.equal([SMS_GROUP]);
    expect(result.authenticationMethods.changes.map((c: { field: string }) => c.field)).to.include("methods.sms");
    // Read transitively, inside a $batch: never a request of its own.
    expect(double.innerRequests.filter((r) => r.url.includes(TRANSITIVE_MEMBERS)).map((r) => r.url.split("/")[2])).to.deep.equal([SMS_GROUP]);
    expect(double.requests.filter((r) => r.path.includes(TRANSITIVE_MEMBERS))).to.deep.equal([]);
  });

  it("rejects the stack when users outside the group registered SMS only, naming how many (exit 1)", async () => {
    // SMS-only users 5, 15, …, 695 are members, directly or through the nested group; 705, …, 995 (30 users) are not.
    const smsOnly = range(1000, (i) => i % 10 === 5).map(userIdOf);
    double.tenant.groupMembers.set(NESTED_GROUP, smsOnly.slice(40, 70));
    double.tenant.groupMembers.set(SMS_GROUP, [...smsOnly.slice(0, 40), NESTED_GROUP]);
    const run = await planAgainstLive();
    expect(run.code).to.equal(EXIT.rejected);
    expect(run.stdout).to.equal("");
    // Findings on stderr wrap within 120 columns, continuing four columns in: read each as one line.
    expect(run.stderr.replace(/\n {4}/g, " "))
      .to.contain("EB-LIVE-AUTH-METHOD-OFF")
      .and.contain("limits it to a group")
      .and.contain("30 users and 0 admins (of 1000)")
      .and.not.contain(double.clientSecret)
      .and.not.match(/\n\s+at /);
  });
});
