import type { DiffReport } from "./types";

/** Exit codes of `npm run diff` a pipeline can branch on. */
export const DIFF_EXIT = { unchanged: 0, usage: 2, weakens: 4, changed: 5 } as const;

/** 0 when nothing changed, 4 when a change weakens protection, 5 for any other change. */
export function exitCodeOf(report: DiffReport): number {
  if (report.changes.length === 0) return DIFF_EXIT.unchanged;
  return report.changes.some((c) => c.weakens) ? DIFF_EXIT.weakens : DIFF_EXIT.changed;
}
