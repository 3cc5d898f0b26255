import { Command, CommanderError } from "commander";
import type { Cloud } from "../config/types";
import { GraphRequestError } from "../graph/errors";
import { readTenantFromEnvironment } from "../live/readTenant";
import { formatDrift, formatPerUserMfa } from "./formatDrift";
import { formatPlan } from "./formatPlan";
import { PlanRejectedError, runPlan } from "./runPlan";
import { readPreviousPlan } from "./previousPlan";
import { StackFileError, UsageError } from "./stackFile";

/** Exit codes a pipeline can rely on. */
export const EXIT = { accepted: 0, rejected: 1, usage: 2, drifted: 3 } as const;

async function main(argv: string[]): Promise<number> {
  const program = new Command("plan")
    .description("show what `pulumi up` would declare for a stack, offline, under Pulumi's mock engine")
    .requiredOption("--stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("--json", "print one JSON object instead of the table")
    .option("--stacks-dir <dir>", "folder of the stack files")
    .option("--against <target>", "live: read the tenant (credentials from the environment), run the live checks and show the drift")
    .option("--previous <plan.json>", "the deployed state (a plan --json of it): also check the migration order from it")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(`plan: ${text.replace(/^error: /, "")}`) });
  try {
    program.parse(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.accepted : EXIT.usage;
    throw err;
  }
  const options = program.opts<{ stack: string; json?: boolean; stacksDir?: string; previous?: string; against?: string }>();
  try {
    if (options.against !== undefined && options.against !== "live") {
      throw new UsageError(`--against ${options.against}: the only target is live (the tenant of the credentials in the environment)`);
    }
    const previous = options.previous ? readPreviousPlan(options.previous) : undefined;
    const readTenant = options.against === "live" ? (cloud: Cloud) => readTenantFromEnvironment(cloud, process.env, (line) => process.stderr.write(`${line}\n`), { auditPerUserMfa: true }) : undefined;
    const result = await runPlan({ stack: options.stack, stacksDir: options.stacksDir, previous, readTenant });
    const text = options.json ? JSON.stringify(result, null, 2) : [formatPlan(result), ...(result.drift ? ["", formatDrift(result.drift)] : []), ...(result.perUserMfa ? ["", formatPerUserMfa(result.perUserMfa)] : [])].join("\n");
    process.stdout.write(`${text}\n`);
    return result.drift?.drifted ? EXIT.drifted : EXIT.accepted;
  } catch (err) {
    if (err instanceof GraphRequestError) {
      process.stderr.write(`plan: could not read the tenant: ${err.message}\n`);
      return EXIT.rejected;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`plan: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof PlanRejectedError || err instanceof StackFileError) {
      process.stderr.write(`${err.message}\n\nnothing would be deployed.\n`);
      return EXIT.rejected;
    }
    throw err;
  }
}

main(process.argv).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`plan: unexpected failure: ${(err as Error).message}\n`);
    process.exit(EXIT.rejected);
  },
);
