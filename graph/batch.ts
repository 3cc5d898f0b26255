import { answerChecker } from "./answers";
import { collectionPage } from "./answerSchemas";
import type { GraphClient } from "./client";
import { GRAPH_ENDPOINTS } from "./endpointTable";
import { errorForResponse, GraphRequestError } from "./errors";
import { followNextLink } from "./paging";
import { graphRequestHeaders } from "./requestHeaders";
import { retryDecision } from "./retryStrategy";
import type { OnProgress } from "../text/progress";

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
  /** How many times this request was sent in a batch (a throttled or failed read is sent again). */
  readonly attempts?: number;
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
   * Rounds of re-sending the requests Graph failed inside a batch: reads on 429, 500, 502, 503, 504,
   * writes on 429 only (as the client retries; `retryStrategy.ts`).
   * @default 4
   */
  readonly maxRounds?: number;
  /** @default 800 */
  readonly retryDelayMs?: number;
  /** @default 16000 */
  readonly maxRetryDelayMs?: number;
  /**
   * Longest inner `Retry-After` waited for; a longer one is returned as the request's answer.
   * @default 60000
   */
  readonly maxRetryAfterMs?: number;
  /** Waits between rounds; injectable so tests need not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Hears how many requests have their final answer, of how many, after each wave of batches. */
  readonly onProgress?: OnProgress;
}

/**
 * Sends many requests through `POST /{version}/$batch`, 20 a batch, a few batches at a time (the
 * client's limiter bounds them with every other request). Requests Graph throttled or failed inside
 * a batch are sent again in the next round, after their `Retry-After` (or a backoff), as the client
 * retries a request of their method; every other answer, success or error, is returned by id with
 * the number of attempts. A batch of reads is itself retried as a read.
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
  const timing = {
    maxRetries: options.maxRounds ?? 4,
    retryDelayMs: options.retryDelayMs ?? 800,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 16000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60000,
  };
  const attempts = new Map<string, number>();
  const answers = new Map<string, BatchResponse>();
  const batch = GRAPH_ENDPOINTS.batch;
  const batchPath = `/${version}${batch.path}`;
  const checkBatch = answerChecker(batch.answer);
  const what = `POST ${client.endpoint}${batchPath}`;
  let pending = [...requests];
  while (pending.length > 0) {
    const chunks: BatchRequest[][] = [];
    for (let i = 0; i < pending.length; i += size) chunks.push(pending.slice(i, i + size));
    const throttled: BatchRequest[] = [];
    let wait = 0;
    for (let i = 0; i < chunks.length; i += concurrency) {
      const results = await Promise.all(
        chunks.slice(i, i + concurrency).map((chunk) =>
          client.post<unknown>(batchPath, { requests: chunk.map((r) => ({ ...r, headers: graphRequestHeaders(r.body !== undefined) })) }, permission, {
            idempotent: chunk.every((r) => r.method === "GET"),
          }),
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
          const tries = (attempts.get(response.id) ?? 0) + 1;
          attempts.set(response.id, tries);
          const header = Object.entries(response.headers ?? {}).find(([k]) => k.toLowerCase() === "retry-after")?.[1];
          const decision = retryDecision(
            { status: response.status, retryAfter: typeof header === "string" ? header : undefined },
            tries,
            request.method === "GET",
            timing,
          );
          if (response.status >= 300 && decision.retry) {
            throttled.push(request);
            wait = Math.max(wait, decision.delayMs);
          } else {
            answers.set(response.id, { ...response, attempts: tries });
          }
        }
      }
      options.onProgress?.(answers.size, requests.length);
    }
    pending = throttled;
    if (pending.length > 0) await sleep(wait);
  }
  return answers;
}

/** One collection to read whole through `$batch`: its first page's URL relative to the version. */
export interface BatchedCollection {
  readonly id: string;
  readonly url: string;
}

/**
 * Many collections read whole through `$batch` (20 first pages a request, not one request each),
 * each page checked against `itemSchema`; a page's `@odata.nextLink` is followed in the next round,
 * on the Graph origin only and never twice. `missing` is what a 404 reads as (a group deleted since
 * the policy named it); any other failure is an error naming the collection and the attempts made.
 */
export async function readCollectionsBatched<T>(
  client: GraphClient,
  version: "v1.0" | "beta",
  collections: readonly BatchedCollection[],
  permission: string,
  itemSchema: object,
  options: BatchOptions & { readonly missing?: readonly T[]; readonly maxPages?: number } = {},
): Promise<Map<string, T[]>> {
  const base = `${client.endpoint}/${version}`;
  const checkPage = answerChecker(collectionPage(itemSchema));
  const items = new Map<string, T[]>(collections.map((c) => [c.id, []]));
  const seen = new Map<string, string[]>(collections.map((c) => [c.id, [new URL(`${base}${c.url}`).href]]));
  let round: BatchRequest[] = collections.map((c) => ({ id: c.id, method: "GET", url: c.url }));
  while (round.length > 0) {
    const answers = await sendBatches(client, version, round, permission, options);
    const next: BatchRequest[] = [];
    for (const request of round) {
      const answer = answers.get(request.id)!;
      const url = `${base}${request.url}`;
      if (answer.status === 404 && options.missing) {
        items.set(request.id, [...options.missing]);
        continue;
      }
      if (answer.status !== 200) {
        throw errorForResponse({
          method: "GET",
          url: `${url} (in $batch)`,
          status: answer.status,
          body: JSON.stringify(answer.body ?? ""),
          permission,
          credentialSource: client.credentialSource,
          attempts: answer.attempts,
        });
      }
      const page = checkPage<{ value: T[]; "@odata.nextLink"?: string }>(answer.body, `GET ${url} (in $batch)`);
      items.get(request.id)!.push(...page.value);
      const link = page["@odata.nextLink"];
      if (link === undefined) continue;
      const pages = seen.get(request.id)!;
      if (pages.length >= (options.maxPages ?? 1000))
        throw new GraphRequestError(`GET ${url}: more than ${pages.length} pages; refused to read on`, 200, "TooManyPages");
      const nextUrl = followNextLink(link, url, new URL(client.endpoint).origin, new Set(pages));
      if (!nextUrl.startsWith(`${base}/`))
        throw new GraphRequestError(`GET ${url}: Graph's @odata.nextLink ${nextUrl} leaves ${base}; refused to follow it`, 200, "BadNextLink");
      pages.push(nextUrl);
      next.push({ id: request.id, method: "GET", url: nextUrl.slice(base.length) });
    }
    round = next;
  }
  return items;
}
