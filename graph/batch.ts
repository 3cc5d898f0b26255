import { answerChecker } from "./answers";
import { BATCH_ANSWER } from "./answerSchemas";
import type { GraphClient } from "./client";
import { GraphRequestError } from "./errors";
import { backoffMs, retryAfterMs } from "./retryStrategy";

/** One request inside a JSON batch (`url` relative to the version, e.g. `/users/{id}/authentication/requirements`). */
export interface BatchRequest {
  readonly id: string;
  readonly method: "GET" | "PATCH" | "POST" | "DELETE";
  readonly url: string;
  readonly body?: unknown;
}

export interface BatchResponse {
  readonly id: string;
  readonly status: number;
  readonly body?: any;
  readonly headers?: Record<string, string>;
}

export interface BatchOptions {
  /**
   * Requests per batch: Graph's limit is 20.
   * @default 20
   */
  readonly batchSize?: number;
  /**
   * Batches in flight at once.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Rounds of re-sending the requests Graph throttled inside a batch (429, 503, 504).
   * @default 8
   */
  readonly maxRounds?: number;
  /** @default 800 */
  readonly retryDelayMs?: number;
  /** @default 16000 */
  readonly maxRetryDelayMs?: number;
  /** Waits between rounds; injectable so tests need not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const RETRIED = [429, 503, 504];

/**
 * Sends many requests through `POST /{version}/$batch`, 20 a batch, a few batches at a time.
 * Requests Graph throttles inside a batch are sent again in the next round, after their
 * `Retry-After` (or a backoff); every other answer, success or error, is returned by id.
 */
export async function sendBatches(
  client: GraphClient,
  version: "v1.0" | "beta",
  requests: readonly BatchRequest[],
  permission: string,
  options: BatchOptions = {},
): Promise<Map<string, BatchResponse>> {
  const size = options.batchSize ?? 20;
  const concurrency = options.concurrency ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timing = { retryDelayMs: options.retryDelayMs ?? 800, maxRetryDelayMs: options.maxRetryDelayMs ?? 16000 };
  const answers = new Map<string, BatchResponse>();
  const checkBatch = answerChecker(BATCH_ANSWER);
  const what = `POST ${client.endpoint}/${version}/$batch`;
  let pending = [...requests];
  for (let round = 0; pending.length > 0; round++) {
    const chunks: BatchRequest[][] = [];
    for (let i = 0; i < pending.length; i += size) chunks.push(pending.slice(i, i + size));
    const throttled: BatchRequest[] = [];
    let wait = 0;
    for (let i = 0; i < chunks.length; i += concurrency) {
      const results = await Promise.all(
        chunks
          .slice(i, i + concurrency)
          .map((chunk) =>
            client.post<unknown>(
              `/${version}/$batch`,
              { requests: chunk.map((r) => ({ ...r, headers: r.body !== undefined ? { "content-type": "application/json" } : undefined })) },
              permission,
            ),
          ),
      );
      for (const [n, result] of results.entries()) {
        const sent = chunks[i + n];
        for (const response of checkBatch<{ responses: BatchResponse[] }>(result, what).responses) {
          const request = sent.find((r) => r.id === response.id);
          if (!request || answers.has(response.id) || throttled.includes(request)) {
            throw new GraphRequestError(
              `${what}: Graph's answer is not what entra-baseline reads (response id ${JSON.stringify(response.id)} was not asked for, or came twice)`,
              200,
              "UnexpectedAnswer",
            );
          }
          if (RETRIED.includes(response.status) && round < (options.maxRounds ?? 8)) {
            throttled.push(request);
            const header = Object.entries(response.headers ?? {}).find(([k]) => k.toLowerCase() === "retry-after")?.[1];
            wait = Math.max(wait, Math.min(retryAfterMs(typeof header === "string" ? header : undefined) ?? backoffMs(round, timing), timing.maxRetryDelayMs));
          } else {
            answers.set(response.id, response);
          }
        }
      }
    }
    pending = throttled;
    if (pending.length > 0) await sleep(wait);
  }
  return answers;
}
