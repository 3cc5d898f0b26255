import type { TokenCredential } from "@azure/core-auth";
import { answerChecker, UNEXPECTED_ANSWER } from "./answers";
import { ATTEMPT_TIMED_OUT, attemptTimeoutPolicy } from "./attemptTimeout";
import { collectionPage } from "./answerSchemas";
import { errorForResponse, GraphRequestError } from "./errors";
import { followNextLink } from "./paging";
import { graphRetryStrategy } from "./retryStrategy";

export interface GraphClientOptions {
  /** Graph base URL, e.g. `https://graph.microsoft.com`. */
  readonly endpoint: string;
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
   * Retries on 429, 503, 504 and network errors, honouring `Retry-After`.
   * @default 4
   */
  readonly maxRetries?: number;
  /**
   * First backoff delay; it doubles (with jitter) on each retry.
   * @default 800
   */
  readonly retryDelayMs?: number;
  /**
   * Longest single backoff, which bounds the total time of a request.
   * @default 16000
   */
  readonly maxRetryDelayMs?: number;
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

/** A Graph call: path below the base URL (e.g. `/v1.0/subscribedSkus`) and the permission it needs. */
export interface GraphClient {
  readonly endpoint: string;
  readonly credentialSource: string;
  get<T>(path: string, permission: string): Promise<T>;
  /**
   * Every item of a collection, following `@odata.nextLink` only within the Graph origin, at most
   * `maxPages` pages, never a link twice; each page (and each item, against `itemSchema`) checked.
   */
  getAll<T>(path: string, permission: string, itemSchema?: object): Promise<T[]>;
  /** The pages of a collection one at a time, with the same checks as `getAll`: a caller that aggregates keeps memory flat. */
  pages<T>(path: string, permission: string, itemSchema?: object): AsyncGenerator<T[]>;
  patch(path: string, body: unknown, permission: string): Promise<void>;
  post<T>(path: string, body: unknown, permission: string): Promise<T>;
  /** DELETE; Graph answers 204. */
  delete(path: string, permission: string): Promise<void>;
}

function scrub(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join("***"), text);
}

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
 * A Microsoft Graph client on @azure/core-rest-pipeline: bearer tokens from the credential,
 * the pipeline's exponential and Retry-After retry policies, timeouts, paging, actionable errors.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const core = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
  const secrets = options.secrets ?? [];
  const pipeline = core.createPipelineFromOptions({
    userAgentOptions: { userAgentPrefix: "entra-baseline" },
    ...(options.tlsCa ? { tlsOptions: { ca: options.tlsCa } } : {}),
  });
  // The default retry policy does not retry a 429 without Retry-After; Graph's CA endpoints send those.
  pipeline.removePolicy({ name: "defaultRetryPolicy" });
  pipeline.addPolicy(
    core.retryPolicy([graphRetryStrategy({ retryDelayMs: options.retryDelayMs ?? 800, maxRetryDelayMs: options.maxRetryDelayMs ?? 16000 })], {
      maxRetries: options.maxRetries ?? 4,
    }),
    { phase: "Retry" },
  );
  pipeline.addPolicy(attemptTimeoutPolicy(options.timeoutMs ?? 30000), { afterPhase: "Retry" });
  pipeline.addPolicy(core.bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: `${options.endpoint}/.default` }));
  const httpClient = core.createDefaultHttpClient();
  const origin = graphOrigin(options.endpoint);

  async function send(method: "GET" | "PATCH" | "POST" | "DELETE", url: string, permission: string, body?: unknown): Promise<string> {
    // The bearer token goes with every request: only ever to the configured Graph origin.
    if (new URL(url).origin !== origin) throw new GraphRequestError(`${method} ${url}: refused, not on the Graph endpoint ${origin}; no request was sent`, 0);
    const request = core.createPipelineRequest({
      url,
      method,
      headers: core.createHttpHeaders({ accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}) }),
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    let response;
    try {
      response = await pipeline.sendRequest(httpClient, request);
    } catch (err) {
      throw transportError(err as Error & { code?: string; name: string }, method, url);
    }
    const text = response.bodyAsText ?? "";
    if (response.status >= 300) {
      const error = errorForResponse({ method, url, status: response.status, body: text, permission, credentialSource: options.credentialSource });
      throw new GraphRequestError(scrub(error.message, secrets), error.status, error.code);
    }
    return text;
  }

  function transportError(err: Error & { code?: string }, method: string, url: string): GraphRequestError {
    // @azure/identity names its failures AuthenticationError, AuthenticationRequiredError, CredentialUnavailableError.
    const tokenProblem = /Authentication|Credential/.test(err.name) || /AADSTS\d+/.test(err.message);
    const first = scrub(err.message.split("\n")[0], secrets);
    if (tokenProblem) {
      const from = options.authority ? ` from ${options.authority}` : "";
      // MSAL says only "endpoints_resolution_error" when the authority cannot be reached or its TLS certificate is not trusted.
      const hint = /endpoints_resolution_error/.test(first)
        ? "the authority's OpenID configuration could not be fetched: " +
          "check AZURE_AUTHORITY_HOST, the network, and ENTRA_BASELINE_GRAPH_CA_FILE for a private CA"
        : "check the credential's variables and AZURE_AUTHORITY_HOST";
      return new GraphRequestError(`could not get a Graph token${from} with the ${options.credentialSource}: ${first}; ${hint} (docs/graph.md)`, 401);
    }
    return new GraphRequestError(
      `${method} ${url}: no answer from ${new URL(url).origin} (${err.code === ATTEMPT_TIMED_OUT ? first : (err.code ?? first)}); ` +
        `check the network, ENTRA_BASELINE_GRAPH_ENDPOINT and the cloud setting`,
      0,
      err.code,
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
    async post<T>(path: string, body: unknown, permission: string) {
      return parse<T>(await send("POST", urlOf(path), permission, body), urlOf(path), "POST");
    },
    async delete(path: string, permission: string) {
      await send("DELETE", urlOf(path), permission);
    },
  };
}
