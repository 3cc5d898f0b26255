import { closestName } from "../config/didYouMean";
import { EXIT } from "../documents/errors";
import { type CommandIo, type CommandMain, processIo, runAsScript } from "./runCommand";

/** One subcommand of `entra-baseline`: what it does, and its module's `main`, loaded only when it runs (`diff` never loads Pulumi). */
export interface Subcommand {
  readonly summary: string;
  readonly load: () => CommandMain;
}

/** The subcommands, in the order `--help` lists them. Adding a command is one line here; its module exports `main(argv, io)`. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  plan: { summary: "what `pulumi up` would declare for a stack, offline; --against live: drift", load: () => require("./plan").main },
  whatif: { summary: "simulated sign-ins against a stack's policies: gaps and lockouts", load: () => require("./whatif").main },
  diff: { summary: "what a change does to sign-ins: two plans, or a pulumi preview --json", load: () => require("./diff").main },
  export: { summary: "a stack file that owns a tenant as it is (--against live)", load: () => require("./export").main },
  report: {
    summary: "a stack's report as one self-contained HTML page (or markdown); --against live: names, drift, Step 1",
    load: () => require("./report").main,
  },
  fleet: { summary: "a command over every stack (or those tagged): plan, whatif, drift, step1, report; merge", load: () => require("./fleet").main },
};

const HELP = ["--help", "-h", "help"];

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  return [
    "Usage: entra-baseline <command> [options]",
    "",
    "Microsoft Entra ID sign-in security as code: Security Defaults or Conditional Access, guarded before deploy.",
    "",
    "Commands:",
    ...Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
    "",
    "entra-baseline <command> --help shows a command's options. Exit codes: the README's table.",
    "",
  ].join("\n");
}

/**
 * `entra-baseline <command> …` (the package's `bin`, and `npx entra-baseline` in this repository): the
 * subcommand's own `main` with the remaining arguments. Only the command writes to stdout, so a
 * `--json` or markdown output can be redirected to a file as it is.
 */
export const main: CommandMain = async (argv: readonly string[], io: CommandIo = processIo()) => {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return EXIT.usage;
  }
  if (HELP.includes(name)) {
    io.stdout(usage());
    return EXIT.ok;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    const meant = closestName(name, Object.keys(SUBCOMMANDS));
    const fix = meant ? `did you mean "${meant}"?` : `use one of ${Object.keys(SUBCOMMANDS).join(", ")}`;
    io.stderr(`entra-baseline: unknown command "${name}"; ${fix} (entra-baseline --help lists them)\n`);
    return EXIT.usage;
  }
  return subcommand.load()(rest, io);
};

if (require.main === module) runAsScript(main);
