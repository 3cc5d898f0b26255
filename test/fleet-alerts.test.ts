import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../cli/fleet";
import { alertsOf, triggersOf } from "../fleet/alerts";
import { adaptiveCard, issueMarker } from "../fleet/notify";
import type { FleetResult, FleetRow } from "../fleet/result";
import { EXIT } from "../documents/errors";
import { runCli } from "./support/cli";
import { startNotifyDouble, type NotifyDouble } from "./fleet/notifyDouble";
import { oneShardResult } from "./fleet/results";
import { writeIn } from "./support/files";

const HOSTILE = "<script>x</script> @everyone [click](https://evil.example)";

const row = (stack: string, over: Partial<FleetRow> = {}): FleetRow => ({
  stack,
  tenantId: "11111111-2222-4333-8444-555555555555",
  tags: [],
  status: "ok",
  drift: { drifted: false, items: [] },
  whatif: { gaps: [], lockouts: [] },
  reportOnly: [],
  startedAt: "2026-12-06T02:00:00.000Z",
  durationMs: 10,
  ...over,
});

function fleet(rows: FleetRow[], finishedAt = "2026-12-06T02:00:10.000Z"): FleetResult {
  return oneShardResult("drift", rows, "2026-12-06T02:00:00.000Z", finishedAt);
}

const drifted = (name: string) => ({ drifted: true, items: [{ displayName: name, status: "update", fields: ["state"] }] });
const gap = { persona: "member", clientAppType: "browser", message: "members sign in from browsers without MFA" };

describe("fleet alert: what is new since the previous run", () => {
  it("triggers on new drift, a new gap, a policy report-only longer than the limit, and a failed run", () => {
    const r = row("a", {
      drift: drifted("Require MFA"),
      whatif: { gaps: [gap], lockouts: [] },
      reportOnly: [
        { id: "old", displayName: "Old pilot", since: "2026-10-01T00:00:00Z" },
        { id: "new", displayName: "New pilot", since: "2026-12-01T00:00:00Z" },
        { id: "undated", displayName: "Undated" },
      ],
    });
    expect(triggersOf(r, new Date("2026-12-06T00:00:00Z"), { reportOnlyDays: 30 }).map((t) => [t.kind, t.text])).to.deep.equal([
      ["drift", 'drift: update "Require MFA" (state)'],
      ["gap", "gap: members sign in from browsers without MFA"],
      ["reportOnly", '"Old pilot" report-only for 66 days (more than 30)'],
    ]);
    const failed = row("b", { status: "failed", failure: { kind: "forbidden", message: "403 Policy.Read.All", status: 403 } });
    expect(triggersOf(failed, new Date(), { reportOnlyDays: 30 }).map((t) => t.key)).to.deep.equal(["failure:forbidden"]);
  });

  it("alerts only what the previous run did not have; without a previous run, everything", () => {
    const previous = fleet([row("a", { drift: drifted("X") }), row("b", { whatif: { gaps: [gap], lockouts: [] } })]);
    const current = fleet([row("a", { drift: drifted("X") }), row("b", { whatif: { gaps: [gap], lockouts: [] }, drift: drifted("Y") }), row("c")]);
    const alerts = alertsOf(current, previous, { reportOnlyDays: 30 });
    expect(alerts.map((a) => [a.stack, a.triggers.map((t) => t.key), a.current.length])).to.deep.equal([["b", ["drift:update:Y"], 2]]);
    expect(alertsOf(current, undefined, { reportOnlyDays: 30 }).map((a) => a.stack)).to.deep.equal(["a", "b"]);
    expect(alertsOf(previous, previous, { reportOnlyDays: 30 })).to.deep.equal([]);
  });

  it("escapes hostile names in the Adaptive Card", () => {
    const [alert] = alertsOf(fleet([row(HOSTILE, { drift: drifted(HOSTILE) })]), undefined, { reportOnlyDays: 30 });
    const text = JSON.stringify(adaptiveCard([alert], "t"));
    expect(text).not.to.match(/(?<!\\\\)<script|@everyone|(?<!\\\\)\]\(https/);
  });
});

describe("fleet alert: GitHub issues and a Teams card, against local HTTPS doubles", () => {
  let double: NotifyDouble;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const write = (name: string, result: FleetResult) => writeIn(dir, name, result);

  before(async () => {
    double = await startNotifyDouble();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-alert-"));
    const caFile = path.join(dir, "ca.pem");
    fs.writeFileSync(caFile, double.ca);
    env = {
      GITHUB_TOKEN: double.token,
      GITHUB_API_URL: double.url,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/fleet",
      GITHUB_RUN_ID: "42",
      ENTRA_BASELINE_TEAMS_WEBHOOK: double.webhook,
      ENTRA_BASELINE_ALERT_CA_FILE: caFile,
      ALPHA_AZURE_CLIENT_SECRET: "alpha-client-secret-value",
    };
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await double.close();
  });

  it("opens one issue per tenant, then updates it in place with a comment on what is new; posts one card", async () => {
    const first = write(
      "first.json",
      fleet([row("alpha", { drift: drifted("Require MFA") }), row("bravo"), row(HOSTILE, { whatif: { gaps: [gap], lockouts: [] } })]),
    );
    const run = await runCli(main, ["alert", first, "--github-repo", "acme/fleet"], env);
    expect(run.code, run.stderr).to.equal(EXIT.ok);
    expect(run.stdout).to.match(/^## fleet alert: 2 tenants with something new/);
    expect(run.stderr).to.equal("fleet alert: 2 issue(s) opened, 0 updated in acme/fleet\nfleet alert: Teams card posted\n");
    expect(double.issues.map((i) => [i.title, i.labels])).to.deep.equal([
      ["entra-baseline: tenant alpha needs attention", ["entra-baseline-fleet"]],
      [`entra-baseline: tenant ${HOSTILE} needs attention`, ["entra-baseline-fleet"]],
    ]);
    expect(double.issues[0].body.startsWith(issueMarker("alpha"))).to.equal(true);
    expect(double.issues[0].body).to.include("https://github.com/acme/fleet/actions/runs/42");
    expect(double.issues[1].body).not.to.match(/(?<!\\)<script|@everyone|\]\(https:\/\/evil/);

    const second = write(
      "second.json",
      fleet(
        [row("alpha", { drift: { drifted: true, items: [...drifted("Require MFA").items, { displayName: "Block legacy", status: "create" }] } }), row("bravo")],
        "2026-12-07T02:00:10.000Z",
      ),
    );
    const again = await runCli(main, ["alert", second, "--previous", first, "--github-repo", "acme/fleet"], env);
    expect(again.code, again.stderr).to.equal(EXIT.ok);
    expect(again.stderr).to.include("0 issue(s) opened, 1 updated");
    expect(double.issues).to.have.length(2);
    expect(double.issues[0].body).to.include("Block legacy").and.include("Require MFA");
    expect(double.issues[0].comments).to.deep.equal(['New since the previous run:\n\n- drift: create "Block legacy"']);

    const cards = double.received.filter((r) => r.path.startsWith("/webhookb2/"));
    expect(cards).to.have.length(2);
    const card = JSON.parse(cards[0].body);
    expect(card.attachments[0].contentType).to.equal("application/vnd.microsoft.card.adaptive");
    expect(card.attachments[0].content.body[1].facts.map((f: { title: string }) => f.title)).to.have.length(2);
  });

  it("sends nothing and exits 0 when nothing is new", async () => {
    const same = write("same.json", fleet([row("bravo")]));
    const before = double.received.length;
    const run = await runCli(main, ["alert", same, "--previous", same, "--github-repo", "acme/fleet"], env);
    expect(run.code).to.equal(EXIT.ok);
    expect(run.stdout).to.equal("## fleet alert: nothing new\n");
    expect(double.received.length).to.equal(before);
  });

  it("puts no secret into any message: no token, no webhook signature, no client secret", async () => {
    const hostileFailure = row("alpha", { status: "failed", failure: { kind: "unauthorized", message: "401 from the ALPHA_AZURE_* variables" } });
    const file = write("fail.json", fleet([hostileFailure]));
    const run = await runCli(main, ["alert", file, "--github-repo", "acme/fleet", "--format", "json"], env);
    expect(run.code, run.stderr).to.equal(EXIT.ok);
    const sent = double.received.map((r) => r.body).join("\n") + run.stdout + run.stderr;
    for (const secret of [double.token, "TopSecretSignatureValue123", "alpha-client-secret-value"]) expect(sent).not.to.include(secret);
  });

  it("fails with one line and exit 1 when GitHub or Teams refuse, never showing the webhook's secret", async () => {
    const file = write("one.json", fleet([row("delta", { drift: drifted("Z") })]));
    double.teamsStatus = 404;
    try {
      const run = await runCli(main, ["alert", file], env);
      expect(run.code).to.equal(EXIT.rejected);
      expect(run.stderr).to.match(/^fleet: could not send the alerts: POST https:\/\/127\.0\.0\.1:\d+\/webhookb2\/…\/IncomingWebhook\/…: answered 404\n$/);
      expect(run.stderr).not.to.include("TopSecret");
    } finally {
      double.teamsStatus = 200;
    }
    const badToken = await runCli(main, ["alert", file, "--github-repo", "acme/fleet"], { ...env, GITHUB_TOKEN: "wrong" });
    expect(badToken.code).to.equal(EXIT.rejected);
    expect(badToken.stderr).to.match(/answered 401\n$/);
  });

  it("rejects bad use with exit 2: no token for --github-repo, a bad repository, a missing file, a bad CA file", async () => {
    const file = write("u.json", fleet([row("e")]));
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [["alert", file, "--github-repo", "acme/fleet"], {}, "fleet: --github-repo needs GITHUB_TOKEN (or GH_TOKEN) with issues: write\n"],
      [["alert", file, "--github-repo", "acme"], env, 'fleet: --github-repo "acme": give owner/repo\n'],
      [["alert", file, "--report-only-days", "x"], env, 'fleet: --report-only-days "x": give a whole number from 0 to 3650\n'],
    ];
    for (const [argv, e, message] of cases) {
      const run = await runCli(main, argv, e);
      expect(run.code, argv.join(" ")).to.equal(EXIT.usage);
      expect(run.stderr).to.equal(message);
    }
    const missing = await runCli(main, ["alert", path.join(dir, "none.json")], env);
    expect(missing.code).to.equal(EXIT.usage);
    const alerting = write("d.json", fleet([row("f", { drift: drifted("Q") })]));
    const badCa = await runCli(main, ["alert", alerting], { ...env, ENTRA_BASELINE_ALERT_CA_FILE: path.join(dir, "none.pem") });
    expect(badCa.code).to.equal(EXIT.usage);
    expect(badCa.stderr).to.include("ENTRA_BASELINE_ALERT_CA_FILE");
    const http = await runCli(main, ["alert", alerting], { ...env, ENTRA_BASELINE_TEAMS_WEBHOOK: "http://127.0.0.1:1/hook?sig=TopSecret" });
    expect(http.code).to.equal(EXIT.rejected);
    expect(http.stderr).to.equal("fleet: could not send the alerts: http://127.0.0.1:1/hook: not an https URL; alerts go over HTTPS only\n");
    const notUrl = await runCli(main, ["alert", alerting], { ...env, ENTRA_BASELINE_TEAMS_WEBHOOK: "not a url" });
    expect(notUrl.stderr).to.include("ENTRA_BASELINE_TEAMS_WEBHOOK is not a URL");
  });
});
