import * as fs from "fs";
import * as path from "path";
import { Option } from "commander";
import { connectTenant, fleetAgent } from "../fleet/credentials";
import { alertsOf, type TenantAlert } from "../fleet/alerts";
import { formatMarkdown, formatTable } from "../fleet/format";
import { escapeMarkdown } from "../format/escape";
import { adaptiveCard, NotifyError, postTeams, syncIssues } from "../fleet/notify";
import { renderFleetHtml } from "../report/fleetHtml";
import { mergeShards, readShard } from "../fleet/merge";
import { progress } from "../text/progress";
import { FLEET_COMMANDS, type FleetCommand, type FleetResult } from "../fleet/result";
import { runFleet } from "../fleet/run";
import { selectStacks } from "../fleet/select";
import { parseShard, WHOLE } from "../fleet/shard";
import { memoizedWhatIf } from "../fleet/whatIf";
import { GraphRequestError } from "../graph/errors";
import { EXIT, UsageError } from "../documents/errors";
import { DEFAULT_STACKS_DIR } from "../documents/stackFile";
import { type CommandIo, command, commandLine, parseArguments, runAsScript } from "./runCommand";

const FORMATS = ["table", "json", "md", "markdown", "html"] as const;
type Format = (typeof FORMATS)[number];

interface Options {
  tag?: string[];
  shard?: string;
  concurrency: string;
  tenantTimeout: string;
  format: Format;
  out?: string[];
  stacksDir?: string;
}

function render(result: FleetResult, format: Format): string {
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  if (format === "md" || format === "markdown") return `${formatMarkdown(result)}\n`;
  if (format === "html") return renderFleetHtml(result);
  return `${formatTable(result)}\n`;
}

const FORMAT_OF_EXTENSION: Readonly<Record<string, Format>> = { ".json": "json", ".md": "md", ".html": "html", ".htm": "html", ".txt": "table" };

/** `--out` files, each in the format of its extension; a usage error before anything runs for one it cannot tell. */
function outputs(files: readonly string[] = []): { file: string; format: Format }[] {
  return files.map((file) => {
    const format = FORMAT_OF_EXTENSION[path.extname(file).toLowerCase()];
    if (!format) throw new UsageError(`--out ${file}: name it .json, .md, .html or .txt, which says its format`);
    return { file, format };
  });
}

function write(result: FleetResult, o: Pick<Options, "format" | "out">, io: CommandIo): void {
  for (const { file, format } of outputs(o.out)) {
    try {
      fs.writeFileSync(file, render(result, format));
    } catch (err) {
      throw new UsageError(`--out ${file}: cannot write it (${(err as { code?: string }).code ?? "unwritable"}); check the folder exists`);
    }
  }
  io.stdout(render(result, o.format));
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`${flag} ${JSON.stringify(text)}: give a whole number from ${min} to ${max}`);
  return n;
}

/** The CA `ENTRA_BASELINE_GRAPH_CA_FILE` names, read once for every tenant. */
function tlsCaOf(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.ENTRA_BASELINE_GRAPH_CA_FILE;
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new GraphRequestError(
      `ENTRA_BASELINE_GRAPH_CA_FILE ${file}: cannot read it (${(err as { code?: string }).code ?? "unreadable"}); point it at a PEM file or unset it`,
      0,
    );
  }
}

async function runCommand(name: FleetCommand, o: Options, io: CommandIo): Promise<number> {
  const concurrency = integer("--concurrency", o.concurrency, 1, 64);
  const tenantTimeoutMs = integer("--tenant-timeout", o.tenantTimeout, 1, 3600) * 1000;
  const shard = o.shard === undefined ? WHOLE : parseShard(o.shard);
  outputs(o.out);
  const stacksDir = o.stacksDir ?? DEFAULT_STACKS_DIR;
  const tags = o.tag ?? [];
  const { selected, stacks } = selectStacks(stacksDir, tags, shard);
  const env = io.env ?? process.env;
  const tlsCa = ["plan", "whatif"].includes(name) ? undefined : tlsCaOf(env);
  const agent = fleetAgent(tlsCa);
  const shown = progress({ label: `fleet ${name}: tenants`, total: stacks.length, write: io.stderr, isTTY: io.stderrIsTTY === true });
  const result = await runFleet({
    command: name,
    tags,
    selected,
    stacks,
    shard,
    stacksDir,
    concurrency,
    tenantTimeoutMs,
    connect: (stack) => connectTenant(stack, { env, tlsCa, agent }),
    whatIf: memoizedWhatIf(),
    now: Date.now,
    onRow: (_, done) => shown.update(done),
    stackTraces: env.ENTRA_BASELINE_DEBUG === "1",
  });
  shown.end();
  agent.destroy();
  write(result, o, io);
  return result.exitCode;
}

/** `npm run fleet -- <command>`: a command over every stack (or those tagged), a row per tenant. Exit codes: `documents/errors.ts`. */
export const main = command("fleet", async (argv, io) => {
  const program = commandLine("fleet", "run a command over every stack in stacks/ (or those carrying a tag): one row per tenant", io);
  let ran: Promise<number> | undefined;
  const common = (sub: ReturnType<typeof program.command>) =>
    sub
      .addOption(new Option("--format <format>", "what stdout gets: table, json, md (markdown) or html").choices(FORMATS).default("table"))
      .option("--out <file...>", "also write these files, each in the format of its extension (.json, .md, .html, .txt)");
  for (const name of FLEET_COMMANDS) {
    common(program.command(name).description(DESCRIPTIONS[name]))
      .option("--tag <tag...>", "only the stacks carrying one of these tags (entra-baseline:tags)")
      .option("--shard <i/n>", "only this machine's part: the i-th of n shards, assigned by stack name")
      .option("--concurrency <n>", "tenants at once", "4")
      .option("--tenant-timeout <seconds>", "longest time one tenant may take; then its row fails and the others go on", "300")
      .option("--stacks-dir <dir>", "folder of the stack files")
      .action((_, sub) => void (ran = runCommand(name, sub.opts(), io)));
  }
  common(program.command("merge").description("combine the JSON of every shard of one run into one summary"))
    .argument("<files...>", "the shards' JSON (fleet <command> --shard i/n --format json)")
    .action((files: string[], _options, sub) => {
      ran = (async () => {
        const result = mergeShards(files.map((file) => ({ file, result: readShard(file) })));
        write(result, sub.opts(), io);
        return result.exitCode;
      })();
    });
  program
    .command("alert")
    .description("what is new since the previous run (drift, gaps, report-only too long, failures): one GitHub issue per tenant, a Teams card")
    .argument("<current.json>", "this run's JSON (fleet drift --format json, or a merge of its shards)")
    .option("--previous <fleet.json>", "the previous run's JSON: only what is new since then alerts (without it, everything does)")
    .option("--report-only-days <days>", "a policy left report-only longer than this alerts", "30")
    .option("--github-repo <owner/repo>", "open or update one issue per tenant in this repository (token: GITHUB_TOKEN)")
    .addOption(new Option("--format <format>", "what stdout gets: md (markdown) or json").choices(["md", "markdown", "json"]).default("md"))
    .action((file: string, options: AlertFlags) => void (ran = alert(file, options, io)));
  const ended = parseArguments(program, argv.length === 0 ? ["--help"] : argv);
  if (ended !== undefined) return argv.length === 0 ? EXIT.usage : ended;
  return ran ?? EXIT.usage;
});

interface AlertFlags {
  previous?: string;
  reportOnlyDays: string;
  githubRepo?: string;
  format: string;
}

/** `fleet alert`: the alerts of a run, printed; sent to GitHub issues and Teams when configured. Failing to send: exit 1. */
async function alert(file: string, o: AlertFlags, io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const reportOnlyDays = integer("--report-only-days", o.reportOnlyDays, 0, 3650);
  if (o.githubRepo !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(o.githubRepo))
    throw new UsageError(`--github-repo ${JSON.stringify(o.githubRepo)}: give owner/repo`);
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (o.githubRepo !== undefined && !token) throw new UsageError("--github-repo needs GITHUB_TOKEN (or GH_TOKEN) with issues: write");
  const alerts = alertsOf(readShard(file), o.previous === undefined ? undefined : readShard(o.previous), { reportOnlyDays });
  io.stdout(o.format === "json" ? `${JSON.stringify(alerts, null, 2)}\n` : `${formatAlerts(alerts)}\n`);
  if (alerts.length === 0) return EXIT.ok;
  const caFile = env.ENTRA_BASELINE_ALERT_CA_FILE;
  const target = { ca: caFile ? readCa(caFile) : undefined };
  const runUrl =
    env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  try {
    if (o.githubRepo !== undefined) {
      const { opened, updated } = await syncIssues(alerts, {
        ...target,
        api: env.GITHUB_API_URL ?? "https://api.github.com",
        repository: o.githubRepo,
        token: token!,
        runUrl,
      });
      io.stderr(`fleet alert: ${opened} issue(s) opened, ${updated} updated in ${o.githubRepo}\n`);
    }
    if (env.ENTRA_BASELINE_TEAMS_WEBHOOK) {
      await postTeams(env.ENTRA_BASELINE_TEAMS_WEBHOOK, adaptiveCard(alerts, `entra-baseline: ${alerts.length} tenant(s) need attention`, runUrl), target);
      io.stderr("fleet alert: Teams card posted\n");
    }
  } catch (err) {
    if (!(err instanceof NotifyError)) throw err;
    io.stderr(`fleet: could not send the alerts: ${err.message}\n`);
    return EXIT.rejected;
  }
  return EXIT.ok;
}

function readCa(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `ENTRA_BASELINE_ALERT_CA_FILE ${file}: cannot read it (${(err as { code?: string }).code ?? "unreadable"}); point it at a PEM file or unset it`,
    );
  }
}

/** The alerts in markdown: a job summary. */
function formatAlerts(alerts: readonly TenantAlert[]): string {
  if (alerts.length === 0) return "## fleet alert: nothing new";
  return [
    `## fleet alert: ${alerts.length} tenant${alerts.length === 1 ? "" : "s"} with something new`,
    ...alerts.flatMap((a) => ["", `### ${escapeMarkdown(a.stack)}`, "", ...a.triggers.map((t) => `- ${escapeMarkdown(t.text)}`)]),
  ].join("\n");
}

const DESCRIPTIONS: Readonly<Record<FleetCommand, string>> = {
  plan: "the offline plan of every stack: plan, protection, guard errors (no tenant read)",
  whatif: "the offline plan and the what-if of every stack: gaps and lockouts (no tenant read)",
  drift: "read every tenant with its own credentials: drift, live guard findings, gaps, policies left report-only",
  step1: "read every tenant with its own credentials: Step 1's required and registered percentages",
  report: "everything: drift, live guard findings, gaps and lockouts, Step 1",
};

if (require.main === module) runAsScript(main);
