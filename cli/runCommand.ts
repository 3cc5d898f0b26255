import { GraphRequestError } from "../graph/errors";
import { PlanRejectedError } from "./runPlan";
import { StackFileError, UsageError } from "./stackFile";

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

/** Runs a command's main function and exits with its code, or with the code of its failure. */
export function runCommand(command: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => process.exit(reportFailure(command, err)),
  );
}
