import type { RetryInformation, RetryModifiers, RetryStrategy } from "@azure/core-rest-pipeline";

/** Graph's throttling and transient answers. (An array, not a Set: Pulumi's closure serializer cannot carry a Set into the dynamic provider.) */
const RETRIED_STATUS: readonly number[] = [429, 503, 504];

export interface GraphRetryOptions {
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with ±20 % jitter, capped. */
export function backoffMs(retryCount: number, options: GraphRetryOptions): number {
  const exponential = Math.min(options.maxRetryDelayMs, options.retryDelayMs * 2 ** retryCount);
  return Math.round(exponential * (0.8 + 0.4 * (options.random ?? Math.random)()));
}

/**
 * Retries 429, 503 and 504, honouring `Retry-After` (capped) when Graph sends it and backing off
 * exponentially when it does not (the CA endpoints often send none); also network errors.
 */
export function graphRetryStrategy(options: GraphRetryOptions): RetryStrategy {
  return {
    name: "graphRetryStrategy",
    retry({ response, responseError, retryCount }: RetryInformation): RetryModifiers {
      if (response && RETRIED_STATUS.includes(response.status)) {
        const asked = retryAfterMs(response.headers.get("retry-after") ?? undefined);
        return { retryAfterInMs: asked !== undefined ? Math.min(asked, options.maxRetryDelayMs) : backoffMs(retryCount, options) };
      }
      if (!response && responseError && responseError.name !== "AbortError" && !/token/i.test(responseError.message)) {
        return { retryAfterInMs: backoffMs(retryCount, options) };
      }
      return { skipStrategy: true };
    },
  };
}
