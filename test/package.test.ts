import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { docsPages } from "./support/files";

const ROOT = path.join(__dirname, "..");
const TEMPLATE = path.join(ROOT, "templates", "entra-baseline");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** What a user of the package needs, beyond dist/'s JavaScript and declarations: the bin, the pack's manifests, the licence and the docs. */
const SHIPPED_BESIDE_DIST = [
  "ARCHITECTURE.md",
  "CHANGELOG.md",
  "LICENSE",
  "README.md",
  "cli/bin.js",
  "config/README.md",
  "docs/esc-contoso.yaml",
  ...docsPages(ROOT),
  "package.json",
  "policy-pack/PulumiPolicy.yaml",
  "policy-pack/package.json",
  "vendor/README.md",
];

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Packs the built package into `into`: the tarball and the files it holds, as `npm pack --json` lists them. */
function pack(into: string): { tarball: string; files: string[] } {
  const [report] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", into], ROOT));
  return { tarball: path.join(into, report.filename), files: report.files.map((f: { path: string }) => f.path).sort() };
}

const PROJECT = "contoso-entra";
/** The stack, named after the tenant, not after the project. */
const STACK = "contoso";

/**
 * What `pulumi new --name contoso-entra --stack contoso` does: copies the template, `${PROJECT}` and `${DESCRIPTION}`
 * replaced in names and text, and writes the prompts' answers, as text (a list as its JSON), into the stack's file in
 * `stackConfigDir`. Then what the template's README says until the package is published: `npm install <tarball>`,
 * which writes the dependency as `file:<tarball>`.
 */
function instantiateTemplate(into: string, tarball: string, prompted: Record<string, string>): void {
  const replace = (text: string) => text.replaceAll("${PROJECT}", PROJECT).replaceAll("${DESCRIPTION}", "Contoso's sign-in baseline");
  for (const file of fs.readdirSync(TEMPLATE, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const from = path.join(file.parentPath, file.name);
    const to = path.join(into, replace(path.relative(TEMPLATE, from)));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, replace(fs.readFileSync(from, "utf8")));
  }
  fs.writeFileSync(path.join(into, "stacks", `Pulumi.${STACK}.yaml`), stringify({ config: prompted }));
  const manifest = JSON.parse(fs.readFileSync(path.join(into, "package.json"), "utf8"));
  manifest.dependencies["entra-baseline"] = `file:${tarball}`;
  // The template pins the very @pulumi/pulumi and @pulumi/azuread this repository installed (a spec below checks
  // it), and the package pins its own dependencies exactly: npm ci installed those same versions here. Linking
  // them, instead of unpacking 90 packages again, leaves npm to install the tarball itself and to check that each
  // linked copy satisfies what the tarball declares; the project has no other package, so anything the package
  // requires without declaring it fails to resolve (a spec below checks that too). It takes a quarter of the time.
  for (const peer of Object.keys(pkg.peerDependencies)) {
    expect(manifest.dependencies[peer], `the template's ${peer}`).to.equal(pkg.devDependencies[peer]);
    manifest.dependencies[peer] = `file:${path.join(ROOT, "node_modules", peer)}`;
  }
  for (const [dependency, pin] of Object.entries(pkg.dependencies as Record<string, string>)) {
    const installed = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", dependency, "package.json"), "utf8")).version;
    // @pulumi/policy's own package.json says "v1.21.0".
    expect(installed.replace(/^v/, ""), `${dependency} as npm ci installed it`).to.equal(pin);
    manifest.dependencies[dependency] = `file:${path.join(ROOT, "node_modules", dependency)}`;
  }
  fs.writeFileSync(path.join(into, "package.json"), JSON.stringify(manifest, null, 2));
}

describe("the npm package [slow: builds with tsc, packs, and installs the tarball into a fresh Pulumi project]", function () {
  this.timeout(240_000);
  // A path that contains the package's name: Pulumi's closure serializer then fails to map a module of
  // the package to its `exports` and emits `require("entra-baseline/dist/...")`, which "./dist/*" serves.
  let work: string;
  let files: string[];
  let tarball: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "entra-baseline-package-"));
    // Under `npm test` the type check has just built dist/ from the same sources (test/support/checkAndBuild.js).
    if (process.env.ENTRA_BASELINE_TEST_DIST_BUILT !== "1") execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "pipe" });
    ({ files, tarball } = pack(work));
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  describe("what `npm pack` publishes", () => {
    it("is the built JavaScript, declarations and JSON modules, the bin, the policy pack's manifests, the licence and the docs, nothing else", () => {
      const unexpected = files.filter((f) => !SHIPPED_BESIDE_DIST.includes(f) && !/^dist\/.+\.(js|d\.ts|json)$/.test(f));
      expect(unexpected).to.deep.equal([]);
      for (const needed of [...SHIPPED_BESIDE_DIST, "dist/lib.js", "dist/lib.d.ts", "dist/program.js", "dist/program.d.ts", "dist/policy-pack/index.js"]) {
        expect(files, needed).to.include(needed);
      }
    });

    it("ships no stale build output: every module in dist/ is built from a source file that exists (npm run build empties dist/ first)", () => {
      const stale = files.filter(
        (f) =>
          f.startsWith("dist/") &&
          !fs.existsSync(path.join(ROOT, f.replace(/^dist\//, "").replace(/(\.d)?\.js$|\.d\.ts$/, ".ts"))) &&
          // The validators generated at build time (npm run validators) are copied in as they are committed.
          !(f.endsWith(".generated.js") && fs.existsSync(path.join(ROOT, f.replace(/^dist\//, "")))),
      );
      expect(stale).to.deep.equal([]);
    });

    it("ships no source, test, bench, stack file or pipeline", () => {
      const source = (f: string) => /^(test|bench|stacks|cli|templates|\.github)\//.test(f) && f !== pkg.bin["entra-baseline"];
      expect(files.filter((f) => source(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).to.deep.equal([]);
    });

    it("ships the MIT licence the manifest declares, and engines", () => {
      expect(pkg.license).to.equal("MIT");
      expect(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8")).to.match(/^MIT License\n/);
      expect(pkg.engines.node).to.match(/^>=20\./);
    });

    it("ships every file its documents link to (the README's docs, the docs' links)", () => {
      const links = (file: string) =>
        [...fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
          .map((m) => m[1])
          .filter((target) => !/^(https?|mailto):/.test(target))
          .map((target) => path.posix.normalize(path.posix.join(path.posix.dirname(file), target)));
      const dangling = files
        .filter((f) => f.endsWith(".md"))
        .flatMap((f) =>
          links(f)
            .filter((target) => !files.includes(target))
            .map((t) => `${f} → ${t}`),
        );
      expect(dangling).to.deep.equal([]);
    });

    it("contains every file the exports point at", () => {
      const targets = Object.values(pkg.exports as Record<string, string | Record<string, string>>)
        .flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)))
        .filter((t) => !t.includes("*"))
        .map((t) => t.replace(/^\.\//, ""));
      for (const target of [...targets, pkg.main, pkg.types]) expect(files, target).to.include(target);
    });

    it("is public, versioned by semver, with @pulumi/pulumi and @pulumi/azuread as peers so a project has one copy of each", () => {
      expect(pkg.private).to.equal(undefined);
      expect(pkg.version).to.match(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
      expect(fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8")).to.contain(`## [${pkg.version}]`);
      expect(Object.keys(pkg.peerDependencies).sort()).to.deep.equal(["@pulumi/azuread", "@pulumi/pulumi"]);
      expect(pkg.dependencies).not.to.have.any.keys("@pulumi/pulumi", "@pulumi/azuread");
    });
  });

  describe("installed from the tarball into a project made from the `pulumi new` template", () => {
    let result: {
      typeErrors: string[];
      runs: { resources: { type: string; name: string; inputs: Record<string, unknown> }[]; error?: { message: string; isRunError: boolean; stack: string } }[];
      provider: { requires: string[]; unresolved: string[]; check: unknown; diff: { changes: boolean } };
      policyPack: { program: string; resolves: string[]; violations: unknown[] };
      cli: { code: number; stdout: string; stderr: string };
      copies: { loaded: string[]; resolvedBy: Record<string, string> };
      policyConfig: { code: number; readings: Record<string, unknown> };
    };

    before(() => {
      const project = path.join(work, PROJECT);
      fs.mkdirSync(project);
      // What `pulumi new` writes from the template's prompts.
      const pulumiNew = {
        "azuread:tenantId": "11111111-2222-3333-4444-555555555555",
        "entra-baseline:plan": "p1",
        "entra-baseline:protection": "securityDefaults",
        "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]),
      };
      instantiateTemplate(project, tarball, pulumiNew);
      // The project's devDependencies (typescript, @types/node) are this repository's own pins: the consumer
      // script type-checks with them, so the install skips them to save time.
      // The template's .npmrc sets install-links, which packs a folder dependency instead of linking it (the folder form
      // of its README). It does not touch the tarball; here it would pack the linked folders above, so it is off.
      npm(["install", "--prefer-offline", "--ignore-scripts", "--omit=dev", "--install-links=false"], project);
      const configs = path.join(work, "configs.json");
      fs.writeFileSync(
        configs,
        JSON.stringify([
          pulumiNew,
          // Enabled policies while Security Defaults stay on: the guard refuses it (Graph would too).
          { ...pulumiNew, "entra-baseline:protection": "securityDefaults", "entra-baseline:policyState": "enabled" },
          // A typo: the configuration is refused before the guard runs.
          { ...pulumiNew, "entra-baseline:policyStat": "enabled" },
        ]),
      );
      const output = execFileSync(process.execPath, [path.join(__dirname, "support", "packageConsumer.js"), ROOT, configs, STACK], {
        cwd: project,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      result = JSON.parse(output);
    });

    it("holds the package and what it declares, nothing more: a development dependency does not resolve from it", () => {
      const installed = path.join(work, PROJECT, "node_modules", "entra-baseline", "dist");
      expect(() => require.resolve("ajv", { paths: [installed] })).not.to.throw();
      for (const undeclared of ["sucrase", "chai", "fast-check"]) {
        expect(() => require.resolve(undeclared, { paths: [installed] }), undeclared).to.throw(/Cannot find module/);
      }
    });

    it("loads one @pulumi/pulumi, the project's: the program, the package, @pulumi/azuread and @pulumi/policy share its runtime", () => {
      // Measured after the program, the provider, the pack and the CLI ran: every module of @pulumi/pulumi in require's cache.
      expect(result.copies.loaded).to.have.length(1);
      const [copy] = result.copies.loaded;
      expect(result.copies.resolvedBy).to.deep.equal({ project: copy, package: copy, azuread: copy, policy: copy });
      // The project's own node_modules/@pulumi/pulumi (linked here to this repository's install, the same version).
      expect(copy).to.equal(path.relative(path.join(work, PROJECT), fs.realpathSync(path.join(work, PROJECT, "node_modules", "@pulumi", "pulumi"))));
      expect(fs.existsSync(path.join(work, PROJECT, "node_modules", "entra-baseline", "node_modules", "@pulumi"))).to.equal(false);
    });

    it("type-checks the project's program against the package's declarations", () => {
      expect(result.typeErrors).to.deep.equal([]);
    });

    it("runs the program under the mock engine: Security Defaults on and the four P1 policies report-only (staging)", () => {
      const [good] = result.runs;
      expect(good.error).to.equal(undefined);
      const types = good.resources.map((r) => r.type);
      expect(types).to.include("pulumi-nodejs:dynamic/entra-baseline:SecurityDefaults");
      const policies = good.resources.filter((r) => r.type === "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy");
      expect(policies.map((p) => p.inputs.state)).to.deep.equal(Array(4).fill("enabledForReportingButNotEnforced"));
      expect(good.resources.find((r) => r.type.endsWith(":SecurityDefaults"))?.inputs.isEnabled).to.equal(true);
    });

    it("rejects a configuration the guard refuses there too, with nothing declared and no stack trace", () => {
      const refused = result.runs[1];
      expect(refused.error?.isRunError).to.equal(true);
      expect(refused.error?.message).to.contain("EB-SD-CA-CONFLICT").and.contain("reportOnly");
      expect(refused.resources).to.deep.equal([]);
    });

    it("rejects a misspelt key, naming it and the key meant", () => {
      const typo = result.runs[2];
      expect(typo.error?.isRunError).to.equal(true);
      expect(typo.error?.message).to.contain("policyStat").and.contain("policyState");
      expect(typo.resources).to.deep.equal([]);
    });

    it("serializes the Security Defaults provider so that it requires the package from the project's node_modules", () => {
      expect(result.provider.unresolved).to.deep.equal([]);
      expect(result.provider.requires.some((r) => r.startsWith("entra-baseline/dist/"))).to.equal(true);
      expect(result.provider.check).to.have.property("failures");
      expect(result.provider.diff.changes).to.equal(true);
    });

    it("runs the package's precompiled plan CLI over the stack file pulumi new wrote, as the template's npm scripts do", () => {
      expect(result.cli.stderr).to.equal("");
      expect(result.cli.code).to.equal(0);
      const plan = JSON.parse(result.cli.stdout);
      expect([plan.stack, plan.plan, plan.protection, plan.conditionalAccessPolicies.length]).to.deep.equal([STACK, "p1", "securityDefaults", 4]);
    });

    it("writes the pack config with the template's policy-config script: the break-glass ids a list, which the pack accepts", () => {
      expect(result.policyConfig.code).to.equal(0);
      for (const reading of Object.values(result.policyConfig.readings)) {
        expect(reading).to.deep.equal({
          ok: true,
          config: { plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], breakGlassGroups: [], acceptedGaps: {}, inheritedRisks: [] },
        });
      }
      expect(Object.keys(result.policyConfig.readings)).to.have.length(2);
    });

    it("installs the bin: npx entra-baseline plan prints the plan alone on stdout, from the package's built CLI", () => {
      const project = path.join(work, PROJECT);
      const bin = path.join(project, "node_modules", ".bin", "entra-baseline");
      const run = spawnSync(bin, ["plan", "--stack", STACK, "--stacks-dir", "stacks", "--json"], { cwd: project, encoding: "utf8" });
      expect([run.status, run.stderr]).to.deep.equal([0, ""]);
      expect(JSON.parse(run.stdout).stack).to.equal(STACK);
      const unknown = spawnSync(bin, ["plna"], { cwd: project, encoding: "utf8" });
      expect([unknown.status, unknown.stdout]).to.deep.equal([2, ""]);
    });

    it(
      "ships the policy pack: its program, @pulumi/policy and Pulumi's policy runner resolve from its folder to the project's own copies, " +
        "and it accepts the program's stack",
      () => {
        expect(result.policyPack.program).to.equal("node_modules/entra-baseline/dist/policy-pack/index.js");
        expect(result.policyPack.resolves).to.deep.equal(["index.js", "cmd/run-policy-pack/index.js"]);
        expect(result.policyPack.violations).to.deep.equal([]);
      },
    );
  });
});
