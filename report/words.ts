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

/** How a heat-map cell reads for whom: what is right for a member is a lockout risk for emergency access. */
export type CellTone = "ok" | "open" | "block" | "warn";

/** A cell's words and tone: for break-glass, signing in with nothing is right and anything else a warning; an excluded account's open sign-in is deliberate. */
export function cellOf(verdicts: readonly Verdict[], persona: { readonly kind: string; readonly deliberate: boolean }): { words: string[]; tone: CellTone } {
  if (persona.kind === "breakGlass") {
    const open = verdicts.length === 1 && verdicts[0] === "allowed";
    return open ? { words: ["✓ nothing asked"], tone: "ok" } : { words: verdicts.map((v) => `▲ ${v === "allowed" ? "no MFA" : v}`), tone: "warn" };
  }
  const words = verdicts.map((v) => (v === "allowed" && persona.deliberate ? "▲ no MFA (excluded)" : VERDICT_WORDS[v]));
  const worst = verdicts[0];
  return { words, tone: worst === "allowed" ? (persona.deliberate ? "warn" : "open") : worst === "MFA" ? "ok" : "block" };
}

/** The key apps as heat-map column headings: short enough for sixteen columns. */
export const HEAT_APP_LABELS: Readonly<Record<string, string>> = { "Azure management": "Azure mgmt" };

/** "4 report-only, 2 enforced": how often each word occurs, in order of first occurrence. */
export function countsOf(words: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].map(([w, n]) => `${n} ${w}`).join(", ");
}

/** A finding's severity as a symbol and a word. */
export const SEVERITY_WORDS: Readonly<Record<FindingSeverity, string>> = { error: "✖ error", warning: "▲ warning", info: "ℹ info" };
