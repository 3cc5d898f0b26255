/**
 * When to send a Graph request again, and after how long: a pure decision, so the client, `$batch`
 * and the specs share it and no spec has to wait for a real clock.
 *
 * Reads (GET, and a `$batch` of GETs) are idempotent: they are retried on throttling (429), on
 * Graph's transient failures (500, 502, 503, 504), on network errors and timeouts. Writes are
 * retried only when Graph throttled them (429): its throttling guidance says the throttled request
 * failed and is to be sent again after `Retry-After` (https://learn.microsoft.com/graph/throttling).
 * Any other failed write may have been carried out, so it is never repeated blindly: the next run
 * reads the tenant again.
 */

/** Statuses retried for a read. (Arrays, not Sets: Pulumi's closure serializer cannot carry a Set into the dynamic provider.) */
export const READ_RETRIED_STATUS: readonly number[] = [429, 500, 502, 503, 504];
/** Statuses retried for a write: throttled only. */
export const WRITE_RETRIED_STATUS: readonly number[] = [429];

export interface GraphRetryOptions {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  /** Longest backoff (when Graph sends no `Retry-After`). */
  readonly maxRetryDelayMs: number;
  /** Longest `Retry-After` waited for; Graph asking for more ends the request with an error that says so. */
  readonly maxRetryAfterMs: number;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
}

/** One attempt's outcome, as the decision needs it. */
export interface AttemptOutcome {
  /** The status Graph answered, or undefined when no answer came. */
  readonly status?: number;
  readonly retryAfter?: string;
  /** Set when no answer came: a token failure is never retried. */
  readonly tokenProblem?: boolean;
}

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly why?: string };

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with ±20 % jitter, capped. */
export function backoffMs(retryCount: number, options: Pick<GraphRetryOptions, "retryDelayMs" | "maxRetryDelayMs" | "random">): number {
  const exponential = Math.min(options.maxRetryDelayMs, options.retryDelayMs * 2 ** retryCount);
  return Math.round(exponential * (0.8 + 0.4 * (options.random ?? Math.random)()));
}

/** Whether to send again after `attempts` attempts (1 after the first), and the wait: `Retry-After` in full, else a backoff. */
export function retryDecision(outcome: AttemptOutcome, attempts: number, idempotent: boolean, options: GraphRetryOptions): RetryDecision {
  if (outcome.status === undefined) {
    if (outcome.tokenProblem) return { retry: false };
    if (!idempotent) return { retry: false, why: "a write is not sent again after a lost answer: it may have been carried out" };
  } else if (!(idempotent ? READ_RETRIED_STATUS : WRITE_RETRIED_STATUS).includes(outcome.status)) {
    const transient = READ_RETRIED_STATUS.includes(outcome.status);
    return transient ? { retry: false, why: "a write is retried only when Graph throttled it (429): this one may have been carried out" } : { retry: false };
  }
  if (attempts > options.maxRetries) return { retry: false };
  const asked = outcome.status === undefined ? undefined : retryAfterMs(outcome.retryAfter);
  if (asked !== undefined && asked > options.maxRetryAfterMs) {
    return {
      retry: false,
      why: `Graph asked to wait ${Math.ceil(asked / 1000)} s (Retry-After), longer than the ${options.maxRetryAfterMs / 1000} s this run waits`,
    };
  }
  return { retry: true, delayMs: asked ?? backoffMs(attempts - 1, options) };
}
