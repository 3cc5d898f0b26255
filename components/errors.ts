import * as pulumi from "@pulumi/pulumi";
import { formatConfigIssues } from "../config/format";
import type { ConfigIssue } from "../config/validate";
import type { Finding } from "../guard/finding";
import { formatRejection } from "../guard/runGuard";

/**
 * The configuration or the guard refused the stack. A `RunError`, so Pulumi prints the
 * message alone, without a stack trace, and registers nothing more.
 */
export class BaselineRejectedError extends pulumi.RunError {
  constructor(
    readonly configIssues: readonly ConfigIssue[],
    readonly findings: readonly Finding[],
  ) {
    super(configIssues.length > 0 ? formatConfigIssues(configIssues) : formatRejection(findings));
    this.name = "BaselineRejectedError";
  }
}
