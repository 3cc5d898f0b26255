import type { AcceptedGaps } from "../config/types";
import type { Finding } from "./finding";
import type { RuleIdentity } from "./rule";

/** The rule of the findings about the accepted gaps themselves (one that no longer exists): `runGuard` applies it after the other rules. */
export const acceptedGap: RuleIdentity = {
  id: "EB-ACCEPTED-GAP",
  description: "every acceptedGaps entry still accepts a gap its rule finds",
};

/**
 * The findings with the stack's accepted gaps applied: each error of an accepted gap rule becomes
 * a warning that carries the reason (so every plan, diff and report shows it), and an accepted gap
 * its rule no longer finds is an error: an acceptance must not outlive its reason and hide the next
 * gap. `ran` are the rules that ran; a gap whose rule did not run is neither used nor stale.
 */
export function applyAcceptedGaps(findings: readonly Finding[], accepted: AcceptedGaps | undefined, ran: ReadonlySet<string>): Finding[] {
  if (!accepted || Object.keys(accepted).length === 0) return [...findings];
  const applied = findings.map((f) => {
    const gap = accepted[f.rule];
    if (!gap || f.severity !== "error") return f;
    return { ...f, severity: "warning" as const, message: `accepted gap (acceptedGaps.${f.rule}: "${gap.reason}"): ${f.message}` };
  });
  const stale = Object.entries(accepted)
    .filter(([rule]) => ran.has(rule) && !findings.some((f) => f.rule === rule && f.severity === "error"))
    .map(([rule, gap]) => ({
      rule: acceptedGap.id,
      severity: "error" as const,
      message:
        `acceptedGaps.${rule} accepts a gap that no longer exists ("${gap.reason}"): ${rule} finds nothing to accept. ` +
        `Remove the entry, so the next gap is refused again`,
    }));
  return [...applied, ...stale];
}
