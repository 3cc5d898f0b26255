import type { ConfigIssue } from "../config/validate";
import type { Finding } from "../guard/finding";

/** The commands of this project; each ends with one of the exit codes below. */
export const COMMANDS = ["plan", "whatif", "diff", "export", "fleet", "report"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** The exit codes of every command: one table, so a pipeline can branch on them. */
export const EXIT = { ok: 0, rejected: 1, usage: 2, drifted: 3, weakens: 4, changed: 5, gapsOrLockouts: 6, tenantsFailed: 7, leftOut: 8 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means and which commands end with it (the README's "Exit codes" table is checked against this). */
export const EXIT_MEANINGS: readonly { readonly code: ExitCode; readonly commands: readonly CommandName[]; readonly meaning: string }[] = [
  {
    code: EXIT.ok,
    commands: COMMANDS,
    meaning: "success: the plan is accepted (and matches the tenant with `--against live`), no gap or lockout, no change, the stack file or report written",
  },
  {
    code: EXIT.rejected,
    commands: COMMANDS,
    meaning:
      "rejected or failed: every config error and guard error on stderr, or the tenant could not be read, or an internal error (one line); " +
      "nothing would be deployed",
  },
  {
    code: EXIT.usage,
    commands: COMMANDS,
    meaning:
      "usage error: unknown stack, bad flag, missing or unreadable file, or the wrong kind of document (a plan, a `pulumi preview --json`, a stack file)",
  },
  { code: EXIT.drifted, commands: ["plan", "fleet"], meaning: "with `--against live` (fleet: `drift`, `report`): a tenant differs from its stack" },
  { code: EXIT.weakens, commands: ["diff"], meaning: "a change weakens protection" },
  { code: EXIT.changed, commands: ["diff"], meaning: "changes, none of which weakens protection" },
  {
    code: EXIT.gapsOrLockouts,
    commands: ["whatif", "fleet"],
    meaning:
      "gaps (someone signs in without MFA) or lockouts found (with `--base`/`--head`: ones the base plan did not have; " +
      "fleet: in any tenant, and no drift)",
  },
  {
    code: EXIT.tenantsFailed,
    commands: ["fleet"],
    meaning:
      "one or more tenants failed (config or guard refused, credentials, 401, 403, throttling, timeout, malformed answer): " +
      "each on its row, the others finished; wins over 3 and 6",
  },
  {
    code: EXIT.leftOut,
    commands: ["export"],
    meaning:
      "the stack file is written, but it leaves tenant policies out: their count is on stderr, and each is listed under `unmanagedPolicies` with the reason",
  },
];

/** An error named after its class: `err.name` is what the commands print before the message. */
export class NamedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A problem with the command line or an input file, not with the stack: exit code 2. The message names the flag, the file and the fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The configuration or the guard refused the stack; nothing would be deployed (exit code 1). */
export class PlanRejectedError extends Error {
  constructor(
    message: string,
    readonly configIssues: readonly ConfigIssue[] = [],
    readonly findings: readonly Finding[] = [],
  ) {
    super(message);
    this.name = "PlanRejectedError";
  }
}

/** A stack file that cannot be read as a stack's configuration: the configuration is rejected (exit code 1). */
export class StackFileError extends PlanRejectedError {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/** An installed @pulumi/pulumi without an internal the offline plan cannot do without (`plan/mockEngine.ts`): one line, no stack trace. */
export class UnsupportedPulumiError extends Error {
  constructor(missing: string, version: string) {
    super(
      `@pulumi/pulumi ${version} has no ${missing}, which the offline plan needs to know every resource was planned; ` +
        `install @pulumi/pulumi 3.248.0 (npm install --save-exact @pulumi/pulumi@3.248.0). pulumi up and preview do not need it`,
    );
    this.name = "UnsupportedPulumiError";
  }
}
