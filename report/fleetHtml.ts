import { FLEET_COLUMNS } from "../fleet/columns";
import type { FleetResult, FleetRow } from "../fleet/result";
import { callout, el, type Html, join, list, page, percentBar, section, table, text } from "./html";
import { SEVERITY_WORDS } from "./words";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function summary(result: FleetResult): Html {
  const s = result.summary;
  const fact = (term: string, value: string) => el("div", {}, el("dt", {}, term), el("dd", {}, value));
  return el(
    "dl",
    { class: "facts" },
    fact("tenants", String(s.tenants)),
    fact("ok", String(s.ok)),
    fact("failed", s.failed === 0 ? "none" : `${s.failed} ✖`),
    fact("drifted", s.drifted === 0 ? "none" : `${s.drifted} ▲`),
    fact("with gaps", s.withGaps === 0 ? "none" : `${s.withGaps} ✖`),
    fact("with lockouts", s.withLockouts === 0 ? "none" : `${s.withLockouts} ✖`),
    fact("guard errors", String(s.guardErrors)),
    fact("exit code", String(result.exitCode)),
  );
}

/** The summary table: the fleet's own columns (one place decides what a row shows), the tenant as the row header. */
function tenantsTable(result: FleetResult): Html {
  return table(
    "One row per tenant",
    FLEET_COLUMNS.map((c) => c.heading),
    result.tenants.map((row, i) =>
      FLEET_COLUMNS.map((c) =>
        c.heading === "result" && row.failure
          ? el("a", { class: "status-bad", href: `#tenant-${i}` }, `✖ FAILED (${row.failure.kind}): why and the fix`)
          : c.cell(row),
      ),
    ),
    { wide: true },
  );
}

function step1Table(result: FleetResult): Html {
  const rows = result.tenants.flatMap((row) =>
    row.step1?.available ? [[row.stack, percentBar(row.step1.requiredPercent), percentBar(row.step1.registeredPercent), String(row.step1.gaps)]] : [],
  );
  if (rows.length === 0) return el("p", {}, "No tenant's registration details were read (run the fleet's step1 or report command).");
  return table("Step 1 per tenant: users required to use MFA, and registered for it", ["tenant", "required to use MFA", "registered MFA", "gaps"], rows);
}

function tenantDetails(row: FleetRow, index: number): Html {
  const parts: Html[] = [];
  if (row.failure)
    parts.push(
      callout("bad", el("strong", {}, `Failed (${row.failure.kind}${row.failure.status ? `, HTTP ${row.failure.status}` : ""}): `), row.failure.message),
    );
  const findings = row.guard?.findings ?? [];
  if (findings.length > 0)
    parts.push(
      table(
        `Guard findings of ${row.stack}`,
        ["rule", "severity", "finding and fix"],
        findings.map((f) => [el("code", { class: "rule" }, f.rule), el("span", { class: `sev sev-${f.severity}` }, SEVERITY_WORDS[f.severity]), f.message]),
      ),
    );
  if (row.drift?.drifted)
    parts.push(
      el("h4", {}, "Drift"),
      list(row.drift.items.map((d) => `${d.status}: ${d.displayName}${d.fields && d.fields.length > 0 ? ` (${d.fields.join(", ")})` : ""}`)),
    );
  const gaps = [...(row.whatif?.gaps ?? []), ...(row.whatif?.lockouts ?? [])];
  if (gaps.length > 0) parts.push(el("h4", {}, "Gaps and lockouts"), list(gaps.map((g) => g.message)));
  if (row.reportOnly && row.reportOnly.length > 0)
    parts.push(el("h4", {}, "Left report-only"), list(row.reportOnly.map((p) => `${p.displayName}${p.since ? ` (since ${p.since})` : ""}`)));
  if (parts.length === 0) parts.push(el("p", {}, "Nothing to act on."));
  const tags = row.tags.length > 0 ? ` · tags: ${row.tags.join(", ")}` : "";
  return el(
    "article",
    { id: `tenant-${index}`, "aria-label": row.stack },
    el("h3", {}, row.stack),
    el("p", { class: "lede" }, `${row.tenantId ? `tenant ${row.tenantId}` : "tenant id not set"}${tags}`),
    ...parts,
  );
}

/** The fleet report: one self-contained page over every tenant (no script, no request, strict CSP, print stylesheet). */
export function renderFleetHtml(result: FleetResult): string {
  const tags = result.tags.length > 0 ? `, tagged ${result.tags.join(" or ")}` : "";
  const shards = result.shards.count > 1 ? `, shards ${result.shards.indexes.join("+")} of ${result.shards.count}` : "";
  const title = `Sign-in security across ${plural(result.summary.tenants, "tenant")}`;
  const header = el(
    "header",
    {},
    el("h1", {}, title),
    el("p", { class: "lede" }, `fleet ${result.command}${tags}${shards}, from ${result.startedAt} to ${result.finishedAt}, by entra-baseline.`),
  );
  const main = el(
    "main",
    { id: "main" },
    section("summary", "At a glance", summary(result), tenantsTable(result)),
    section("step1", "Step 1 results", step1Table(result)),
    section("tenants", "Each tenant", ...result.tenants.map((row, i) => tenantDetails(row, i))),
  );
  return page(
    title,
    join([header, main, el("footer", {}, text("Every tenant ran with its own credentials; a failed tenant's row says why, the others finished."))]),
  );
}
