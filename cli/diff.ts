import { Option } from "commander";
import * as path from "path";
import { DIFF_EXIT, exitCodeOf } from "../diff/exitCode";
import { formatJson } from "../diff/formatJson";
import { formatMarkdown } from "../diff/formatMarkdown";
import { policySetOfPlan } from "../diff/planSide";
import { previewDiff } from "../diff/previewDiff";
import { PreviewFormatError } from "../diff/previewReader";
import { asPlan, DiffUsageError, readJsonFile } from "../diff/readInput";
import { diffPolicySets } from "../diff/semanticDiff";
import type { DiffReport } from "../diff/types";
import { commandLine, parseArguments, runCommand } from "./runCommand";

interface Options {
  base?: string;
  head?: string;
  preview?: string;
  format: "markdown" | "json";
  title?: string;
}

const PLAN_FILE = "a file written by npm run plan -- --stack <name> --json";

function report(o: Options): DiffReport {
  if (o.preview !== undefined) {
    if (o.base !== undefined || o.head !== undefined) throw new DiffUsageError("--preview cannot be combined with --base/--head; compare either two plans or one preview");
    try {
      return previewDiff(readJsonFile(o.preview, "--preview", "a file written by pulumi preview --json"));
    } catch (err) {
      if (err instanceof PreviewFormatError) throw new DiffUsageError(`--preview ${o.preview}: ${err.message}; pass a file written by pulumi preview --json`);
      throw err;
    }
  }
  if (o.base === undefined || o.head === undefined) {
    const missing = o.base === undefined && o.head === undefined ? "--base and --head" : o.base === undefined ? "--base" : "--head";
    throw new DiffUsageError(`missing ${missing}: pass --base <plan.json> --head <plan.json> (each ${PLAN_FILE}), or --preview <file>`);
  }
  const base = asPlan(readJsonFile(o.base, "--base", PLAN_FILE), o.base, "--base");
  const head = asPlan(readJsonFile(o.head, "--head", PLAN_FILE), o.head, "--head");
  const label = (file: string, stack: string) => `${path.basename(file)} (${stack})`;
  return diffPolicySets(policySetOfPlan(base, label(o.base, base.stack)), policySetOfPlan(head, label(o.head, head.stack)));
}

async function main(argv: string[]): Promise<number> {
  const program = commandLine("diff", "what a change does to sign-ins: the security-semantic diff of two offline plans or of a pulumi preview")
    .option("--base <plan.json>", "the plan before the change (e.g. of main)")
    .option("--head <plan.json>", "the plan after the change (e.g. of the pull request)")
    .option("--preview <file>", "a pulumi preview --json document (use --show-sames to include unchanged policies)")
    .addOption(new Option("--format <format>", "markdown for a pull-request comment, json for tools").choices(["markdown", "json"]).default("markdown"))
    .option("--title <text>", "heading of the markdown, e.g. the stack's name");
  const ended = parseArguments(program, argv);
  if (ended !== undefined) return ended;
  const o = program.opts<Options>();
  try {
    const result = report(o);
    process.stdout.write(o.format === "json" ? formatJson(result) : formatMarkdown(result, { title: o.title }));
    return exitCodeOf(result);
  } catch (err) {
    if (err instanceof DiffUsageError) {
      process.stderr.write(`diff: ${err.message}\n`);
      return DIFF_EXIT.usage;
    }
    throw err;
  }
}

runCommand("diff", () => main(process.argv));
