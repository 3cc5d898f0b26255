import { randomUUID } from "crypto";
import { testCertificate } from "./certificate";
import { listenTls, readBody } from "./tlsServer";
import { graphRoutes } from "./graphRoutes";
import { Answer, graphError, GraphDouble, openIdConfiguration } from "./server";
import { DoubleTenant, newTenant } from "./tenantState";

/** One customer tenant of the fleet double: its own app, its own state, its own answers. */
export interface FleetDoubleTenant {
  readonly tenantId: string;
  /** The tenant's own app registration (the `{ variables: PREFIX }` form). */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly state: DoubleTenant;
  /** Whether the partner's multi-tenant app is consented here (else its token request fails, AADSTS7000229). */
  partnerConsented: boolean;
  /** Answers this tenant's Graph requests before the routes: a faulty tenant; `hang` never answers. */
  override?: (method: string, url: URL) => Answer | "hang" | undefined;
  /** `reset`: the sign-in authority drops this tenant's connections without an answer (an overloaded or unreachable authority). */
  authorityFault?: "reset";
  /** Graph requests answered for this tenant, by the tenant of the token they carried. */
  graphRequests: number;
  /** Tokens issued for this tenant. */
  tokensIssued: number;
  /** This tenant's Graph requests in flight: now, and the most at once. */
  readonly inFlight: { now: number; most: number };
}

export interface FleetDouble {
  /** `https://127.0.0.1:<port>`: Graph and the authority of every tenant. */
  readonly url: string;
  readonly ca: string;
  /** The partner's multi-tenant app, with a federated credential: it accepts these client assertions. */
  readonly partnerClientId: string;
  readonly acceptedAssertions: Set<string>;
  /** Every answer (token requests too) after this many milliseconds. */
  latencyMs: number;
  /**
   * The tenant a token requested for `tenantId` is issued for: the identity, unless a spec plays an
   * authority (or a misconfigured app) that hands out another tenant's token.
   */
  issueFor: (tenantId: string) => string;
  readonly tenants: Map<string, FleetDoubleTenant>;
  addTenant(state?: DoubleTenant): FleetDoubleTenant;
  /** Graph requests whose token the double did not issue, or that carried none. */
  rejectedTokens: number;
  /** Graph requests in flight across all tenants: now, and the most at once. */
  readonly inFlight: { now: number; most: number };
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An access token shaped as Entra's: a JWT whose `tid` names the tenant (unsigned: the double is its only reader). */
const accessToken = (tenantId: string, clientId: string, audience: string) =>
  `${base64url({ typ: "JWT", alg: "none" })}.${base64url({ aud: audience, tid: tenantId, appid: clientId, jti: randomUUID() })}.x`;

const tokenError = (status: number, error: string, code: number, description: string): Answer => ({
  status,
  body: {
    error,
    error_description: `AADSTS${code}: ${description}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  },
});

/**
 * Microsoft Graph and the Entra authority for many tenants at once, over real TLS, as they are for a
 * partner: one Graph endpoint for every tenant, the token deciding whose data a request reads. Each
 * token is a JWT naming its tenant; the double answers a Graph request from that tenant's state only.
 */
export async function startFleetDouble(): Promise<FleetDouble> {
  const { cert } = testCertificate();
  const tokens = new Map<string, string>();
  const double = {
    url: "",
    ca: cert,
    partnerClientId: "9c1b7e52-0000-4000-8000-0000000fa57e",
    acceptedAssertions: new Set<string>(),
    latencyMs: 0,
    issueFor: (tenantId: string) => tenantId,
    tenants: new Map<string, FleetDoubleTenant>(),
    rejectedTokens: 0,
    inFlight: { now: 0, most: 0 },
    addTenant(state: DoubleTenant = newTenant()): FleetDoubleTenant {
      const tenant: FleetDoubleTenant = {
        tenantId: randomUUID(),
        clientId: randomUUID(),
        clientSecret: `secret-${randomUUID()}`,
        state,
        partnerConsented: true,
        graphRequests: 0,
        tokensIssued: 0,
        inFlight: { now: 0, most: 0 },
      };
      double.tenants.set(tenant.tenantId, tenant);
      return tenant;
    },
  };

  const authority = (path: string, body: string): Answer | "reset" | undefined => {
    const match = /^\/([0-9a-f-]{36})\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(path);
    if (!match) return undefined;
    const tenant = double.tenants.get(match[1]);
    if (!tenant) return tokenError(400, "invalid_tenant", 90002, `Tenant '${match[1]}' not found.`);
    if (tenant.authorityFault === "reset") return "reset";
    const tenantBase = `${double.url}/${tenant.tenantId}`;
    if (match[2].startsWith("v2.0")) return openIdConfiguration(tenantBase);
    const form = new URLSearchParams(body);
    const clientId = form.get("client_id");
    const assertion = form.get("client_assertion");
    if (clientId === double.partnerClientId) {
      if (!assertion || !double.acceptedAssertions.has(assertion))
        return tokenError(401, "invalid_client", 700213, "No matching federated identity record found for presented assertion.");
      if (!tenant.partnerConsented)
        return tokenError(401, "invalid_client", 7000229, `The client application ${clientId} is missing service principal in the tenant ${tenant.tenantId}.`);
    } else if (clientId !== tenant.clientId || form.get("client_secret") !== tenant.clientSecret) {
      return tokenError(401, "invalid_client", 7000215, `Invalid client secret provided for app '${clientId}'.`);
    }
    const issuedFor = double.issueFor(tenant.tenantId);
    const token = accessToken(issuedFor, clientId, form.get("scope") ?? "");
    tokens.set(token, issuedFor);
    tenant.tokensIssued++;
    return { status: 200, body: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  };

  const graphAnswer = async (req: import("http").IncomingMessage, url: URL, body: string): Promise<Answer | "hang"> => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const tenant = bearer ? double.tenants.get(tokens.get(bearer) ?? "") : undefined;
    if (!tenant) {
      double.rejectedTokens++;
      return graphError(401, "InvalidAuthenticationToken", bearer ? "Access token validation failure. Invalid audience." : "Access token is empty.");
    }
    tenant.graphRequests++;
    tenant.inFlight.now++;
    tenant.inFlight.most = Math.max(tenant.inFlight.most, tenant.inFlight.now);
    try {
      const overridden = tenant.override?.(req.method ?? "GET", url);
      if (overridden) return overridden;
      // The routes read `tenant` and `url` of the double they are given: this tenant's view.
      const view = { url: double.url, tenant: tenant.state, pageSize: 100, throttleInner: 0, innerFaults: [], innerRequests: [], batchedRequests: 0 };
      const prefer = typeof req.headers.prefer === "string" ? req.headers.prefer : undefined;
      return graphRoutes(view as unknown as GraphDouble, req.method ?? "GET", url, body, prefer);
    } finally {
      tenant.inFlight.now--;
    }
  };

  const server = await listenTls(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", double.url);
    double.inFlight.now++;
    double.inFlight.most = Math.max(double.inFlight.most, double.inFlight.now);
    try {
      if (double.latencyMs > 0) await new Promise((r) => setTimeout(r, double.latencyMs));
      const answer = authority(url.pathname, body) ?? (await graphAnswer(req, url, body));
      if (answer === "hang") return; // the socket stays open until the client gives up or the double closes
      if (answer === "reset") return void req.socket.destroy();
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body === undefined ? undefined : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    } finally {
      double.inFlight.now--;
    }
  });
  double.url = server.url;
  return Object.assign(double, { close: server.close });
}
