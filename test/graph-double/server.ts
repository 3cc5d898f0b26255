import { randomUUID } from "crypto";
import { testCertificate } from "./certificate";
import { listenTls, readBody } from "./tlsServer";
import { Fault, FAULT_ERRORS, FaultStatus } from "./faults";
import { graphRoutes } from "./graphRoutes";
import { DoubleTenant, newTenant } from "./tenantState";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  /** The `Prefer` header, when sent. */
  readonly prefer?: string;
  readonly body: string;
}

export interface GraphDouble {
  /** `https://127.0.0.1:<port>`: both the Graph endpoint and the authority host. */
  readonly url: string;
  /** PEM of the self-signed certificate, to trust. */
  readonly ca: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenant: DoubleTenant;
  /** Faults applied, in order, to the next Graph requests. */
  readonly faults: Fault[];
  /** Every request, token requests included. */
  readonly requests: RecordedRequest[];
  /** Page size of collections (`@odata.nextLink` beyond it). */
  pageSize: number;
  /** Inner batch requests to answer 429 (Retry-After: 0) before answering normally. */
  throttleInner: number;
  /** Statuses (with Graph's error bodies) for the next inner batch requests, in order, before answering normally. */
  readonly innerFaults: { readonly status: FaultStatus; readonly retryAfterSeconds?: number }[];
  /** Inner batch requests as received, with their headers. */
  readonly innerRequests: { readonly method: string; readonly url: string; readonly headers: Record<string, string> }[];
  /** Milliseconds every Graph answer takes (token requests apart): the network and Graph's own time. */
  latencyMs: number;
  /** Graph requests being answered now, and the most at once so far. */
  readonly inFlight: { now: number; most: number };
  /** When set, per-user MFA writes fail with 500 once this many have succeeded (a crash midway). */
  failWritesAfter?: number;
  /** Inner requests received through `$batch`. */
  batchedRequests: number;
  /** When set, answers the Graph requests it returns an answer for, before the routes (a hostile or broken Graph). */
  override?: (method: string, url: URL) => Answer | undefined;
  /** Federated client assertions the token endpoint accepts instead of the secret. */
  readonly acceptedAssertions: Set<string>;
  graphRequests(): RecordedRequest[];
  /** How many requests reached one route: the method and the path without its query string. */
  count(method: string, path: string): number;
  close(): Promise<void>;
}

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** Graph's answer to a faulted request: its error body, and `Retry-After` when the fault sets one. */
export const faultAnswer = (status: FaultStatus, retryAfterSeconds?: number): Answer => ({
  ...graphError(status, FAULT_ERRORS[status].code, FAULT_ERRORS[status].message),
  headers: retryAfterSeconds !== undefined ? { "retry-after": String(retryAfterSeconds) } : {},
});

/** Graph's 200 answer: the body with its `@odata.context`, `context` being what follows `$metadata#`. */
export const graphOk = (context: string, body: Record<string, unknown>): Answer => ({
  status: 200,
  body: { "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#${context}`, ...body },
});

/** The Entra authority's OpenID configuration of the tenant at `tenantBase` (`https://…/<tenant id>`). */
export const openIdConfiguration = (tenantBase: string): Answer => ({
  status: 200,
  body: {
    token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
    authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${tenantBase}/oauth2/v2.0/logout`,
    device_authorization_endpoint: `${tenantBase}/oauth2/v2.0/devicecode`,
    issuer: `${tenantBase}/v2.0`,
    jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
    response_types_supported: ["code", "id_token", "token"],
    tenant_region_scope: "EU",
  },
});

export const graphError = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": randomUUID(), "client-request-id": randomUUID() } } },
});

/**
 * A local HTTPS server that answers as Microsoft Graph and the Entra token endpoint do, so
 * the real @azure/identity credential and the real Graph client are tested over real TLS.
 */
export async function startGraphDouble(): Promise<GraphDouble> {
  const { cert } = testCertificate();
  const tokens = new Set<string>();
  const double = {
    url: "",
    ca: cert,
    tenantId: "72f988bf-0000-4000-8000-00000000cafe",
    clientId: "3a1c7e52-0000-4000-8000-00000000c11e",
    clientSecret: `secret-${randomUUID()}`,
    tenant: newTenant(),
    faults: [] as Fault[],
    requests: [] as RecordedRequest[],
    pageSize: 100,
    throttleInner: 0,
    innerFaults: [] as { status: FaultStatus; retryAfterSeconds?: number }[],
    innerRequests: [] as { method: string; url: string; headers: Record<string, string> }[],
    latencyMs: 0,
    inFlight: { now: 0, most: 0 },
    failWritesAfter: undefined as number | undefined,
    override: undefined as GraphDouble["override"],
    batchedRequests: 0,
    acceptedAssertions: new Set<string>(),
  };

  const authority = (path: string, body: string): Answer | undefined => {
    const tenantPath = `/${double.tenantId}`;
    if (path === `${tenantPath}/v2.0/.well-known/openid-configuration`) {
      return openIdConfiguration(`${double.url}${tenantPath}`);
    }
    if (path === `${tenantPath}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body);
      const assertion = form.get("client_assertion");
      const proven = assertion ? double.acceptedAssertions.has(assertion) : form.get("client_secret") === double.clientSecret;
      if (form.get("client_id") !== double.clientId || !proven) {
        return {
          status: 401,
          body: {
            error: "invalid_client",
            error_description:
              `AADSTS7000215: Invalid client secret provided. ` +
              `Ensure the secret being sent in the request is the client secret value, not the client secret ID, ` +
              `for a secret added to app '${form.get("client_id")}'.`,
            error_codes: [7000215],
            timestamp: new Date().toISOString(),
            trace_id: randomUUID(),
            correlation_id: randomUUID(),
          },
        };
      }
      const token = `opaque-${randomUUID()}`;
      tokens.add(token);
      return { status: 200, body: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token } };
    }
    return undefined;
  };

  const server = await listenTls(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", double.url);
    const prefer = typeof req.headers.prefer === "string" ? req.headers.prefer : undefined;
    double.requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, authorization: req.headers.authorization, prefer, body });
    const send = (answer: Answer) => {
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body === undefined ? undefined : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    };

    const auth = authority(url.pathname, body);
    if (auth) return send(auth);

    double.inFlight.now++;
    double.inFlight.most = Math.max(double.inFlight.most, double.inFlight.now);
    try {
      if (double.latencyMs > 0) await new Promise((r) => setTimeout(r, double.latencyMs));
      send(await graphAnswer(req, url, body, prefer));
    } finally {
      double.inFlight.now--;
    }
  });

  const graphAnswer = async (req: import("http").IncomingMessage, url: URL, body: string, prefer: string | undefined): Promise<Answer> => {
    const at = double.faults.findIndex((f) => f.route === undefined || url.pathname.startsWith(f.route));
    const fault = at < 0 ? undefined : double.faults.splice(at, 1)[0];
    if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.kind === "status") return faultAnswer(fault.status, fault.retryAfterSeconds);
    if (fault?.kind === "malformed") return { status: 200, body: '{"value": [ {"id": ' };
    if (fault?.kind === "answer") return { status: fault.status, body: JSON.stringify(fault.body) };
    const overridden = double.override?.(req.method ?? "GET", url);
    if (overridden) return overridden;

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !tokens.has(bearer)) {
      return graphError(401, "InvalidAuthenticationToken", bearer ? "Access token validation failure. Invalid audience." : "Access token is empty.");
    }
    return graphRoutes(double as GraphDouble, req.method ?? "GET", url, body, prefer);
  };

  double.url = server.url;
  return Object.assign(double, {
    graphRequests: () => double.requests.filter((r) => !r.path.startsWith(`/${double.tenantId}/`)),
    count: (method: string, path: string) => double.requests.filter((r) => r.method === method && r.path.split("?")[0] === path).length,
    close: server.close,
  }) as GraphDouble;
}
