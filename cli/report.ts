import { Option } from "commander";
import * as fs from "fs";
import type { Cloud } from "../config/types";
import type { GraphClient } from "../graph/client";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { readTenant } from "../live/readTenant";
import { readLiveTenant } from "./liveRead";
import { EXIT, UsageError } from "../documents/errors";
import { runPlan } from "../plan/runPlan";
import { readDirectoryNames } from "../report/liveNames";
import { formatStackMarkdown } from "../report/markdown";
import { idsToResolve } from "../report/names";
import { buildStackReport } from "../report/stackReport";
import { renderStackHtml } from "../report/stackHtml";
import { type CommandIo, command, commandLine, parseArguments, runAsScript } from "./runCommand";

const FORMATS = ["html", "md", "markdown"] as const;

interface Options {
  stack: string;
  stacksDir?: string;
  against?: string;
  out?: string;
  format: (typeof FORMATS)[number];
}

/** `--against live`: one Graph client from the environment, for the tenant and then for the names its policies use. */
function liveClient(against: string | undefined, io: CommandIo): ((cloud: Cloud) => GraphClient) | undefined {
  if (against === undefined) return undefined;
  if (against !== "live") throw new UsageError(`--against ${against}: the only target is live (the tenant of the credentials in the environment)`);
  let client: GraphClient | undefined;
  return (cloud) => (client ??= graphClientFromEnvironment(cloud, io.env ?? process.env, (line) => io.stderr(`${line}\n`)));
}

/** `npm run report`: a stack's report as one self-contained HTML page (or markdown). Exit codes: `documents/errors.ts`. */
export const main = command("report", async (argv, io) => {
  const program = commandLine("report", "write a stack's sign-in security report: policies, what-if heat-map, lockout proof, Step 1, drift, guard findings", io)
    .requiredOption("--stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("--stacks-dir <dir>", "folder of the stack files")
    .option("--against <target>", "live: read the tenant (credentials from the environment): drift, Step 1, and the names of users, groups, roles and apps")
    .option("--out <file>", "write the report to this file (default: print it)")
    .addOption(
      new Option("--format <format>", "html: one self-contained page; md (or markdown): for a job summary or pull request").choices(FORMATS).default("html"),
    );
  const ended = parseArguments(program, argv);
  if (ended !== undefined) return ended;
  const o = program.opts<Options>();
  const client = liveClient(o.against, io);
  let cloud: Cloud | undefined;
  const plan = await runPlan({
    stack: o.stack,
    stacksDir: o.stacksDir,
    readTenant: client
      ? (stackCloud, config) => {
          cloud = stackCloud;
          return readLiveTenant((options) => readTenant(client(stackCloud), options), config, io);
        }
      : undefined,
  });
  const resolved = client && cloud ? await readDirectoryNames(client(cloud), idsToResolve(plan.conditionalAccessPolicies)) : undefined;
  const report = buildStackReport(plan, { names: resolved?.names, nameNotes: resolved?.notes });
  const output = o.format === "html" ? renderStackHtml(report) : formatStackMarkdown(report);
  if (o.out === undefined) {
    io.stdout(output);
    return EXIT.ok;
  }
  try {
    fs.writeFileSync(o.out, output);
  } catch (err) {
    throw new UsageError(`--out ${o.out}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? "error"}); name a file in a folder that exists`);
  }
  io.stderr(`report: wrote ${o.out} (${Buffer.byteLength(output)} bytes)\n`);
  return EXIT.ok;
});

if (require.main === module) runAsScript(main);
