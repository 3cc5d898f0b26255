import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** The `code` of the error a timed-out attempt ends with. */
export const ATTEMPT_TIMED_OUT = "ETIMEDOUT";

/**
 * Each attempt's timeout, as a pipeline policy placed after the retry policy, so that every retry has
 * its own. Its timer is cleared however the attempt ends: the HTTP client's own `timeout` timer is
 * left running when a connection fails, and it then holds the process (a CLI, a dynamic provider's
 * host) open for its full length. The timer also covers reading the body, not only the headers.
 * A timed-out attempt ends as an `AbortError` (not retried, as the pipeline's own timeout) whose code is
 * {@link ATTEMPT_TIMED_OUT}.
 */
export function attemptTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: "entraBaselineAttemptTimeout",
    async sendRequest(request, next) {
      const caller = request.abortSignal;
      const attempt = new AbortController();
      const abort = () => attempt.abort();
      caller?.addEventListener("abort", abort);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attempt.abort();
      }, timeoutMs);
      request.abortSignal = attempt.signal;
      try {
        return await next(request);
      } catch (err) {
        if (!timedOut) throw err;
        throw Object.assign(new Error(`timed out after ${timeoutMs} ms`), { name: "AbortError", code: ATTEMPT_TIMED_OUT });
      } finally {
        clearTimeout(timer);
        caller?.removeEventListener("abort", abort);
        request.abortSignal = caller;
      }
    },
  };
}
