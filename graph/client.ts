import type { TokenCredential } from "@azure/core-auth";
import { answerChecker, UNEXPECTED_ANSWER } from "./answers";
import { ATTEMPT_TIMED_OUT, attemptTimeoutPolicy } from "./attemptTimeout";
import { collectionPage } from "./answerSchemas";
import { attemptsSaid, errorForResponse, GraphRequestError, TOKEN_UNREACHED } from "./errors";
import { createLimiter } from "./limiter";
import { followNextLink } from "./paging";
import { graphRequestHeaders } from "./requestHeaders";
import { retryDecision } from "./retryStrategy";

export interface GraphClientOptions {
  /** Graph base URL, e.g. `https://graph.microsoft.com`. */
  readonly endpoint: string;
  /**
   * A keep-alive connection pool shared by many clients (a fleet run: one Graph host for every tenant), so each
   * tenant does not open TLS connections of its own; each request still carries its own client's token only.
   * Holds the CA to trust itself (`tlsCa` is not applied to it).
   * @default - the client's own connections
   */
  readonly agent?: import("https").Agent;
  readonly credential: TokenCredential;
  /** Names the credential in errors and logs, e.g. `client secret of AZURE_CLIENT_ID …`. */
  readonly credentialSource: string;
  /**
   * The sign-in authority the credential asks for tokens, named when no token can be had
   * (an unreachable or wrong authority host is a common cause).
   * @default - not named
   */
  readonly authority?: string;
  /**
   * Values to scrub from any error text (client secrets, assertion tokens).
   * @default - none
   */
  readonly secrets?: readonly string[];
  /**
   * Extra CA certificates (PEM) to trust, for a private endpoint or a test double.
   * @default - the system's trusted CAs
   */
  readonly tlsCa?: string;
  /**
   * Retries after the first attempt: reads on 429, 500, 502, 503, 504, network errors and timeouts;
   * writes on 429 only (`retryStrategy.ts`).
   * @default 4
   */
  readonly maxRetries?: number;
  /**
   * First backoff delay; it doubles (with jitter) on each retry.
   * @default 800
   */
  readonly retryDelayMs?: number;
  /**
   * Longest single backoff (when Graph sends no `Retry-After`).
   * @default 16000
   */
  readonly maxRetryDelayMs?: number;
  /**
   * Longest `Retry-After` honoured: Graph's wait is kept in full up to it; a longer one ends the
   * request with an error naming the wait. With `maxRetries` it bounds the total time of a request.
   * @default 60000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * Requests in flight at once, for every reader of this client (one client per tenant).
   * @default 8
   */
  readonly maxConcurrency?: number;
  /**
   * Waits between attempts; injectable so tests need no real clock.
   * @default - a timer
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Jitter source in [0, 1) for backoffs.
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Timeout of each attempt (each retry has its own), from sending the request to reading the whole answer.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * Most pages `getAll` reads of one collection: a tenant beyond it (or a server that never stops
   * paging) is an error, never an endless read.
   * @default 1000
   */
  readonly maxPages?: number;
}

/** A write that is safe to send again, as a `$batch` of reads is. */
export interface PostOptions {
  /**
   * Whether the POST only reads (a `$batch` of GETs), so it is retried as a GET is.
   * @default false
   */
  readonly idempotent?: boolean;
}

/** A Graph call: path below the base URL (e.g. `/v1.0/subscribedSkus`) and the permission it needs. */
export interface GraphClient {
  readonly endpoint: string;
  readonly credentialSource: string;
  /** Requests in flight now, and the most at once so far (at most `maxConcurrency`). */
  readonly inFlight: { readonly now: number; readonly most: number };
  get<T>(path: string, permission: string): Promise<T>;
  /**
   * Every item of a collection, following `@odata.nextLink` only within the Graph origin, at most
   * `maxPages` pages, never a link twice; each page (and each item, against `itemSchema`) checked.
   */
  getAll<T>(path: string, permission: string, itemSchema?: object): Promise<T[]>;
  /** The pages of a collection one at a time, with the same checks as `getAll`: a caller that aggregates keeps memory flat. */
  pages<T>(path: string, permission: string, itemSchema?: object): AsyncGenerator<T[]>;
  patch(path: string, body: unknown, permission: string): Promise<void>;
  post<T>(path: string, body: unknown, permission: string, options?: PostOptions): Promise<T>;
  /** DELETE; Graph answers 204. */
  delete(path: string, permission: string): Promise<void>;
}

function scrub(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join("***"), text);
}

/** @azure/identity names its failures AuthenticationError, AuthenticationRequiredError, CredentialUnavailableError. */
function isTokenProblem(err: Error): boolean {
  return /Authentication|Credential/.test(err.name) || /AADSTS\d+/.test(err.message);
}

/**
 * A token failure where the sign-in authority gave no answer (MSAL's `endpoints_resolution_error` and
 * `network_error`, a reset or refused connection), not a refusal (an `AADSTS` error): the authority was
 * unreachable, or its certificate untrusted. Sent again as a read without an answer is, and said as unavailable, never as a 401.
 */
function tokenUnreached(err: Error): boolean {
  return !/AADSTS\d+/.test(err.message) && /endpoints_resolution_error|network_error|ECONNRESET|ECONNREFUSED|ETIMEDOUT|socket hang up/i.test(err.message);
}

/** What a pipeline rejected with, as an Error: a rejection with a string or a plain object (no `message`) is still said. */
const asError = (err: unknown): Error & { code?: string } =>
  err instanceof Error
    ? err
    : Object.assign(new Error(typeof err === "string" ? err : `no answer (${Object.prototype.toString.call(err)})`), { name: "TransportError" });

/** The scheme, host and port every request (and so the token) may go to: an https URL's, or a clear error. */
function graphOrigin(endpoint: string): string {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "https:") {
    throw new GraphRequestError(
      `the Graph endpoint ${JSON.stringify(endpoint)} is not an https URL; fix ENTRA_BASELINE_GRAPH_ENDPOINT or the cloud setting`,
      0,
      "BadEndpoint",
    );
  }
  return url.origin;
}

/**
 * A Microsoft Graph client on @azure/core-rest-pipeline: bearer tokens from the credential, at most
 * `maxConcurrency` requests in flight, retries that honour `Retry-After` (reads on transient failures,
 * writes only when throttled), timeouts, paging, actionable errors that say how often a request was sent.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const core = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
  const secrets = options.secrets ?? [];
  const pipeline = core.createPipelineFromOptions({
    userAgentOptions: { userAgentPrefix: "entra-baseline" },
    ...(options.tlsCa ? { tlsOptions: { ca: options.tlsCa } } : {}),
  });
  // Retries are decided here, per attempt, so each attempt takes a slot of the limiter and none waits in one.
  pipeline.removePolicy({ name: "defaultRetryPolicy" });
  pipeline.addPolicy(attemptTimeoutPolicy(options.timeoutMs ?? 30000), { afterPhase: "Retry" });
  pipeline.addPolicy(core.bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: `${options.endpoint}/.default` }));
  const httpClient = core.createDefaultHttpClient();
  const origin = graphOrigin(options.endpoint);
  const limiter = createLimiter(options.maxConcurrency ?? 8);
  const retry = {
    maxRetries: options.maxRetries ?? 4,
    retryDelayMs: options.retryDelayMs ?? 800,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 16000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60000,
    random: options.random,
  };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function send(
    method: "GET" | "PATCH" | "POST" | "DELETE",
    url: string,
    permission: string,
    body?: unknown,
    idempotent = method === "GET",
  ): Promise<string> {
    // The bearer token goes with every request: only ever to the configured Graph origin.
    if (new URL(url).origin !== origin) throw new GraphRequestError(`${method} ${url}: refused, not on the Graph endpoint ${origin}; no request was sent`, 0);
    for (let attempts = 1; ; attempts++) {
      const request = core.createPipelineRequest({
        url,
        method,
        headers: core.createHttpHeaders(graphRequestHeaders(body !== undefined)),
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      // Set after creation: createPipelineRequest does not copy `agent` from its options.
      if (options.agent) request.agent = options.agent;
      let response: import("@azure/core-rest-pipeline").PipelineResponse | undefined;
      let failure: (Error & { code?: string }) | undefined;
      try {
        response = await limiter.run(() => pipeline.sendRequest(httpClient, request));
      } catch (err) {
        failure = asError(err);
      }
      if (response && response.status < 300) return response.bodyAsText ?? "";
      const tokenProblem = failure !== undefined && isTokenProblem(failure) && !tokenUnreached(failure);
      const decision = retryDecision({ status: response?.status, retryAfter: response?.headers.get("retry-after"), tokenProblem }, attempts, idempotent, retry);
      if (decision.retry) {
        await sleep(decision.delayMs);
        continue;
      }
      if (failure) throw transportError(failure, method, url, attempts, decision.why);
      const error = errorForResponse({
        method,
        url,
        status: response!.status,
        body: response!.bodyAsText ?? "",
        permission,
        credentialSource: options.credentialSource,
        attempts,
        notRetried: decision.why,
      });
      throw new GraphRequestError(scrub(error.message, secrets), error.status, error.code, attempts);
    }
  }

  function transportError(err: Error & { code?: string }, method: string, url: string, attempts: number, notRetried?: string): GraphRequestError {
    const first = scrub(err.message.split("\n")[0], secrets);
    if (isTokenProblem(err)) {
      const noToken = `could not get a Graph token${options.authority ? ` from ${options.authority}` : ""} with the ${options.credentialSource}: ${first}`;
      if (tokenUnreached(err)) {
        return new GraphRequestError(
          `${noToken} (${attemptsSaid(attempts)}); ` +
            "the authority gave no answer: check AZURE_AUTHORITY_HOST, the network, and ENTRA_BASELINE_GRAPH_CA_FILE for a private CA (docs/graph.md)",
          0,
          TOKEN_UNREACHED,
          attempts,
        );
      }
      return new GraphRequestError(`${noToken}; check the credential's variables and AZURE_AUTHORITY_HOST (docs/graph.md)`, 401);
    }
    return new GraphRequestError(
      `${method} ${url}: no answer from ${new URL(url).origin} (${err.code === ATTEMPT_TIMED_OUT ? first : (err.code ?? first)}; ` +
        `${attemptsSaid(attempts)}${notRetried ? `; ${notRetried}` : ""}); check the network, ENTRA_BASELINE_GRAPH_ENDPOINT and the cloud setting`,
      0,
      err.code,
      attempts,
    );
  }

  function parse<T>(text: string, url: string, method = "GET"): T {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new GraphRequestError(
        `${method} ${url}: Graph's answer is not JSON (${scrub(text.slice(0, 80), secrets)}…); ` +
          `try again, or check ENTRA_BASELINE_GRAPH_ENDPOINT points at Graph`,
        200,
        UNEXPECTED_ANSWER,
      );
    }
  }

  const urlOf = (path: string) => `${options.endpoint}${path}`;

  return {
    endpoint: options.endpoint,
    credentialSource: options.credentialSource,
    get inFlight() {
      return { now: limiter.running, most: limiter.mostRunning };
    },
    async get<T>(path: string, permission: string) {
      return parse<T>(await send("GET", urlOf(path), permission), urlOf(path));
    },
    async getAll<T>(path: string, permission: string, itemSchema?: object) {
      const items: T[] = [];
      for await (const page of this.pages<T>(path, permission, itemSchema)) items.push(...page);
      return items;
    },
    async *pages<T>(path: string, permission: string, itemSchema?: object) {
      const checkPage = answerChecker(collectionPage(itemSchema));
      const maxPages = options.maxPages ?? 1000;
      const seen = new Set<string>();
      let next: string | undefined = new URL(urlOf(path)).href;
      while (next) {
        if (seen.size >= maxPages) {
          throw new GraphRequestError(
            `GET ${urlOf(path)}: more than ${maxPages} pages; refused to read on (a Graph answer that never stops paging?)`,
            200,
            "TooManyPages",
          );
        }
        seen.add(next);
        const page: { value: T[]; "@odata.nextLink"?: string } = checkPage(parse(await send("GET", next, permission), next), `GET ${next}`);
        yield page.value;
        next = page["@odata.nextLink"] === undefined ? undefined : followNextLink(page["@odata.nextLink"], next, origin, seen);
      }
    },
    async patch(path: string, body: unknown, permission: string) {
      await send("PATCH", urlOf(path), permission, body);
    },
    async post<T>(path: string, body: unknown, permission: string, postOptions: PostOptions = {}) {
      return parse<T>(await send("POST", urlOf(path), permission, body, postOptions.idempotent ?? false), urlOf(path), "POST");
    },
    async delete(path: string, permission: string) {
      await send("DELETE", urlOf(path), permission);
    },
  };
}
