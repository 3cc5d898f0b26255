import { ATTEMPT_TIMED_OUT } from "../graph/attemptTimeout";
import { UNEXPECTED_ANSWER } from "../graph/answers";
import { GraphRequestError } from "../graph/errors";
import { NamedError, PlanRejectedError, StackFileError, UsageError } from "../documents/errors";
import type { FailureKind, FleetFailure } from "./result";

/** A tenant's credentials are missing, or name another tenant: nothing was sent for it. */
export class CredentialsError extends NamedError {}

/** A tenant that took longer than `--tenant-timeout`. */
export class TenantTimeoutError extends NamedError {}

function graphKind(err: GraphRequestError): FailureKind {
  if (err.code === UNEXPECTED_ANSWER || err.code === "TooManyPages") return "malformed";
  if (err.code === ATTEMPT_TIMED_OUT) return "timeout";
  if (err.status === 401) return "unauthorized";
  if (err.status === 403) return "forbidden";
  if (err.status === 429) return "throttled";
  if (err.status === 200) return "malformed";
  return "unavailable";
}

/** The first line of a message: a row holds one line, never a stack trace. */
const firstLine = (text: string) => text.split("\n").find((line) => line.trim() !== "") ?? text;

/** What a tenant's failure is, in one line with its fix; an error this project does not know is `internal`, without its text. */
export function failureOf(err: unknown): FleetFailure {
  if (err instanceof CredentialsError) return { kind: "credentials", message: err.message };
  if (err instanceof TenantTimeoutError) return { kind: "timeout", message: err.message };
  if (err instanceof StackFileError || err instanceof UsageError) return { kind: "config", message: firstLine(err.message) };
  if (err instanceof PlanRejectedError) {
    const kind = err.configIssues.length > 0 || err.findings.length === 0 ? "config" : "rejected";
    return {
      kind,
      message: err.message
        .split("\n")
        .filter((l) => l.trim() !== "")
        .join(" "),
    };
  }
  if (err instanceof GraphRequestError) return { kind: graphKind(err), message: firstLine(err.message), ...(err.status > 0 ? { status: err.status } : {}) };
  const name = err instanceof Error ? err.name : typeof err;
  return { kind: "internal", message: `internal error (${name}), a bug in entra-baseline; run this stack alone with ENTRA_BASELINE_DEBUG=1 and report it` };
}
