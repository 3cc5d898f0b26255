import type { FleetResult, FleetRow } from "./result";

/** What makes a tenant worth an alert. */
export const TRIGGER_KINDS = ["drift", "gap", "reportOnly", "failure"] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export interface Trigger {
  readonly kind: TriggerKind;
  /** Stable identity: a trigger seen in the previous run is not new. */
  readonly key: string;
  /** One line for people; tenant-supplied text in it is escaped by each format. */
  readonly text: string;
}

/** A tenant with something new to say. */
export interface TenantAlert {
  readonly stack: string;
  readonly tenantId?: string;
  /** What is new since the previous run. */
  readonly triggers: readonly Trigger[];
  /** Everything that holds now (new or not): what the tenant's issue lists. */
  readonly current: readonly Trigger[];
}

export interface AlertOptions {
  /** A policy left report-only longer than this many days is a trigger. */
  readonly reportOnlyDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Everything about a row that may alert, as of `at` (the time of its run). */
export function triggersOf(row: FleetRow, at: Date, options: AlertOptions): Trigger[] {
  const triggers: Trigger[] = [];
  if (row.failure) triggers.push({ kind: "failure", key: `failure:${row.failure.kind}`, text: `the run failed (${row.failure.kind}): ${row.failure.message}` });
  for (const item of row.drift?.items ?? []) {
    const fields = item.fields && item.fields.length > 0 ? ` (${item.fields.join(", ")})` : "";
    triggers.push({ kind: "drift", key: `drift:${item.status}:${item.displayName}`, text: `drift: ${item.status} "${item.displayName}"${fields}` });
  }
  for (const gap of [...(row.whatif?.gaps ?? []), ...(row.whatif?.lockouts ?? [])]) {
    triggers.push({ kind: "gap", key: `gap:${gap.persona}|${gap.clientAppType}|${gap.message}`, text: `gap: ${gap.message}` });
  }
  for (const p of row.reportOnly ?? []) {
    const since = p.since ? Date.parse(p.since) : NaN;
    if (Number.isNaN(since)) continue;
    const days = Math.floor((at.getTime() - since) / DAY_MS);
    if (days > options.reportOnlyDays) {
      triggers.push({
        kind: "reportOnly",
        key: `reportOnly:${p.id}`,
        text: `"${p.displayName}" report-only for ${days} days (more than ${options.reportOnlyDays})`,
      });
    }
  }
  return triggers;
}

/**
 * The tenants with a new trigger: drift, a gap or lockout, a policy left report-only past the limit, or
 * a failed run, that the previous run did not already have (without a previous run, all are new).
 */
export function alertsOf(current: FleetResult, previous: FleetResult | undefined, options: AlertOptions): TenantAlert[] {
  const before = new Map(
    (previous?.tenants ?? []).map((row) => [row.stack, new Set(triggersOf(row, new Date(previous!.finishedAt), options).map((t) => t.key))]),
  );
  const at = new Date(current.finishedAt);
  return current.tenants.flatMap((row) => {
    const now = triggersOf(row, at, options);
    const seen = before.get(row.stack) ?? new Set<string>();
    const fresh = now.filter((t) => !seen.has(t.key));
    return fresh.length === 0 ? [] : [{ stack: row.stack, ...(row.tenantId ? { tenantId: row.tenantId } : {}), triggers: fresh, current: now }];
  });
}
