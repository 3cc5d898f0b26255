import { exitCodeOf } from "./exitCode";
import type { DiffReport } from "./types";

/** The report for tools: the `DiffReport` plus the exit code the CLI returns, pretty-printed. */
export function formatJson(report: DiffReport): string {
  return `${JSON.stringify({ ...report, exitCode: exitCodeOf(report) }, null, 2)}\n`;
}
