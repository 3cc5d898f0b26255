import type { FindingSeverity } from "../guard/finding";
import type { SignInClientAppType } from "../policies/graphTypes";
import type { Verdict } from "../whatif/coverage";

/** Client app types as people call them. */
export const CLIENT_LABELS: Readonly<Record<SignInClientAppType, string>> = {
  browser: "browser",
  mobileAppsAndDesktopClients: "mobile and desktop apps",
  exchangeActiveSync: "Exchange ActiveSync",
  other: "other legacy clients",
};

/** A verdict in a heat-map cell: a word and a symbol, so the colour never carries it alone. */
export const VERDICT_WORDS: Readonly<Record<Verdict, string>> = { allowed: "⚠ no MFA", MFA: "✓ MFA", blocked: "⊘ blocked" };

/** "4 report-only, 2 enforced": how often each word occurs, in order of first occurrence. */
export function countsOf(words: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].map(([w, n]) => `${n} ${w}`).join(", ");
}

/** A finding's severity as a symbol and a word. */
export const SEVERITY_WORDS: Readonly<Record<FindingSeverity, string>> = { error: "✖ error", warning: "▲ warning", info: "ℹ info" };
