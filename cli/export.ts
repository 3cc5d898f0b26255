import * as fs from "fs";
import * as path from "path";
import { decideBaseline, guardInputOf } from "../components/decideBaseline";
import { CLOUDS, isGapRule, type AcceptedGaps, type Cloud } from "../config/types";
import type { GraphClient } from "../graph/client";
import { progress, type OnProgress } from "../text/progress";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { exportedConfig, exportStack, formatStackFile, readTenantForExport, type ExportedStack, type ExportOptions } from "../export/exportStack";
import type { InheritedRiskSetting } from "../config/args";
import { validateConfig } from "../config/validate";
import { buildBaselinePolicies } from "../policies/baseline";
import { findInheritedRisks } from "../components/inheritedRisks";
import { EXIT, UsageError } from "../documents/errors";
import { customPolicyProblems } from "../components/customPolicyInputs";
import { DEFAULT_STACKS_DIR } from "../documents/stackFile";
import { command, commandLine, parseArguments, runAsScript } from "./runCommand";

interface Options {
  against?: string;
  stack?: string;
  stacksDir?: string;
  cloud: string;
  force?: boolean;
  renameAdopted?: boolean;
}

/** The guard errors the exported policies carry as they are: written as inherited risks, each bound to its policies' content. */
function inheritedRisksOf(exported: ExportedStack): InheritedRiskSetting[] {
  const validation = validateConfig(exportedConfig(exported));
  if (!validation.ok) return [];
  return findInheritedRisks(validation.config, (config) => guardInputOf(config, buildBaselinePolicies(config), "preview"));
}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Reads the tenant and returns the stack file's text and what was found. */
export async function exportTenant(
  client: GraphClient,
  stack: string,
  options: ExportOptions = {},
  onProgress?: OnProgress,
): Promise<{ text: string; exported: ExportedStack }> {
  // What the provider that writes a custom policy would refuse in it (EB-PROVIDER-INPUTS): the export leaves such a policy out.
  const written = exportStack(await readTenantForExport(client, onProgress), { providerProblems: customPolicyProblems, ...options });
  const withRisks = { ...written, inheritedRisks: inheritedRisksOf(written) };
  const acceptedGaps = inheritedGaps(withRisks);
  const exported = Object.keys(acceptedGaps).length > 0 ? { ...withRisks, acceptedGaps } : withRisks;
  return { text: formatStackFile(stack, exported), exported };
}

/**
 * The gaps the guard finds in the exported stack: the tenant's own, as it is. Accepted by name, with a
 * reason that says to close them, so the stack plans as the tenant is; nothing is weakened by exporting.
 */
function inheritedGaps(exported: ExportedStack): AcceptedGaps {
  const decision = decideBaseline(exportedConfig(exported));
  const found = decision.ok ? [] : decision.findings.filter((f) => f.severity === "error" && isGapRule(f.rule));
  const reason = "inherited: the tenant had this gap when npm run export read it; close it, then remove this entry";
  return Object.fromEntries([...new Set(found.map((f) => f.rule))].map((rule) => [rule, { reason }]));
}

/** The inherited risks the export found, one line each: the rule, the policies, the finding with its fix. */
const risksFound = (e: ExportedStack): string[] =>
  (e.inheritedRisks ?? []).map((r) => `export: inherited risk [${r.rule}] in ${Object.keys(r.policies).join(", ")}: ${r.finding}`);

function summary(file: string, e: ExportedStack): string {
  const bg = e.breakGlassCandidates.users.length + e.breakGlassCandidates.groups.length;
  return [
    `export: wrote ${file}: plan ${e.plan}, ${Object.keys(e.customPolicies).length} custom policies, ` +
      `${Object.keys(e.namedLocations).length} named locations, ${Object.keys(e.adopt).length} adopted baseline policies`,
    `export: ${bg} break-glass candidates to confirm (breakGlassConfirmed: false until you do; pulumi up refuses before)`,
    ...e.skipped.map((s) => `export: not exported: "${s.displayName}" (${s.id}): ${s.reason}`),
    ...(e.skipped.length > 0 ? [`export: ${e.skipped.length} policies left out (unmanagedPolicies); exit ${EXIT.leftOut}`] : []),
    ...risksFound(e),
  ].join("\n");
}

/**
 * `npm run export -- --against live [--stack NAME]`: a ready stack file from the tenant of the environment's credentials.
 * Exit codes: `documents/errors.ts`.
 */
export const main = command("export", async (argv, io) => {
  const program = commandLine("export", "write a stack file that owns the tenant as it is: plan, break-glass candidates, custom policies, named locations", io)
    .requiredOption("--against <target>", "live: the tenant of the credentials in the environment")
    .option("--stack <name>", "write stacks/Pulumi.<name>.yaml (default: print the stack file)")
    .option("--stacks-dir <dir>", "folder of the stack files")
    .option("--cloud <cloud>", "global, usgovernment or china", "global")
    .option("--force", "overwrite an existing stack file")
    .option("--rename-adopted", "rename adopted policies to the baseline's names (default: they keep the tenant's)");
  const ended = parseArguments(program, argv);
  if (ended !== undefined) return ended;
  const options = program.opts<Options>();
  if (options.against !== "live") {
    throw new UsageError(`--against ${options.against}: the only source is live (the tenant of the credentials in the environment)`);
  }
  if (!(CLOUDS as readonly string[]).includes(options.cloud)) {
    throw new UsageError(`--cloud ${options.cloud}: use ${CLOUDS.slice(0, -1).join(", ")} or ${CLOUDS[CLOUDS.length - 1]}`);
  }
  if (options.stack !== undefined && !STACK_NAME.test(options.stack)) {
    throw new UsageError(`--stack ${options.stack}: a stack name is letters, digits, ".", "_" and "-"; name it after the tenant`);
  }
  const file = options.stack !== undefined ? path.join(options.stacksDir ?? DEFAULT_STACKS_DIR, `Pulumi.${options.stack}.yaml`) : undefined;
  if (file && fs.existsSync(file) && !options.force) throw new UsageError(`${file} exists; pass --force to overwrite it, or choose another --stack`);
  const client = graphClientFromEnvironment(options.cloud as Cloud, io.env ?? process.env, (line) => io.stderr(`${line}\n`));
  // A meter only at a terminal: CI logs and the stack file on stdout stay clean.
  const meter = progress({ label: "export: policies read", write: io.stderr, isTTY: io.stderrIsTTY === true });
  const { text, exported } = await exportTenant(client, options.stack ?? "<stack>", { renameAdopted: options.renameAdopted === true }, (done) =>
    meter.update(done),
  ).finally(() => meter.end());
  // Exit 7 says the stack leaves policies out; a pipeline can branch on it (documents/errors.ts).
  const code = exported.skipped.length > 0 ? EXIT.leftOut : EXIT.ok;
  if (!file) {
    io.stdout(text);
    if (exported.skipped.length > 0) io.stderr(`export: ${exported.skipped.length} policies left out (unmanagedPolicies)\n`);
    for (const line of risksFound(exported)) io.stderr(`${line}\n`);
    return code;
  }
  fs.writeFileSync(file, text);
  io.stderr(`${summary(file, exported)}\n`);
  return code;
});

if (require.main === module) runAsScript(main);
