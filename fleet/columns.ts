import type { FleetRow } from "./result";

/** A column of the fleet summary: its heading and its cell as plain text (each format escapes it). */
export interface FleetColumn {
  readonly heading: string;
  readonly cell: (row: FleetRow) => string;
}

const NONE = "–";
const count = (n: number | undefined) => (n === undefined ? NONE : String(n));
const percent = (n: number) => `${n.toFixed(1)} %`;

function drift(row: FleetRow): string {
  if (!row.drift) return NONE;
  if (!row.drift.drifted) return "none";
  return `${row.drift.items.length} change${row.drift.items.length === 1 ? "" : "s"}`;
}

function step1(row: FleetRow, which: "requiredPercent" | "registeredPercent"): string {
  if (!row.step1) return NONE;
  if (!row.step1.available) return which === "requiredPercent" && row.step1.requiredBySecurityDefaults ? "100.0 % (Security Defaults)" : "n/a";
  return percent(row.step1[which]);
}

function protection(row: FleetRow): string {
  if (!row.protection) return NONE;
  return row.protection === "securityDefaults" ? "Security Defaults" : "Conditional Access";
}

/** `12:00:03Z, 1.2 s`: when the tenant's run started (UTC) and how long it took. */
const time = (row: FleetRow) => `${row.startedAt.slice(11, 19)}Z, ${(row.durationMs / 1000).toFixed(1)} s`;

const result = (row: FleetRow) => (row.status === "ok" ? "ok" : `FAILED (${row.failure?.kind}): ${row.failure?.message}`);

/** The columns of every fleet format, in order: one place decides what a row shows. */
export const FLEET_COLUMNS: readonly FleetColumn[] = [
  { heading: "tenant", cell: (r) => r.stack },
  { heading: "tags", cell: (r) => r.tags.join(", ") || NONE },
  { heading: "plan", cell: (r) => r.plan ?? NONE },
  { heading: "protection", cell: protection },
  { heading: "drift", cell: drift },
  { heading: "guard errors", cell: (r) => count(r.guard?.errors) },
  { heading: "gaps", cell: (r) => count(r.whatif?.gaps.length) },
  { heading: "lockouts", cell: (r) => count(r.whatif?.lockouts.length) },
  { heading: "Step 1 required", cell: (r) => step1(r, "requiredPercent") },
  { heading: "registered", cell: (r) => step1(r, "registeredPercent") },
  { heading: "run", cell: time },
  { heading: "result", cell: result },
];
