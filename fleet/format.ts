import { escapeMarkdown } from "../format/escape";
import { showControls } from "../text/terminal";
import { FLEET_COLUMNS } from "./columns";
import type { FleetResult } from "./result";

function heading(result: FleetResult): string {
  const s = result.summary;
  const tags = result.tags.length > 0 ? ` tagged ${result.tags.join(" or ")}` : "";
  const shard =
    result.shards.count > 1 && result.shards.indexes.length < result.shards.count ? `, shard ${result.shards.indexes.join("+")}/${result.shards.count}` : "";
  return (
    `fleet ${result.command}: ${s.tenants} tenant${s.tenants === 1 ? "" : "s"}${tags}${shard}; ${s.ok} ok, ${s.failed} failed, ` +
    `${s.drifted} drifted, ${s.withGaps} with gaps, ${s.withLockouts} with lockouts, ${s.guardErrors} guard errors`
  );
}

/** The summary as a terminal table. */
export function formatTable(result: FleetResult): string {
  const cells = result.tenants.map((row) => FLEET_COLUMNS.map((c) => showControls(c.cell(row))));
  const widths = FLEET_COLUMNS.map((c, i) => Math.max(c.heading.length, ...cells.map((r) => r[i].length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [heading(result), "", line(FLEET_COLUMNS.map((c) => c.heading)), ...cells.map(line), "", `exit code ${result.exitCode}`].join("\n");
}

/** The summary as markdown: a job summary, an issue body; every cell through the one markdown escaping (`format/escape.ts`). */
export function formatMarkdown(result: FleetResult): string {
  const row = (values: readonly string[]) => `| ${values.join(" | ")} |`;
  return [
    `## ${escapeMarkdown(heading(result))}`,
    "",
    row(FLEET_COLUMNS.map((c) => c.heading)),
    row(FLEET_COLUMNS.map(() => "---")),
    ...result.tenants.map((r) => row(FLEET_COLUMNS.map((c) => escapeMarkdown(c.cell(r))))),
    "",
    `Exit code ${result.exitCode}.`,
  ].join("\n");
}
