import { EXIT } from "../documents/errors";
import type { DiffReport } from "./types";

/** 0 when nothing changed, 4 when a change weakens protection, 5 for any other change (the codes of every command: `documents/errors.ts`). */
export function exitCodeOf(report: DiffReport): number {
  if (report.changes.length === 0) return EXIT.ok;
  return report.changes.some((c) => c.weakens) ? EXIT.weakens : EXIT.changed;
}
