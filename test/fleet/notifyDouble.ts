import { testCertificate } from "../graph-double/certificate";
import { listenTls, readBody } from "../graph-double/tlsServer";

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** GitHub's issues API and a Teams incoming webhook, over real TLS, as far as `fleet alert` uses them. */
export interface NotifyDouble {
  readonly url: string;
  readonly ca: string;
  readonly token: string;
  /** The webhook's URL: its signature is a secret. */
  readonly webhook: string;
  readonly issues: { number: number; title: string; body: string; labels: string[]; state: string; comments: string[] }[];
  readonly received: Received[];
  /** Answer Teams with this status (a revoked webhook: 404). */
  teamsStatus: number;
  close(): Promise<void>;
}

export async function startNotifyDouble(): Promise<NotifyDouble> {
  const { cert } = testCertificate();
  const double = {
    url: "",
    ca: cert,
    token: "ghs_notARealTokenButSecretAllTheSame0123",
    webhook: "",
    issues: [] as NotifyDouble["issues"],
    received: [] as Received[],
    teamsStatus: 200,
    close: () => server.close(),
  };
  const server = await listenTls(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", double.url);
    double.received.push({ method: req.method ?? "GET", path: url.pathname + url.search, headers: req.headers, body });
    const send = (status: number, answer?: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(answer === undefined ? "" : JSON.stringify(answer));
    };
    if (url.pathname.startsWith("/webhookb2/")) return send(double.teamsStatus, double.teamsStatus === 200 ? undefined : { error: "gone" });
    if (req.headers.authorization !== `Bearer ${double.token}`) return send(401, { message: "Bad credentials" });
    const m = /^\/repos\/acme\/fleet\/issues(?:\/(\d+))?(\/comments)?$/.exec(url.pathname);
    if (!m) return send(404, { message: "Not Found" });
    const issue = m[1] ? double.issues.find((i) => i.number === Number(m[1])) : undefined;
    if (req.method === "GET" && !m[1]) {
      const label = url.searchParams.get("labels");
      const open = double.issues.filter((i) => i.state === url.searchParams.get("state") && (!label || i.labels.includes(label)));
      const page = Number(url.searchParams.get("page") ?? "1");
      const per = Number(url.searchParams.get("per_page") ?? "30");
      return send(200, open.slice((page - 1) * per, page * per));
    }
    const payload = JSON.parse(body || "{}");
    if (req.method === "POST" && !m[1]) {
      const created = {
        number: double.issues.length + 1,
        title: payload.title,
        body: payload.body,
        labels: payload.labels ?? [],
        state: "open",
        comments: [],
      };
      double.issues.push(created);
      return send(201, created);
    }
    if (!issue) return send(404, { message: "Not Found" });
    if (req.method === "PATCH") {
      issue.body = payload.body;
      return send(200, issue);
    }
    if (req.method === "POST" && m[2]) {
      issue.comments.push(payload.body);
      return send(201, { id: issue.comments.length });
    }
    send(404, { message: "Not Found" });
  });
  double.url = server.url;
  double.webhook =
    `${double.url}/webhookb2/8f2c1a55-0000-4000-8000-000000000001/IncomingWebhook/` + "0123456789abcdef0123456789abcdef?sig=TopSecretSignatureValue123";
  return double;
}
