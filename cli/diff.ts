import { Option } from "commander";
import * as path from "path";
import { exitCodeOf, formatJson, formatMarkdown } from "../diff/format";
import { policySetOfPlan } from "../diff/report";
import { previewDiff, diffPolicySets } from "../diff/semanticDiff";
import type { DiffReport } from "../diff/report";
import { DOCUMENT_FIX, readPlanFile, readPreviewFile } from "../documents/documents";
import { UsageError } from "../documents/errors";
import { command, commandLine, parseArguments, runAsScript } from "./runCommand";

/** `md` is the README's spelling; `markdown` the full one. */
const FORMATS = ["markdown", "md", "json"] as const;

interface Options {
  base?: string;
  head?: string;
  preview?: string;
  format: (typeof FORMATS)[number];
  title?: string;
}

/** A preview whose steps are not what `pulumi preview --json` writes: a usage error naming the file. */
function readPreviewDiff(file: string): DiffReport {
  const document = readPreviewFile(file, "--preview");
  try {
    return previewDiff(document);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`--preview ${file}: ${err.message}; ${DOCUMENT_FIX.preview}`);
    throw err;
  }
}

function report(o: Options): DiffReport {
  if (o.preview !== undefined) {
    if (o.base !== undefined || o.head !== undefined)
      throw new UsageError("--preview cannot be combined with --base/--head; compare either two plans or one preview");
    return readPreviewDiff(o.preview);
  }
  if (o.base === undefined || o.head === undefined) {
    const missing = o.base === undefined && o.head === undefined ? "--base and --head" : o.base === undefined ? "--base" : "--head";
    throw new UsageError(
      `missing ${missing}: pass --base <plan.json> --head <plan.json> (each a file written by npm run plan -- --stack <name> --json), or --preview <file>`,
    );
  }
  const base = readPlanFile(o.base, "--base");
  const head = readPlanFile(o.head, "--head");
  const label = (file: string, stack: string) => `${path.basename(file)} (${stack})`;
  return diffPolicySets(policySetOfPlan(base, label(o.base, base.stack)), policySetOfPlan(head, label(o.head, head.stack)));
}

/** `npm run diff`: the security-semantic diff of two plans or of a preview. Exit codes: `documents/errors.ts`. */
export const main = command("diff", async (argv, io) => {
  const program = commandLine("diff", "what a change does to sign-ins: the security-semantic diff of two offline plans or of a pulumi preview", io)
    .option("--base <plan.json>", "the plan before the change (e.g. of main)")
    .option("--head <plan.json>", "the plan after the change (e.g. of the pull request)")
    .option("--preview <file>", "a pulumi preview --json document (use --show-sames to include unchanged policies)")
    .addOption(new Option("--format <format>", "markdown (or md) for a pull-request comment, json for tools").choices(FORMATS).default("markdown"))
    .option("--title <text>", "heading of the markdown, e.g. the stack's name");
  const ended = parseArguments(program, argv);
  if (ended !== undefined) return ended;
  const o = program.opts<Options>();
  const result = report(o);
  io.stdout(o.format === "json" ? formatJson(result) : formatMarkdown(result, { title: o.title }));
  return exitCodeOf(result);
});

if (require.main === module) runAsScript(main);
