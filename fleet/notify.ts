import * as https from "https";
import type { TenantAlert } from "./alerts";
import { NamedError } from "../documents/errors";
import { escapeMarkdown } from "../format/escape";

/** A request to GitHub or Teams that did not succeed: one line, without the URL's secret parts or the token. */
export class NotifyError extends NamedError {}

export interface HttpsTarget {
  /** Extra CA certificates (PEM) to trust: a proxy's, or a test double's. */
  readonly ca?: string;
  /** Milliseconds before a request is given up. */
  readonly timeoutMs?: number;
}

/** The URL as it may be shown: its origin and path, never a query (a Teams webhook's signature is in it). */
const shown = (url: URL) => `${url.origin}${url.pathname.replace(/\/[^/]{24,}/g, "/…")}`;

/** One JSON request over HTTPS; the answer's JSON, or a `NotifyError` that names the host and the status. */
export function requestJson(url: string, method: string, headers: Record<string, string>, body: unknown, target: HttpsTarget): Promise<unknown> {
  const u = new URL(url);
  if (u.protocol !== "https:") return Promise.reject(new NotifyError(`${shown(u)}: not an https URL; alerts go over HTTPS only`));
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      u,
      {
        method,
        headers: { accept: "application/json", "user-agent": "entra-baseline", ...(text ? { "content-type": "application/json" } : {}), ...headers },
        ...(target.ca ? { ca: target.ca } : {}),
        timeout: target.timeoutMs ?? 30000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const answer = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 0) >= 300) return reject(new NotifyError(`${method} ${shown(u)}: answered ${res.statusCode}`));
          try {
            resolve(answer.trim() === "" ? undefined : JSON.parse(answer));
          } catch {
            resolve(answer);
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    req.on("error", (err: Error & { code?: string }) => reject(new NotifyError(`${method} ${shown(u)}: no answer (${err.code ?? "network error"})`)));
    req.end(text);
  });
}

/** The issue of a tenant: found again by this marker in its body. */
export const issueMarker = (stack: string) => `<!-- entra-baseline-fleet:${encodeURIComponent(stack)} -->`;
export const ISSUE_LABEL = "entra-baseline-fleet";

/** The issue's body: what holds now for the tenant, escaped. */
export function issueBody(alert: TenantAlert, runUrl?: string): string {
  return [
    issueMarker(alert.stack),
    `Tenant **${escapeMarkdown(alert.stack)}**${alert.tenantId ? ` (${escapeMarkdown(alert.tenantId)})` : ""}, ` +
      `as of the last fleet run${runUrl ? ` ([run](${encodeURI(runUrl)}))` : ""}:`,
    "",
    ...alert.current.map((t) => `- ${escapeMarkdown(t.text)}`),
    "",
    "Opened and updated by `entra-baseline fleet alert`; close it once the tenant matches its stack ([docs/fleet.md](docs/fleet.md)).",
  ].join("\n");
}

export const newSince = (alert: TenantAlert) => ["New since the previous run:", "", ...alert.triggers.map((t) => `- ${escapeMarkdown(t.text)}`)].join("\n");

export interface GitHubTarget extends HttpsTarget {
  /** `https://api.github.com`, or `GITHUB_API_URL` on GitHub Enterprise. */
  readonly api: string;
  /** `owner/repo`. */
  readonly repository: string;
  readonly token: string;
  /** The workflow run, linked from the issue. */
  readonly runUrl?: string;
}

/** Opens one issue per tenant, or updates the open one (body replaced, a comment with what is new): never a second issue. */
export async function syncIssues(alerts: readonly TenantAlert[], gh: GitHubTarget): Promise<{ opened: number; updated: number }> {
  const base = `${gh.api.replace(/\/+$/, "")}/repos/${gh.repository}`;
  const headers = { authorization: `Bearer ${gh.token}`, "x-github-api-version": "2022-11-28", accept: "application/vnd.github+json" };
  const open: { number: number; body?: string | null }[] = [];
  for (let page = 1; page <= 50; page++) {
    const batch = (await requestJson(
      `${base}/issues?state=open&labels=${ISSUE_LABEL}&per_page=100&page=${page}`,
      "GET",
      headers,
      undefined,
      gh,
    )) as typeof open;
    if (!Array.isArray(batch)) throw new NotifyError(`GET ${base}/issues: not a list of issues`);
    open.push(...batch);
    if (batch.length < 100) break;
  }
  let opened = 0;
  let updated = 0;
  for (const alert of alerts) {
    const body = issueBody(alert, gh.runUrl);
    const existing = open.find((i) => typeof i.body === "string" && i.body.startsWith(issueMarker(alert.stack)));
    if (existing) {
      await requestJson(`${base}/issues/${existing.number}`, "PATCH", headers, { body }, gh);
      await requestJson(`${base}/issues/${existing.number}/comments`, "POST", headers, { body: newSince(alert) }, gh);
      updated++;
    } else {
      const title = `entra-baseline: tenant ${alert.stack.replace(/[\u0000-\u001f]/g, " ").slice(0, 200)} needs attention`;
      await requestJson(`${base}/issues`, "POST", headers, { title, body, labels: [ISSUE_LABEL] }, gh);
      opened++;
    }
  }
  return { opened, updated };
}

/** Adaptive Cards render a subset of markdown and no HTML entities. */
const CARD = { entities: false } as const;

/** The Adaptive Card (a Teams incoming webhook's `message`): one fact per tenant with what is new. */
export function adaptiveCard(alerts: readonly TenantAlert[], title: string, runUrl?: string): object {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", size: "Medium", weight: "Bolder", wrap: true, text: escapeMarkdown(title, CARD) },
            {
              type: "FactSet",
              facts: alerts.map((a) => ({ title: escapeMarkdown(a.stack, CARD), value: a.triggers.map((t) => escapeMarkdown(t.text, CARD)).join("; ") })),
            },
          ],
          ...(runUrl ? { actions: [{ type: "Action.OpenUrl", title: "Open the run", url: runUrl }] } : {}),
        },
      },
    ],
  };
}

/** Posts the card to the webhook; the URL (whose query is its secret) never appears in an error. */
export async function postTeams(webhook: string, card: object, target: HttpsTarget): Promise<void> {
  let url: URL;
  try {
    url = new URL(webhook);
  } catch {
    throw new NotifyError("ENTRA_BASELINE_TEAMS_WEBHOOK is not a URL; copy the incoming webhook's URL from Teams");
  }
  await requestJson(url.href, "POST", {}, card, target);
}
