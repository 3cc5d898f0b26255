import { EXIT } from "../plan/errors";
import type { FleetRow, FleetSummary } from "./result";

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
