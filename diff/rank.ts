import { compareRisk } from "./risk";
import type { PolicyChange } from "./types";

/** Weakening changes first, then by risk (high first); ties keep their order (policy, then aspect). */
export function rankChanges(changes: readonly PolicyChange[]): PolicyChange[] {
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(b.c.weakens) - Number(a.c.weakens) || compareRisk(a.c.risk, b.c.risk) || a.i - b.i)
    .map(({ c }) => c);
}
