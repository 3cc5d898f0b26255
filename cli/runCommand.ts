import { Command, CommanderError } from "commander";
import { GraphRequestError } from "../graph/errors";
import { CommandName, EXIT, PlanRejectedError, UnsupportedPulumiError, UsageError } from "../documents/errors";
import { colourWanted, fitLines } from "../text/terminal";

/** Where a command writes, and the environment it reads: the process's, or a test's. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * The environment (credentials for `--against live`, `ENTRA_BASELINE_DEBUG`).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Whether stderr is a terminal: long work then shows its progress there (never in CI logs or pipes).
   * @default false
   */
  readonly stderrIsTTY?: boolean;
  /**
   * Whether text for people may be coloured: stdout is a terminal and NO_COLOR is not set.
   * @default false
   */
  readonly color?: boolean;
}

/** A command: its arguments (without `node` and the script) in, an exit code out. It never throws and never exits the process. */
export type CommandMain = (argv: readonly string[], io?: CommandIo) => Promise<number>;

export const processIo = (): CommandIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  color: colourWanted(process.stdout, process.env),
});

/**
 * The exit code and the one message for a failure: no stack trace, the fix in the text. An
 * error this project does not know is a bug: one line without its JS message (which would
 * mean nothing to the user), its details only with `ENTRA_BASELINE_DEBUG=1`.
 */
export function reportFailure(command: CommandName, err: unknown, io: CommandIo): number {
  if (err instanceof UsageError) {
    io.stderr(`${command}: ${err.message}\n`);
    return EXIT.usage;
  }
  if (err instanceof PlanRejectedError) {
    // Every config error and guard finding, each wrapped under its text within 120 columns (names and values quoted in
    // them made printable: a display name cannot write escape sequences to the terminal).
    io.stderr(`${fitLines(err.message.split("\n")).join("\n")}\n\nnothing would be deployed.\n`);
    return EXIT.rejected;
  }
  if (err instanceof UnsupportedPulumiError) {
    io.stderr(`${command}: ${err.message}\n`);
    return EXIT.rejected;
  }
  if (err instanceof GraphRequestError) {
    io.stderr(`${command}: could not read the tenant: ${err.message}\n`);
    return EXIT.rejected;
  }
  const kind = err instanceof Error ? err.name : typeof err;
  io.stderr(`${command}: internal error (${kind}), a bug in entra-baseline; nothing was deployed. Set ENTRA_BASELINE_DEBUG=1 for details and report it\n`);
  if ((io.env ?? process.env).ENTRA_BASELINE_DEBUG === "1") io.stderr(`${err instanceof Error ? err.stack : String(err)}\n`);
  return EXIT.rejected;
}

/** A command whose every failure ends as one line on stderr and a documented exit code. */
export function command(name: CommandName, body: (argv: readonly string[], io: CommandIo) => Promise<number>): CommandMain {
  return async (argv, io = processIo()) => {
    try {
      return await body(argv, io);
    } catch (err) {
      return reportFailure(name, err, io);
    }
  };
}

/** Exits once stdout and stderr are flushed (pipes are asynchronous on some systems; a large JSON must not be cut). */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/** Runs a command as the process (`npm run <name>`): its arguments, its output, its exit code. */
export function runAsScript(main: CommandMain): void {
  main(process.argv.slice(2)).then(exitAfterFlush, () => exitAfterFlush(EXIT.rejected));
}

/** A command line of this project: commander's own messages to the command's io, prefixed with its name, and no exit of its own. */
export function commandLine(name: CommandName, description: string, io: CommandIo): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(`${name}: ${text.replace(/^error: /, "")}`) });
}

/** Parses the arguments; returns the exit code when that ends the run (`--help`: 0, a usage error: 2, already printed). */
export function parseArguments(program: Command, argv: readonly string[]): number | undefined {
  try {
    program.parse([...argv], { from: "user" });
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
}
