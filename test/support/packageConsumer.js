// Runs inside a fresh Pulumi project that installed the packed entra-baseline tarball, the way a
// user's project would: type-checks and compiles its index.ts against the package's declarations,
// then runs that program under Pulumi's mock engine with each configuration given, and runs the
// serialized Security Defaults provider the way Pulumi's dynamic-provider host does.
// Usage (cwd = the project): node packageConsumer.js <this repository, for typescript and @types/node> <configs.json>
// Prints one JSON object: { typeErrors, runs: [{ resources, outputs } | { error }], provider }.
const fs = require("fs");
const path = require("path");

const project = process.cwd();
const repository = process.argv[2];
const ts = require(require.resolve("typescript", { paths: [repository] }));
const configs = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const stack = process.argv[4];
const fromProject = (name) => require(require.resolve(name, { paths: [project] }));

function compile() {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
    typeRoots: [path.join(repository, "node_modules", "@types")],
    outDir: project,
  };
  const program = ts.createProgram([path.join(project, "index.ts")], options);
  const emitted = program.emit();
  return [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** How the provider host loads a serialized provider: require-from-string at the host's own path. */
async function runSerializedProvider(serialized) {
  const host = path.dirname(require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [project] }));
  const requires = [...serialized.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  const unresolved = requires.filter((name) => {
    try {
      require.resolve(name, { paths: [host] });
      return false;
    } catch {
      return true;
    }
  });
  const requireFromString = require(require.resolve("require-from-string", { paths: [host] }));
  const provider = requireFromString(serialized, path.join(host, "provider.js")).handler();
  const check = await provider.check({}, { isEnabled: "yes" });
  const diff = await provider.diff("identitySecurityDefaultsEnforcementPolicy", { isEnabled: true }, { isEnabled: false });
  return { requires: [...new Set(requires)], unresolved, check, diff };
}

/**
 * The policy pack as `pulumi preview --policy-pack node_modules/entra-baseline/policy-pack` finds it: its
 * program and what that program requires resolve from the pack's folder; its mandatory policy judges the
 * resources the program registered, given as Pulumi's analyzer gives them.
 */
function runPolicyPack(resources, packConfigFile) {
  const folder = path.join(project, "node_modules", "entra-baseline", "policy-pack");
  const program = require.resolve(folder);
  // Each module as the pack's folder resolves it, relative to the project's own copy of its package (a real path,
  // since the project may link a package): "index.js" means the pack uses the project's install.
  const fromProjectCopy = (pkg, name) =>
    path.relative(fs.realpathSync(path.join(project, "node_modules", pkg)), require.resolve(name, { paths: [path.dirname(program)] }));
  const resolves = [fromProjectCopy("@pulumi/policy", "@pulumi/policy"), fromProjectCopy("@pulumi/pulumi", "@pulumi/pulumi/cmd/run-policy-pack")];
  const { ENTRA_BASELINE_POLICIES } = require(path.join(path.dirname(program), "policies.js"));
  // The config as Pulumi hands it to each policy: its section of the file the template's policy-config script wrote.
  const sections = JSON.parse(fs.readFileSync(packConfigFile, "utf8"));
  const violations = [];
  const declared = resources.map((r) => ({ type: r.type, name: r.name, urn: `urn:pulumi:contoso::p::${r.type}::${r.name}`, props: r.inputs }));
  for (const policy of ENTRA_BASELINE_POLICIES) {
    const config = sections[policy.name];
    const args = { resources: declared, stackTags: new Map(), getConfig: () => config, notApplicable: (reason) => violations.push({ notApplicable: reason }) };
    policy.validateStack(args, (message, urn) => violations.push({ policy: policy.name, message, urn }));
  }
  return { program: path.relative(project, program), resolves, violations };
}

/**
 * How many @pulumi/pulumi the project loaded: the real folders of every module of it in require's cache, after the
 * program, the provider, the pack and the CLI ran; and the copy each party resolves (the project, the package's
 * built code, @pulumi/azuread and @pulumi/policy), as real paths relative to the project.
 */
function pulumiCopies() {
  const loaded = new Set();
  for (const file of Object.keys(require.cache)) {
    const m = /^(.*[\\/]node_modules[\\/]@pulumi[\\/]pulumi)[\\/]/.exec(file);
    if (m) loaded.add(path.relative(project, fs.realpathSync(m[1])));
  }
  const copyFor = (from) =>
    path.relative(project, path.dirname(fs.realpathSync(require.resolve("@pulumi/pulumi/package.json", { paths: [fs.realpathSync(from)] }))));
  const modules = path.join(project, "node_modules");
  return {
    loaded: [...loaded],
    resolvedBy: {
      project: copyFor(project),
      package: copyFor(path.join(modules, "entra-baseline", "dist")),
      azuread: copyFor(path.join(modules, "@pulumi", "azuread")),
      policy: copyFor(path.join(modules, "@pulumi", "policy")),
    },
  };
}

/** A built command of the package, in this process: its exit code and what it wrote. */
async function runBuilt(modulePath, argv) {
  const { main } = require(path.join(project, "node_modules", "entra-baseline", "dist", modulePath));
  let stdout = "";
  let stderr = "";
  const io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/**
 * The template's `npm run --silent policy-config -- stacks/Pulumi.<stack>.yaml > policy-pack-config.json`, read
 * back as the pack reads its config (policy-pack/config.ts's readPackConfigFile).
 */
async function runPolicyConfig() {
  const run = await runBuilt("policy-pack/configFromStack.js", [path.join("stacks", `Pulumi.${stack}.yaml`)]);
  const file = path.join(project, "policy-pack-config.json");
  fs.writeFileSync(file, run.stdout);
  const { readPackConfigFile } = require(path.join(project, "node_modules", "entra-baseline", "dist", "policy-pack", "config.js"));
  return { code: run.code, file, readings: readPackConfigFile(file) };
}

async function main() {
  const typeErrors = compile();
  const pulumi = fromProject("@pulumi/pulumi");
  let recorded = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => (recorded.push({ type: args.type, name: args.name, inputs: args.inputs }), { id: `${args.name}-id`, state: args.inputs }),
      call: () => ({}),
    },
    path.basename(project),
    "contoso",
    false,
  );
  const program = require(path.join(project, "index.js"));
  const runs = [];
  for (const config of configs) {
    recorded = [];
    pulumi.runtime.setAllConfig(config);
    try {
      const outputs = await program();
      await pulumi.runtime.waitForRPCs();
      runs.push({ resources: recorded, outputs: { guardFindings: outputs.guardFindings, settings: outputs.settings } });
    } catch (err) {
      await pulumi.runtime.waitForRPCs();
      runs.push({ error: { message: err.message, isRunError: pulumi.RunError.isInstance(err), stack: err.stack }, resources: recorded });
    }
  }
  const securityDefaults = runs.flatMap((r) => r.resources).find((r) => r.type.endsWith(":SecurityDefaults"));
  const provider = securityDefaults ? await runSerializedProvider(securityDefaults.inputs.__provider) : undefined;
  const policyConfig = await runPolicyConfig();
  const policyPack = runPolicyPack(runs[0].resources, policyConfig.file);
  for (const run of runs) for (const r of run.resources) delete r.inputs.__provider;
  // The template's `npm run plan`: the one stack file, no --stack (the CLI installs its own mocks, so it runs last).
  const cli = await runBuilt("cli/plan.js", ["--stacks-dir", "stacks", "--json"]);
  const copies = pulumiCopies();
  process.stdout.write(
    JSON.stringify({ typeErrors, runs, provider, policyPack, policyConfig: { code: policyConfig.code, readings: policyConfig.readings }, cli, copies }),
  );
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
