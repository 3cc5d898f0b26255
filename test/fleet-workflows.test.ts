import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { FLEET_COMMANDS } from "../fleet/result";

const ROOT = path.join(__dirname, "..");

function load(file: string): { text: string; doc: any } {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const document = parseDocument(text);
  expect(
    document.errors.map((e) => e.message),
    file,
  ).to.deep.equal([]);
  return { text, doc: document.toJS() };
}

/** Every `entra-baseline fleet <sub>` a pipeline runs, and whether it runs the repository's own bin (`npx --no`). */
const fleetRuns = (text: string) =>
  [...text.matchAll(/\bnpx(\s+--no)?\s+entra-baseline\s+fleet\s+("?\$?[\w{}.$ ]*?"?)\s/g)].map((m) => ({ offline: !!m[1], sub: m[2] }));
const runsOf = (job: any): string => (job.steps ?? []).map((s: any) => s.run ?? s.script ?? s.inputs?.inlineScript ?? "").join("\n");

describe("fleet pipelines: shards on many machines, one merged report, nightly alerts", () => {
  describe(".github/workflows/fleet.yml", () => {
    const { text, doc } = load(".github/workflows/fleet.yml");

    it("runs nightly and on demand, with an OIDC token and no client secret or repository-wide tenant id", () => {
      expect(Object.keys(doc.on)).to.have.members(["schedule", "workflow_dispatch"]);
      expect(doc.on.schedule[0].cron).to.match(/^\d+ \d+ \* \* \*$/);
      expect(doc.on.workflow_dispatch.inputs.command.options).to.have.members([...FLEET_COMMANDS]);
      expect(doc.permissions["id-token"]).to.equal("write");
      expect(text).not.to.match(/vars\.(AZURE|ARM)_TENANT_ID|CLIENT_SECRET/);
    });

    it("runs one shard per matrix entry, as many as SHARDS says, and treats 3, 6 and 7 as results", () => {
      const shard = doc.jobs.shard;
      expect(shard.strategy.matrix.shard).to.deep.equal(Array.from({ length: Number(doc.env.SHARDS) }, (_, i) => i + 1));
      expect(shard.strategy["fail-fast"]).to.equal(false);
      const run = runsOf(shard);
      expect(run).to.include('--shard "${{ matrix.shard }}/$SHARDS"').and.include('if [ "$code" -eq 1 ] || [ "$code" -eq 2 ]');
      expect(shard.steps.find((s: any) => s.uses?.startsWith("actions/upload-artifact@")).with.path).to.equal("fleet-shard-${{ matrix.shard }}.json");
    });

    it("merges every shard, uploads the HTML report and writes the markdown to the job summary", () => {
      const merge = doc.jobs.merge;
      expect(merge.needs).to.equal("shard");
      const run = runsOf(merge);
      expect(run).to.include("fleet merge shards/fleet-shard-*.json").and.include('>> "$GITHUB_STEP_SUMMARY"');
      const uploads = merge.steps.filter((s: any) => s.uses?.startsWith("actions/upload-artifact@"));
      expect(uploads.map((u: any) => u.with.path)).to.satisfy((paths: string[]) => paths.some((p) => p.includes("fleet.html")));
    });

    it("alerts on the nightly drift: GitHub issues with issues: write, Teams from a secret, the previous run from the cache", () => {
      const merge = doc.jobs.merge;
      expect(merge.permissions.issues).to.equal("write");
      const alert = merge.steps.find((s: any) => (s.run ?? "").includes("fleet alert"));
      expect(alert.env.ENTRA_BASELINE_TEAMS_WEBHOOK).to.equal("${{ secrets.ENTRA_BASELINE_TEAMS_WEBHOOK }}");
      expect(alert.run).to.include("--github-repo").and.include("--previous");
      expect(merge.steps.map((s: any) => s.uses).filter(Boolean)).to.include.members(["actions/cache/restore@v4", "actions/cache/save@v4"]);
    });

    it("runs only fleet subcommands that exist, from the repository's own bin", () => {
      const runs = fleetRuns(text);
      expect(runs.map((r) => r.sub)).to.include.members(['"$FLEET_COMMAND"', "merge", "alert"]);
      expect(runs.every((r) => r.offline)).to.equal(true);
    });
  });

  describe("azure-pipelines-fleet.yml", () => {
    const { text, doc } = load("azure-pipelines-fleet.yml");

    it("runs nightly, in parallel jobs one shard each, then merges them into the run summary and an artifact", () => {
      expect(doc.schedules[0].cron).to.match(/^\d+ \d+ \* \* \*$/);
      expect(doc.schedules[0].always).to.equal(true);
      const [shard, merge] = doc.stages[0].jobs;
      expect(shard.strategy.parallel).to.equal("${{ parameters.shards }}");
      expect(text).to.include('--shard "$(System.JobPositionInPhase)/$(System.TotalJobsInPhase)"');
      expect(merge.dependsOn).to.equal("shard");
      const run = runsOf(merge);
      expect(run).to.include("fleet merge").and.include("##vso[task.uploadsummary]");
      expect(merge.steps.find((s: any) => s.publish)?.artifact).to.equal("fleet-report");
      expect(doc.parameters.find((p: any) => p.name === "command").values).to.have.members([...FLEET_COMMANDS]);
    });

    it("alerts from the previous run's artifact, with the Teams webhook from a secret variable, and no client secret", () => {
      expect(text).to.include("runVersion: latestFromBranch").and.include("fleet alert");
      expect(text).to.include("ENTRA_BASELINE_TEAMS_WEBHOOK: $(ENTRA_BASELINE_TEAMS_WEBHOOK)");
      expect(text).not.to.match(/CLIENT_SECRET/);
      expect(fleetRuns(text).every((r) => r.offline)).to.equal(true);
    });
  });
});
