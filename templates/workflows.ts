import * as fs from "fs";
import * as path from "path";

/**
 * The `pulumi new` template's pipelines are this repository's, rewritten for a project that installed
 * the package: its stacks are its stack files (`pulumi new` knows the stack's name but writes only
 * `${PROJECT}` into files, so the GitHub workflows list `stacks/Pulumi.*.yaml` when they run, and the
 * Azure pipeline, whose service connections must be known when it compiles, starts empty and refuses a
 * stack file it does not list), the CLIs and the policy pack from node_modules/entra-baseline, no build step.
 * `test/template.test.ts` fails when they drift apart;
 * `node -r sucrase/register/ts templates/workflows.ts` writes them again.
 */

const ROOT = path.join(__dirname, "..");
export const TEMPLATE_DIR = path.join(__dirname, "entra-baseline");

const PREVIEW = ".github/workflows/preview.yml";
const DEPLOY = ".github/workflows/deploy.yml";
const AZURE = "azure-pipelines.yml";

interface Rewrite {
  readonly why: string;
  readonly from: RegExp;
  readonly to: string;
  /** The files it must apply to: a change in the repository's pipelines cannot slip through unrewritten. */
  readonly in: readonly string[];
}

const GITHUB_STACK = /^(\s+)include:\n(?:\s+- \{ stack: [\w-]+, tenantIdVariable: \w+, clientIdVariable: \w+ \}\n)+/m;
const AZURE_STACK = /^(\s+)default:\n(?:\s+- \{ stack: [\w-]+, serviceConnection: "[^"]*" \}\n)+/m;

/**
 * The job that lists the project's stacks for the GitHub matrices: one entry per `stacks/Pulumi.<stack>.yaml`, with
 * the variables of that stack's own tenant, `<STACK>_AZURE_TENANT_ID` and `<STACK>_AZURE_CLIENT_ID` (the stack's name
 * upper-cased, `-` and `.` as `_`), as this repository's matrices name them. `test/template.test.ts` runs its script.
 */
const STACKS_JOB = `  stacks:
    runs-on: ubuntu-latest
    outputs:
      include: \${{ steps.list.outputs.include }}
    steps:
      - uses: actions/checkout@v4
      # One matrix entry per stack file, named after its tenant (pulumi new --stack <tenant> wrote it), with the
      # variables of its own tenant: <STACK>_AZURE_TENANT_ID, <STACK>_AZURE_CLIENT_ID (upper case, - and . as _).
      - name: List the stacks
        id: list
        run: |
          node -e '
            const stacks = require("fs").readdirSync("stacks").map((f) => /^Pulumi\\.(.+)\\.yaml$/.exec(f)).filter(Boolean).map((m) => m[1]).sort();
            const bad = stacks.filter((s) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s));
            if (stacks.length === 0 || bad.length > 0) {
              const none = "::error::no stack file: pulumi new --stack <tenant> writes stacks/Pulumi.<tenant>.yaml";
              console.error(stacks.length === 0 ? none : "::error::not a stack name: " + bad.join(", "));
              process.exit(1);
            }
            const variable = (s, name) => s.toUpperCase().replace(/[^A-Z0-9]/g, "_") + "_AZURE_" + name;
            const include = stacks.map((stack) => ({ stack, tenantIdVariable: variable(stack, "TENANT_ID"), clientIdVariable: variable(stack, "CLIENT_ID") }));
            console.log("include=" + JSON.stringify(include));
          ' >> "$GITHUB_OUTPUT"

`;

const REWRITES: readonly Rewrite[] = [
  {
    why: "the stacks are the project's stack files, listed when the workflow runs",
    from: GITHUB_STACK,
    to: "$1include: ${{ fromJSON(needs.stacks.outputs.include) }}\n",
    in: [PREVIEW, DEPLOY],
  },
  { why: "a job lists them", from: /^jobs:\n/m, to: `jobs:\n${STACKS_JOB}`, in: [PREVIEW, DEPLOY] },
  { why: "the preview waits for the list", from: /^  preview:\n/m, to: "  preview:\n    needs: stacks\n", in: [PREVIEW] },
  { why: "the deployment waits for the list", from: /^    needs: test\n/m, to: "    needs: [test, stacks]\n", in: [DEPLOY] },
  {
    why: "no stack until the project lists its own (the stack files' check names each one missing)",
    from: AZURE_STACK,
    to: "$1default: []\n",
    in: [AZURE],
  },
  { why: "the package is built already", from: /^\s+npm run --silent build\n/gm, to: "", in: [PREVIEW, DEPLOY, AZURE] },
  {
    why: "the pack's config writer is the package's",
    from: /node dist\/policy-pack\/configFromStack\.js/g,
    to: "node node_modules/entra-baseline/dist/policy-pack/configFromStack.js",
    in: [PREVIEW, DEPLOY, AZURE],
  },
  {
    why: "the pack is the package's",
    from: /(policyPacks: \$\{\{ github\.workspace \}\}(?:\/head)?)\/policy-pack/g,
    to: "$1/node_modules/entra-baseline/policy-pack",
    in: [PREVIEW, DEPLOY],
  },
  { why: "the pack is the package's", from: /--policy-pack policy-pack /g, to: "--policy-pack node_modules/entra-baseline/policy-pack ", in: [AZURE] },
  { why: "the docs are the package's, not the project's", from: /\(?docs\/(\w[\w-]*\.md)\)?/g, to: "(entra-baseline's docs/$1)", in: [PREVIEW, DEPLOY, AZURE] },
  { why: "the specs are the package's", from: /test\/[\w-]+\.test\.ts checks/g, to: "entra-baseline's specs check", in: [] },
];

/** A repository pipeline as the template ships it; throws naming a rewrite that no longer applies. */
export function templatePipeline(file: string, text: string): string {
  let result = text;
  for (const rewrite of REWRITES) {
    const next = result.replace(rewrite.from, rewrite.to);
    if (rewrite.in.includes(file) && next === result) {
      throw new Error(`${file}: the rewrite "${rewrite.why}" (${rewrite.from}) no longer applies; update templates/workflows.ts to the new pipeline`);
    }
    result = next;
  }
  return `# From entra-baseline's ${file}, rewritten by its templates/workflows.ts for a project made with pulumi new.\n${result}`;
}

/** What each template pipeline file should contain now. */
export function expectedTemplatePipelines(): Record<string, string> {
  return Object.fromEntries([PREVIEW, DEPLOY, AZURE].map((file) => [file, templatePipeline(file, fs.readFileSync(path.join(ROOT, file), "utf8"))]));
}

if (require.main === module) {
  for (const [file, text] of Object.entries(expectedTemplatePipelines())) {
    fs.mkdirSync(path.dirname(path.join(TEMPLATE_DIR, file)), { recursive: true });
    fs.writeFileSync(path.join(TEMPLATE_DIR, file), text);
    process.stdout.write(`wrote templates/entra-baseline/${file}\n`);
  }
}
