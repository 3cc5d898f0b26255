import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { SUBCOMMANDS } from "../cli/entra-baseline";

const ROOT = path.join(__dirname, "..");
const PIPELINES = [".github/workflows/preview.yml", ".github/workflows/deploy.yml", "azure-pipelines.yml"];
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);

/** The `entra-baseline` commands a pipeline runs through npx, and whether each npx may not install from the registry (`--no`). */
function binCommandsIn(text: string): { command: string; offline: boolean }[] {
  return [...text.matchAll(/\bnpx(\s+--no)?\s+entra-baseline\s+([a-z][\w-]*)/g)].map((m) => ({ command: m[2], offline: !!m[1] }));
}

/** Names of the npm scripts a pipeline runs (`npm run [--silent] X`, `npm test`). */
function npmScriptsIn(text: string): string[] {
  const run = [...text.matchAll(/\bnpm run(?:\s+--?[a-z-]+)*\s+([a-z][\w:-]*)/g)].map((m) => m[1]);
  const test = /\bnpm test\b/.test(text) ? ["test"] : [];
  return [...new Set([...run, ...test])];
}

/** The stack files shipped in stacks/, by name. */
const shippedStacks = () =>
  fs
    .readdirSync(path.join(ROOT, "stacks"))
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();

/**
 * For each stack of a GitHub job's matrix, every expression its ARM_TENANT_ID can take: the job's and
 * the steps' `ARM_TENANT_ID`, through job-level `env.X` indirections, with `matrix.K` replaced by the
 * stack's matrix entry. A repository-wide `vars.AZURE_TENANT_ID` gives every stack the same expression.
 */
export function tenantIdsByStack(job: any): Map<string, Set<string>> {
  const matrix = job.strategy?.matrix ?? {};
  const entries: Record<string, string>[] = matrix.include ?? (matrix.stack ?? []).map((stack: string) => ({ stack }));
  const expressions = [job.env?.ARM_TENANT_ID, ...(job.steps ?? []).map((s: any) => s.env?.ARM_TENANT_ID)].filter((e): e is string => !!e);
  const viaJobEnv = (e: string) => e.replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (whole, name) => job.env?.[name] ?? whole);
  return new Map(
    entries.map((entry) => [entry.stack, new Set(expressions.map(viaJobEnv).map((e) => e.replace(/matrix\.(\w+)/g, (_, key) => `'${entry[key] ?? ""}'`)))]),
  );
}

/** Fails unless each stack has exactly one tenant id expression, read from a variable of its own. */
function expectOneTenantPerStack(job: any, file: string) {
  const byStack = tenantIdsByStack(job);
  expect([...byStack.keys()].sort(), file).to.deep.equal(shippedStacks());
  const owners = new Map<string, string>();
  for (const [stack, expressions] of byStack) {
    expect([...expressions], `${file}: ${stack} signs in to exactly one tenant`).to.have.length(1);
    const [expression] = expressions;
    expect(expression, `${file}: ${stack} reads a variable of its own`).to.match(/vars\['[A-Z0-9_]+'\]/);
    expect(owners.get(expression), `${file}: ${stack} and ${owners.get(expression)} share the tenant id ${expression}`).to.equal(undefined);
    owners.set(expression, stack);
  }
}

function load(file: string): any {
  const document = parseDocument(fs.readFileSync(path.join(ROOT, file), "utf8"));
  expect(
    document.errors.map((e) => e.message),
    file,
  ).to.deep.equal([]);
  return document.toJS();
}

describe("pipelines", () => {
  for (const file of PIPELINES) {
    it(`${file} parses and runs only npm scripts that package.json has and entra-baseline commands that exist, never fetching one`, () => {
      load(file);
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      const bin = binCommandsIn(text);
      expect(bin.filter((b) => !Object.hasOwn(SUBCOMMANDS, b.command) || !b.offline)).to.deep.equal([]);
      const used = npmScriptsIn(text);
      expect([...used, ...bin.map((b) => b.command)], file).to.include.members(["plan"]);
      expect(
        used.filter((s) => !scripts.includes(s)),
        `${file} runs scripts missing from package.json`,
      ).to.deep.equal([]);
    });
  }

  it("sends each stack to exactly one tenant, from variables of its own", () => {
    for (const file of [".github/workflows/preview.yml", ".github/workflows/deploy.yml"]) {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      expect(text, `${file} has no repository-wide tenant id`).not.to.match(/vars\.(AZURE|ARM)_TENANT_ID/);
    }
  });

  it("rejects a matrix that sends several stacks into one repository-wide tenant", () => {
    const shared = { strategy: { matrix: { stack: ["a", "b"] } }, env: { ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}" } };
    expect([...tenantIdsByStack(shared).values()].map((s) => [...s])).to.deep.equal([["${{ vars.AZURE_TENANT_ID }}"], ["${{ vars.AZURE_TENANT_ID }}"]]);
    expect(() => expectOneTenantPerStack(shared, "shared.yml")).to.throw();
    const twoTenants = {
      strategy: { matrix: { include: [{ stack: "a", t: "A" }] } },
      env: { ARM_TENANT_ID: "${{ vars[matrix.t] }}" },
      steps: [{ env: { ARM_TENANT_ID: "${{ vars.X }}" } }],
    };
    expect([...tenantIdsByStack(twoTenants).get("a")!]).to.have.length(2);
  });

  it("finds the bin's commands, and an npx that could install a package of that name from the registry", () => {
    expect(binCommandsIn("npx --no entra-baseline plan --stack a\nnpx entra-baseline dif")).to.deep.equal([
      { command: "plan", offline: true },
      { command: "dif", offline: false },
    ]);
  });

  it("finds script names after npm run flags", () => {
    expect(npmScriptsIn("npm run --silent diff -- --base x\nnpm run plan -- --stack fabrikam\nnpm test")).to.deep.equal(["diff", "plan", "test"]);
  });

  it("previews every stack on pull requests: offline plans, the diff, pulumi preview --diff only with credentials", () => {
    const wf = load(".github/workflows/preview.yml");
    expect(Object.keys(wf.on)).to.deep.equal(["pull_request"]);
    expect(wf.permissions["id-token"]).to.equal("write");
    const job = wf.jobs.preview;
    expectOneTenantPerStack(job, "preview.yml");
    const runs = job.steps.map((s: any) => s.run ?? "").join("\n");
    expect(runs).to.include("npm ci").and.include("npx --no entra-baseline diff --base");
    const preview = job.steps.find((s: any) => s.uses?.startsWith("pulumi/actions@"));
    expect(preview.with).to.deep.include({ command: "preview", diff: true });
    expect(preview.if).to.include("env.STACK_CLIENT_ID != ''").and.include("env.STACK_TENANT_ID != ''");
  });

  it("deploys on main behind an environment with OIDC and no client secret", () => {
    const wf = load(".github/workflows/deploy.yml");
    expect(wf.on.push.branches).to.deep.equal(["main"]);
    expect(wf.permissions["id-token"]).to.equal("write");
    const job = wf.jobs.deploy;
    expect(job.environment).to.equal("entra-${{ matrix.stack }}");
    expect(job.env).to.include.keys("ARM_USE_OIDC", "ARM_CLIENT_ID", "ARM_TENANT_ID");
    expectOneTenantPerStack(job, "deploy.yml");
    expect(job.steps.find((s: any) => s.uses?.startsWith("pulumi/actions@")).with.command).to.equal("up");
    for (const file of PIPELINES) expect(fs.readFileSync(path.join(ROOT, file), "utf8"), file).not.to.match(/CLIENT_SECRET/);
  });

  it("uses a workload identity service connection and an environment per stack in Azure DevOps", () => {
    const text = fs.readFileSync(path.join(ROOT, "azure-pipelines.yml"), "utf8");
    const pipeline = load("azure-pipelines.yml");
    const stacks = pipeline.parameters[0].default;
    expect(stacks.map((s: any) => s.stack).sort()).to.deep.equal(shippedStacks());
    for (const s of stacks)
      expect(Object.keys(s), `stack ${s.stack} names one service connection, into its tenant`).to.deep.equal(["stack", "serviceConnection"]);
    const connections = stacks.map((s: any) => s.serviceConnection).filter((c: string) => c !== "");
    expect(new Set(connections).size, "no two stacks share a service connection").to.equal(connections.length);
    // Every Azure login uses the stack's own connection: no pipeline-wide one.
    expect([...text.matchAll(/azureSubscription: (.+)/g)].map((m) => m[1])).to.deep.equal(["${{ s.serviceConnection }}", "${{ s.serviceConnection }}"]);
    expect(text).to.include("addSpnToEnvironment: true").and.include('ARM_OIDC_TOKEN="$idToken"').and.include("environment: entra-${{ s.stack }}");
  });

  it("gates pull requests and deployments on the what-if: a new gap or lockout fails the job, after the comment and before pulumi up", () => {
    const preview = load(".github/workflows/preview.yml").jobs.preview.steps as any[];
    const whatif = preview.findIndex((s) => /entra-baseline whatif --base "\$RUNNER_TEMP\/base\.json" --head "\$RUNNER_TEMP\/head\.json"/.test(s.run ?? ""));
    const comment = preview.findIndex((s) => s.uses?.startsWith("actions/github-script@"));
    expect(whatif, "the what-if runs before the comment").to.be.above(-1).and.below(comment);
    expect(preview[comment].env.WHATIF_FILE).to.equal("${{ runner.temp }}/whatif.md");
    expect(preview[comment].with.script).to.include("process.env.WHATIF_FILE");
    const last = preview.at(-1);
    expect(last.if).to.equal("${{ steps.whatif.outputs.exit-code == '6' }}");
    expect(last.run).to.include("exit 1");

    const deploy = load(".github/workflows/deploy.yml").jobs.deploy.steps as any[];
    const gate = deploy.findIndex((s) => /entra-baseline whatif --base/.test(s.run ?? ""));
    expect(gate, "the gate runs before pulumi up")
      .to.be.above(-1)
      .and.below(deploy.findIndex((s) => s.uses?.startsWith("pulumi/actions@")));
    expect(deploy.find((s) => s.uses?.startsWith("actions/checkout@")).with["fetch-depth"]).to.equal(0);

    const azure = fs.readFileSync(path.join(ROOT, "azure-pipelines.yml"), "utf8");
    const [pr, up] = azure.split("- stage: deploy");
    expect(pr)
      .to.match(/entra-baseline whatif --base "\$\(Agent\.TempDirectory\)\/base\.json"/)
      .and.include('if [ "$code" -eq 6 ]');
    expect(up.indexOf("entra-baseline whatif --base"), "Azure DevOps: the gate before pulumi up").to.be.above(-1).and.below(up.indexOf("pulumi up --yes"));
  });
});
