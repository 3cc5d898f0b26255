import { expect } from "chai";
import Ajv2020 from "ajv/dist/2020";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { validateConfig } from "../config/validate";
import { expectedTemplatePipelines, TEMPLATE_DIR, templatePipeline } from "../templates/workflows";
import { BREAK_GLASS_USER } from "./fixtures/ids";

const ROOT = path.join(__dirname, "..");
const readYaml = (file: string) => parse(fs.readFileSync(file, "utf8"));
const validateProject = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "pulumi", "project.schema.json"), "utf8")),
);

/** The Pulumi CLI's own check beyond the schema (Project.Validate): a key of another namespace declares no type and no default. */
function foreignKeyProblems(project: { name: string; config?: Record<string, unknown> }): string[] {
  return Object.entries(project.config ?? {})
    .filter(([key]) => key.includes(":") && !key.startsWith(`${project.name}:`))
    .filter(([, declared]) => typeof declared === "object" && declared !== null && ("type" in declared || "default" in declared))
    .map(([key]) => `Configuration key '${key}' is not namespaced by the project and should not define a type or default`);
}

function projectProblems(file: string): string[] {
  const project = readYaml(file);
  const schema = validateProject(project) ? [] : (validateProject.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  return [...schema, ...foreignKeyProblems(project)];
}

/** Runs a pipeline's shell script in a fresh project whose stacks/ holds these files; what it printed, and to $GITHUB_OUTPUT. */
function runInProject(script: string, stackFiles: string[], env: (dir: string) => Record<string, string> = () => ({})) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-template-pipeline-"));
  try {
    fs.mkdirSync(path.join(dir, "stacks"));
    for (const file of stackFiles) fs.writeFileSync(path.join(dir, "stacks", file), "config: {}\n");
    const run = spawnSync("bash", ["-e", "-c", script], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH, ...env(dir) } });
    const output = path.join(dir, "output");
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, output: fs.existsSync(output) ? fs.readFileSync(output, "utf8") : "" };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the pulumi new template (templates/entra-baseline/)", () => {
  const project = readYaml(path.join(TEMPLATE_DIR, "Pulumi.yaml"));
  const prompts: Record<string, { description: string; default?: string }> = project.template.config;

  describe("Pulumi.yaml", () => {
    it("is a valid project file by Pulumi's schema (sdk/go/common/workspace/project.json) and the CLI's namespace rule", () => {
      expect(projectProblems(path.join(TEMPLATE_DIR, "Pulumi.yaml"))).to.deep.equal([]);
      expect(projectProblems(path.join(ROOT, "Pulumi.yaml"))).to.deep.equal([]);
    });

    it("rejects what Pulumi rejects: a misspelt template key, a typed key of another namespace", () => {
      const bad = { name: "contoso", runtime: "nodejs", template: { configs: {} } };
      expect(validateProject(bad)).to.equal(false);
      expect(foreignKeyProblems({ name: "contoso", config: { "entra-baseline:plan": { type: "string" } } })).to.have.length(1);
    });

    it("prompts for the tenant id, the plan and the break-glass accounts, each described", () => {
      expect(prompts).to.include.keys("azuread:tenantId", "entra-baseline:plan", "entra-baseline:breakGlassUsers");
      for (const [key, prompt] of Object.entries(prompts)) expect(prompt.description, key).to.be.a("string").with.length.greaterThan(20);
    });

    it("names the project with pulumi new's placeholders and keeps one stack per tenant in stacks/", () => {
      const { name, description, stackConfigDir, runtime } = project;
      expect([name, description, stackConfigDir, runtime.name]).to.deep.equal(["${PROJECT}", "${DESCRIPTION}", "stacks", "nodejs"]);
    });
  });

  describe("the stack it starts", () => {
    it("ships no stack file of its own: pulumi new writes the prompts into stacks/Pulumi.<stack>.yaml, named after the stack", () => {
      expect(fs.readdirSync(path.join(TEMPLATE_DIR, "stacks")).filter((f) => /^Pulumi\./.test(f))).to.deep.equal([]);
      expect(fs.readFileSync(path.join(TEMPLATE_DIR, "stacks", "README.md"), "utf8")).to.contain("Pulumi.<tenant>.yaml");
    });

    it("is a valid configuration with the prompts' defaults and a break-glass account: staging, nothing enforced yet", () => {
      const raw: Record<string, unknown> = {};
      for (const [key, prompt] of Object.entries(prompts))
        if (key.startsWith("entra-baseline:") && prompt.default) raw[key.slice("entra-baseline:".length)] = prompt.default;
      raw.breakGlassUsers = [BREAK_GLASS_USER];
      const validation = validateConfig(raw);
      expect(validation.ok, JSON.stringify(validation)).to.equal(true);
      if (validation.ok) expect([validation.config.protection, validation.config.policyState]).to.deep.equal(["securityDefaults", "reportOnly"]);
    });

    it("rejects a prompt default the configuration would refuse (a plan the schema does not know)", () => {
      expect(validateConfig({ plan: "e5" }).ok).to.equal(false);
    });

    it("names no stack in its npm scripts: plan and test take the one stack file, policy-config the file it is given", () => {
      const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(TEMPLATE_DIR, "package.json"), "utf8")).scripts;
      expect(Object.values(scripts).filter((s) => s.includes("${PROJECT}"))).to.deep.equal([]);
      expect(scripts.plan).to.equal("entra-baseline plan --stacks-dir stacks");
    });

    it("installs a folder dependency as a packed copy, not a link (.npmrc install-links), so the project keeps one @pulumi/pulumi", () => {
      expect(fs.readFileSync(path.join(TEMPLATE_DIR, ".npmrc"), "utf8")).to.match(/^install-links=true$/m);
      // npm reads the key from the project's .npmrc (a misspelt key would read as npm's default, false).
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-npmrc-"));
      try {
        fs.copyFileSync(path.join(TEMPLATE_DIR, ".npmrc"), path.join(dir, ".npmrc"));
        fs.writeFileSync(path.join(dir, "package.json"), "{}");
        const read = spawnSync("npm", ["config", "get", "install-links"], { cwd: dir, encoding: "utf8" });
        expect([read.status, read.stdout.trim()]).to.deep.equal([0, "true"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("says how to install the package from a local tarball until it is published", () => {
      expect(fs.readFileSync(path.join(TEMPLATE_DIR, "README.md"), "utf8")).to.match(/npm install <path to>\/entra-baseline-<version>\.tgz/);
    });
  });

  describe("its pipelines", () => {
    it("are this repository's, rewritten for the project by templates/workflows.ts (regenerate: node -r sucrase/register/ts templates/workflows.ts)", () => {
      for (const [file, expected] of Object.entries(expectedTemplatePipelines())) {
        expect(fs.readFileSync(path.join(TEMPLATE_DIR, file), "utf8"), file).to.equal(expected);
      }
    });

    it("run every stack the project has, named after its file, each signing in to its own tenant, with the package's CLIs and policy pack", () => {
      for (const file of [".github/workflows/preview.yml", ".github/workflows/deploy.yml"]) {
        const workflow = readYaml(path.join(TEMPLATE_DIR, file));
        const job = workflow.jobs.preview ?? workflow.jobs.deploy;
        expect(job.strategy.matrix.include, file).to.equal("${{ fromJSON(needs.stacks.outputs.include) }}");
        expect([job.needs].flat(), file).to.include("stacks");
        expect(workflow.jobs.stacks.outputs.include, file).to.equal("${{ steps.list.outputs.include }}");
        const text = JSON.stringify(workflow);
        expect(text, file).to.contain("node_modules/entra-baseline/policy-pack").and.not.contain("npm run --silent build").and.not.contain("${PROJECT}");
      }
      expect(readYaml(path.join(TEMPLATE_DIR, "azure-pipelines.yml")).parameters[0].default).to.deep.equal([]);
      const template = JSON.parse(fs.readFileSync(path.join(TEMPLATE_DIR, "package.json"), "utf8"));
      expect(Object.keys(template.scripts)).to.include.members(["plan", "diff", "whatif", "test"]);
    });

    describe("the GitHub workflows' list of stacks (the stacks job's script, run in a project)", () => {
      const listed = (stackFiles: string[]) => {
        const script = readYaml(path.join(TEMPLATE_DIR, ".github/workflows/preview.yml")).jobs.stacks.steps.find((s: any) => s.id === "list").run;
        expect(readYaml(path.join(TEMPLATE_DIR, ".github/workflows/deploy.yml")).jobs.stacks.steps.find((s: any) => s.id === "list").run).to.equal(script);
        return runInProject(script, stackFiles, (dir) => ({ GITHUB_OUTPUT: path.join(dir, "output") }));
      };

      it("makes one matrix entry per stack file, with the variables of that stack's own tenant, and nothing for other files", () => {
        const run = listed(["Pulumi.contoso.yaml", "Pulumi.fabrikam-eu.yaml", "README.md", "Pulumi.yaml.bak"]);
        expect(run.status, run.stderr).to.equal(0);
        expect(run.output.trim().split("\n")).to.have.length(1);
        expect(JSON.parse(run.output.trim().replace(/^include=/, ""))).to.deep.equal([
          { stack: "contoso", tenantIdVariable: "CONTOSO_AZURE_TENANT_ID", clientIdVariable: "CONTOSO_AZURE_CLIENT_ID" },
          { stack: "fabrikam-eu", tenantIdVariable: "FABRIKAM_EU_AZURE_TENANT_ID", clientIdVariable: "FABRIKAM_EU_AZURE_CLIENT_ID" },
        ]);
      });

      it("rejects a project with no stack file, and a file whose name is no stack name, saying so", () => {
        const none = listed(["README.md"]);
        expect([none.status, none.output]).to.deep.equal([1, ""]);
        expect(none.stderr).to.contain("::error::no stack file: pulumi new --stack <tenant> writes stacks/Pulumi.<tenant>.yaml");
        const bad = listed(["Pulumi.contoso.yaml", 'Pulumi.a" b.yaml']);
        expect([bad.status, bad.output]).to.deep.equal([1, ""]);
        expect(bad.stderr).to.contain('::error::not a stack name: a" b');
      });
    });

    describe("the Azure pipeline's check of the stacks parameter (its script, run in a project)", () => {
      const checked = (file: string, listedStacks: string[], stackFiles: string[]) => {
        const pipeline = readYaml(path.join(file === "template" ? TEMPLATE_DIR : ROOT, "azure-pipelines.yml"));
        const scripts = [
          pipeline.stages[0].jobs.find((j: any) => j.job === "stacks").steps[0].script,
          pipeline.stages[1].jobs.find((j: any) => j.job === "test").steps.find((s: any) => s.script?.includes("convertToJson")).script,
        ];
        expect(scripts[1], "the same check before pulumi up").to.equal(scripts[0]);
        const parameter = JSON.stringify(
          listedStacks.map((stack) => ({ stack, serviceConnection: "" })),
          null,
          2,
        );
        return runInProject(scripts[0].replace("${{ convertToJson(parameters.stacks) }}", parameter), stackFiles);
      };

      it("accepts the repository's stacks, and a project that lists each of its stack files", () => {
        const shipped = fs.readdirSync(path.join(ROOT, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
        const repository = checked(
          "repository",
          readYaml(path.join(ROOT, "azure-pipelines.yml")).parameters[0].default.map((s: any) => s.stack),
          shipped,
        );
        expect([repository.status, repository.stdout]).to.deep.equal([0, ""]);
        expect(checked("template", ["contoso"], ["Pulumi.contoso.yaml", "README.md"]).status).to.equal(0);
      });

      it("rejects the template as pulumi new writes it (no stack listed), naming the stack file and the entry to add, and an entry with no file", () => {
        const fresh = checked("template", [], ["Pulumi.contoso.yaml"]);
        expect(fresh.status).to.equal(1);
        expect(fresh.stdout).to.equal(
          "##vso[task.logissue type=error]stack contoso (stacks/Pulumi.contoso.yaml) is not in the stacks parameter: " +
            'add - { stack: contoso, serviceConnection: "" }\n',
        );
        const stale = checked("template", ["contoso", "contoso-entra"], ["Pulumi.contoso.yaml"]);
        expect([stale.status, stale.stdout]).to.deep.equal([
          1,
          "##vso[task.logissue type=error]the stacks parameter lists contoso-entra, which has no stack file stacks/Pulumi.contoso-entra.yaml\n",
        ]);
      });
    });

    it("fail to regenerate, naming the rewrite, when the repository's pipeline changes shape", () => {
      expect(() => templatePipeline(".github/workflows/deploy.yml", "jobs: {}\n")).to.throw(/no longer applies/);
    });
  });

  it("is offered by the README's quick start beside the clone-and-run path", () => {
    expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).to.match(/pulumi new [^\n]*templates\/entra-baseline/);
  });
});
