import type { Cloud } from "../config/types";
import { readTenantFromEnvironment } from "../live/readTenant";
import { formatDrift, formatPerUserMfa } from "../plan/formatDrift";
import { formatPlan } from "../plan/formatPlan";
import type { PlanResult } from "../plan/planResult";
import { readPreviousPlan } from "./previousPlan";
import { commandLine, parseArguments, runCommand } from "./runCommand";
import { runPlan } from "../plan/runPlan";
import { UsageError } from "../plan/errors";

/** Exit codes a pipeline can rely on. */
export const EXIT = { accepted: 0, rejected: 1, usage: 2, drifted: 3 } as const;

interface Options {
  stack: string;
  json?: boolean;
  stacksDir?: string;
  previous?: string;
  against?: string;
}

function format(result: PlanResult): string {
  return [
    formatPlan(result),
    ...(result.drift ? ["", formatDrift(result.drift)] : []),
    ...(result.perUserMfa ? ["", formatPerUserMfa(result.perUserMfa)] : []),
  ].join("\n");
}

/** The tenant reader for `--against live`: credentials from the environment, which one is said on stderr. */
function liveReader(against: string | undefined) {
  if (against === undefined) return undefined;
  if (against !== "live") throw new UsageError(`--against ${against}: the only target is live (the tenant of the credentials in the environment)`);
  return (cloud: Cloud) => readTenantFromEnvironment(cloud, process.env, (line) => process.stderr.write(`${line}\n`), { auditPerUserMfa: true });
}

async function main(argv: string[]): Promise<number> {
  const program = commandLine("plan", "show what `pulumi up` would declare for a stack, offline, under Pulumi's mock engine")
    .requiredOption("--stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("--json", "print one JSON object instead of the table")
    .option("--stacks-dir <dir>", "folder of the stack files")
    .option("--against <target>", "live: read the tenant (credentials from the environment), run the live checks and show the drift")
    .option("--previous <plan.json>", "the deployed state (a plan --json of it): also check the migration order from it");
  const ended = parseArguments(program, argv);
  if (ended !== undefined) return ended;
  const options = program.opts<Options>();
  const readTenant = liveReader(options.against);
  const previous = options.previous ? readPreviousPlan(options.previous) : undefined;
  const result = await runPlan({ stack: options.stack, stacksDir: options.stacksDir, previous, readTenant });
  process.stdout.write(`${options.json ? JSON.stringify(result, null, 2) : format(result)}\n`);
  return result.drift?.drifted ? EXIT.drifted : EXIT.accepted;
}

runCommand("plan", () => main(process.argv));
