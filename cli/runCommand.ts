import { Command, CommanderError } from "commander";
import { GraphRequestError } from "../graph/errors";
import { PlanRejectedError, StackFileError, UsageError } from "../plan/errors";

/** Exit codes every command shares. */
export const COMMON_EXIT = { rejected: 1, usage: 2 } as const;

/** The exit code and the one message for a failure: no stack trace, the fix in the text. */
export function reportFailure(command: string, err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`${command}: ${err.message}\n`);
    return COMMON_EXIT.usage;
  }
  if (err instanceof PlanRejectedError || err instanceof StackFileError) {
    process.stderr.write(`${err.message}\n\nnothing would be deployed.\n`);
    return COMMON_EXIT.rejected;
  }
  if (err instanceof GraphRequestError) {
    process.stderr.write(`${command}: could not read the tenant: ${err.message}\n`);
    return COMMON_EXIT.rejected;
  }
  process.stderr.write(`${command}: unexpected failure: ${(err as Error).message}\n`);
  return COMMON_EXIT.rejected;
}

/** Exits once stdout and stderr are flushed (pipes are asynchronous on some systems; a large JSON must not be cut). */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/** Runs a command's main function and exits with its code, or with the code of its failure. */
export function runCommand(command: string, main: () => Promise<number>): void {
  main().then(exitAfterFlush, (err) => exitAfterFlush(reportFailure(command, err)));
}

/** A command line of this project: commander's own errors prefixed with the command's name, and no exit of its own. */
export function commandLine(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(`${name}: ${text.replace(/^error: /, "")}`) });
}

/** Parses the arguments; returns the exit code when that ends the run (`--help`: 0, a usage error: 2, already printed). */
export function parseArguments(program: Command, argv: readonly string[]): number | undefined {
  try {
    program.parse([...argv]);
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : COMMON_EXIT.usage;
    throw err;
  }
}
