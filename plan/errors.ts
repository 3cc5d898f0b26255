import type { ConfigIssue } from "../config/validate";
import type { Finding } from "../guard/finding";

/** A problem with the command line or an input file, not with the stack: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A stack file that cannot be read as YAML: the configuration is rejected (exit code 1). */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/** The configuration or the guard refused the stack; nothing would be deployed (exit code 1). */
export class PlanRejectedError extends Error {
  constructor(
    message: string,
    readonly configIssues: readonly ConfigIssue[],
    readonly findings: readonly Finding[],
  ) {
    super(message);
    this.name = "PlanRejectedError";
  }
}
