import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";

const ROOT = path.join(__dirname, "..");
const PIPELINES = [".github/workflows/preview.yml", ".github/workflows/deploy.yml", "azure-pipelines.yml"];
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);

/** Names of the npm scripts a pipeline runs (`npm run [--silent] X`, `npm test`). */
function npmScriptsIn(text: string): string[] {
  const run = [...text.matchAll(/\bnpm run(?:\s+--?[a-z-]+)*\s+([a-z][\w:-]*)/g)].map((m) => m[1]);
  const test = /\bnpm test\b/.test(text) ? ["test"] : [];
  return [...new Set([...run, ...test])];
}

function load(file: string): any {
  const document = parseDocument(fs.readFileSync(path.join(ROOT, file), "utf8"));
  expect(document.errors.map((e) => e.message), file).to.deep.equal([]);
  return document.toJS();
}

describe("pipelines", () => {
  for (const file of PIPELINES) {
    it(`${file} parses and runs only npm scripts that package.json has`, () => {
      load(file);
      const used = npmScriptsIn(fs.readFileSync(path.join(ROOT, file), "utf8"));
      expect(used, file).to.include.members(["plan"]);
      expect(used.filter((s) => !scripts.includes(s)), `${file} runs scripts missing from package.json`).to.deep.equal([]);
    });
  }

  it("finds script names after npm run flags", () => {
    expect(npmScriptsIn("npm run --silent diff -- --base x\nnpm run plan -- --stack p1\nnpm test")).to.deep.equal(["diff", "plan", "test"]);
  });

  it("previews every stack on pull requests: offline plans, the diff, pulumi preview --diff only with credentials", () => {
    const wf = load(".github/workflows/preview.yml");
    expect(Object.keys(wf.on)).to.deep.equal(["pull_request"]);
    expect(wf.permissions["id-token"]).to.equal("write");
    const job = wf.jobs.preview;
    expect(job.strategy.matrix.stack).to.deep.equal(["free", "p1", "p2"]);
    const runs = job.steps.map((s: any) => s.run ?? "").join("\n");
    expect(runs).to.include("npm ci").and.include("npm run --silent diff -- --base");
    const preview = job.steps.find((s: any) => s.uses?.startsWith("pulumi/actions@"));
    expect(preview.with).to.deep.include({ command: "preview", diff: true });
    expect(preview.if).to.include("vars.AZURE_CLIENT_ID != ''");
  });

  it("deploys on main behind an environment with OIDC and no client secret", () => {
    const wf = load(".github/workflows/deploy.yml");
    expect(wf.on.push.branches).to.deep.equal(["main"]);
    expect(wf.permissions["id-token"]).to.equal("write");
    const job = wf.jobs.deploy;
    expect(job.environment).to.equal("entra-${{ matrix.stack }}");
    expect(job.env).to.include.keys("ARM_USE_OIDC", "ARM_CLIENT_ID", "ARM_TENANT_ID");
    expect(job.steps.find((s: any) => s.uses?.startsWith("pulumi/actions@")).with.command).to.equal("up");
    for (const file of PIPELINES) expect(fs.readFileSync(path.join(ROOT, file), "utf8"), file).not.to.match(/CLIENT_SECRET/);
  });

  it("uses a workload identity service connection and an environment per stack in Azure DevOps", () => {
    const text = fs.readFileSync(path.join(ROOT, "azure-pipelines.yml"), "utf8");
    const pipeline = load("azure-pipelines.yml");
    expect(pipeline.parameters[0].default).to.deep.equal(["free", "p1", "p2"]);
    expect(text).to.include("addSpnToEnvironment: true").and.include('ARM_OIDC_TOKEN="$idToken"').and.include("environment: entra-${{ stack }}");
  });
});
