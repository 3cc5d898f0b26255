import { EXIT } from "../documents/errors";
import { FLEET_KIND, FLEET_VERSION, type FleetResult, type FleetRow, type FleetSummary } from "./result";

const hasWhatIf = (row: FleetRow, kind: "gaps" | "lockouts") => (row.whatif?.[kind].length ?? 0) > 0;

/** The fleet in counts: what the summary line and the report's header say. */
export function summarize(rows: readonly FleetRow[]): FleetSummary {
  return {
    tenants: rows.length,
    ok: rows.filter((r) => r.status === "ok").length,
    failed: rows.filter((r) => r.status === "failed").length,
    drifted: rows.filter((r) => r.drift?.drifted).length,
    withGaps: rows.filter((r) => hasWhatIf(r, "gaps")).length,
    withLockouts: rows.filter((r) => hasWhatIf(r, "lockouts")).length,
    guardErrors: rows.reduce((sum, r) => sum + (r.guard?.errors ?? 0), 0),
  };
}

/**
 * The fleet's exit code (README, "Exit codes"): any failed tenant 7; else any drift 3; else any gap
 * or lockout 6; else 0. A failure wins: a tenant that could not be read may hide drift or gaps.
 */
export function fleetExitCode(summary: FleetSummary): number {
  if (summary.failed > 0) return EXIT.tenantsFailed;
  if (summary.drifted > 0) return EXIT.drifted;
  if (summary.withGaps + summary.withLockouts > 0) return EXIT.gapsOrLockouts;
  return EXIT.ok;
}

/** What a fleet run states of itself; the rest of its result is derived from its rows. */
export type FleetRun = Omit<FleetResult, "kind" | "version" | "tenants" | "summary" | "exitCode">;

/** A fleet's result from its run and its rows: the summary and the exit code derived, never stated twice. */
export function fleetResult(run: FleetRun, tenants: readonly FleetRow[]): FleetResult {
  const summary = summarize(tenants);
  return { kind: FLEET_KIND, version: FLEET_VERSION, ...run, tenants, summary, exitCode: fleetExitCode(summary) };
}
