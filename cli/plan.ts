import { Option } from "commander";
import type { Cloud } from "../config/types";
import type { TenantState } from "../policies/tenantState";
import { readTenantFromEnvironment } from "../live/readTenant";
import { formatAuthenticationMethodsDrift, formatDrift, formatPerUserMfa } from "../format/formatDrift";
import { formatPlan } from "../format/formatPlan";
import { formatStep1 } from "../step1/formatStep1";
import type { PlanResult } from "../documents/planResult";
import { diffPolicy } from "../diff/policy";
import { readPlanFile } from "../documents/documents";
import { readStateIds } from "../documents/stateFile";
import { formatPlanMarkdown } from "../report/markdown";
import { readLiveTenant } from "./liveRead";
import { type CommandIo, command, commandLine, parseArguments, runAsScript } from "./runCommand";
import { runPlan } from "../plan/runPlan";
import { theOnlyStack } from "../documents/stackFile";
import { EXIT, UsageError } from "../documents/errors";

/** `text` for a terminal, `md` (or `markdown`) for a job summary or pull request, `json` for tools (as `--json`). */
const FORMATS = ["text", "md", "markdown", "json"] as const;

interface Options {
  stack?: string;
  json?: boolean;
  format?: (typeof FORMATS)[number];
  stacksDir?: string;
  previous?: string;
  against?: string;
  state?: string;
}

/** What adopting each tenant policy changes, in the semantic diff's words (weakening changes marked): read before accepting it. */
function adoptionDiff(result: PlanResult): string[] {
  const breakGlass = [...result.breakGlass.users, ...result.breakGlass.groups];
  const ctx = { breakGlassUsers: result.breakGlass.users, breakGlassGroups: result.breakGlass.groups, baseBreakGlass: breakGlass, headBreakGlass: breakGlass };
  const lines: string[] = [];
  for (const p of result.drift?.policies ?? []) {
    const declared = p.status === "adopt" ? result.conditionalAccessPolicies.find((d) => d.displayName === p.displayName) : undefined;
    if (p.status !== "adopt" || !declared) continue;
    const changes = diffPolicy({ ...p.before, displayName: declared.displayName }, declared, ctx);
    lines.push(
      `adopting "${p.from}" as ${p.displayName}: ${changes.length === 0 ? "enforces the same, only the name changes" : `${changes.length} change(s)`}`,
    );
    for (const c of changes) lines.push(`  ${c.weakens ? "WEAKENS " : ""}${c.sentence}`);
  }
  return lines.length > 0 ? ["", ...lines] : [];
}

function format(result: PlanResult, color = false): string {
  return [
    formatPlan(result, { color }),
    ...(result.drift ? ["", formatDrift(result.drift), ...adoptionDiff(result)] : []),
    ...(result.perUserMfa ? ["", formatPerUserMfa(result.perUserMfa)] : []),
    ...(result.authenticationMethods ? ["", formatAuthenticationMethodsDrift(result.authenticationMethods)] : []),
    ...(result.step1 ? ["", formatStep1(result.step1)] : []),
  ].join("\n");
}

/** The deployed state `--previous` names: Security Defaults and the policies of a plan of it. */
const deployedState = (plan: PlanResult): TenantState => ({ securityDefaults: plan.securityDefaults, policies: plan.conditionalAccessPolicies });

/** The tenant reader for `--against live`: credentials from the environment, which one is said on stderr. */
function liveReader(against: string | undefined, io: CommandIo) {
  if (against === undefined) return undefined;
  if (against !== "live") throw new UsageError(`--against ${against}: the only target is live (the tenant of the credentials in the environment)`);
  return (cloud: Cloud, config: Record<string, unknown>) =>
    readLiveTenant((options) => readTenantFromEnvironment(cloud, io.env ?? process.env, (line) => io.stderr(`${line}\n`), options), config, io);
}

/** `npm run plan`: what `pulumi up` would declare for a stack, offline. Exit codes: `documents/errors.ts`. */
export const main = command("plan", async (argv, io) => {
  const program = commandLine("plan", "show what `pulumi up` would declare for a stack, offline, under Pulumi's mock engine", io)
    .option("--stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml (default: the only stack file there)")
    .option("--json", "print one JSON object instead of the table")
    .addOption(new Option("--format <format>", "text (default), md (or markdown) for a job summary or pull request, json").choices(FORMATS))
    .option("--stacks-dir <dir>", "folder of the stack files")
    .option("--against <target>", "live: read the tenant (credentials from the environment), run the live checks and show the drift")
    .option("--previous <plan.json>", "the deployed state (a plan --json of it): also check the migration order from it")
    .option("--state <file>", "with --against live: the stack's state (pulumi stack output --json, or pulumi stack export), to match its policies by id");
  const ended = parseArguments(program, argv);
  if (ended !== undefined) return ended;
  const options = program.opts<Options>();
  const readTenant = liveReader(options.against, io);
  const previous = options.previous === undefined ? undefined : deployedState(readPlanFile(options.previous, "--previous"));
  if (options.state !== undefined && !readTenant)
    throw new UsageError("--state needs --against live: the ids in the state are matched against the tenant's policies");
  const policyIdsInState = options.state === undefined ? undefined : readStateIds(options.state);
  const stack = options.stack ?? theOnlyStack(options.stacksDir);
  const result = await runPlan({ stack, stacksDir: options.stacksDir, previous, readTenant, policyIdsInState });
  const as = options.json ? "json" : (options.format ?? "text");
  io.stdout(as === "json" ? `${JSON.stringify(result, null, 2)}\n` : as === "text" ? `${format(result, io.color)}\n` : formatPlanMarkdown(result));
  return result.drift?.drifted ? EXIT.drifted : EXIT.ok;
});

if (require.main === module) runAsScript(main);
