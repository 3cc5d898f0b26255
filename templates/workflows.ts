import * as fs from "fs";
import * as path from "path";

/**
 * The `pulumi new` template's pipelines are this repository's, rewritten for a project that installed
 * the package: one stack (the project, named after its tenant), the CLIs and the policy pack from
 * node_modules/entra-baseline, no build step. `test/template.test.ts` fails when they drift apart;
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

const GITHUB_STACK =
  /^(\s+)- \{ stack: [\w-]+, tenantIdVariable: \w+, clientIdVariable: \w+ \}\n(?:\s+- \{ stack: [\w-]+, tenantIdVariable: \w+, clientIdVariable: \w+ \}\n)*/m;
const AZURE_STACK = /^(\s+)- \{ stack: [\w-]+, serviceConnection: "[^"]*" \}\n(?:\s+- \{ stack: [\w-]+, serviceConnection: "[^"]*" \}\n)*/m;

const REWRITES: readonly Rewrite[] = [
  {
    why: "one stack, the project's, signing in with the AZURE_* variables of the repository or the environment",
    from: GITHUB_STACK,
    to: '$1- { stack: "${PROJECT}", tenantIdVariable: AZURE_TENANT_ID, clientIdVariable: AZURE_CLIENT_ID }\n',
    in: [PREVIEW, DEPLOY],
  },
  { why: "one stack, the project's", from: AZURE_STACK, to: '$1- { stack: "${PROJECT}", serviceConnection: "" }\n', in: [AZURE] },
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
