import type { CoverageReport, Finding } from "./coverage";

/** What a change does to the what-if's gaps and lockouts: how many before and after, which are new, which are gone. */
export interface CoverageDelta {
  readonly base: string;
  readonly head: string;
  readonly gaps: FindingsDelta;
  readonly lockouts: FindingsDelta;
}

export interface FindingsDelta {
  readonly before: number;
  readonly after: number;
  /** The head's findings that reach a persona, client and app the base's did not. */
  readonly new: readonly Finding[];
  /** The base's findings of which the head has no part left. */
  readonly resolved: readonly Finding[];
}

/** One finding as the persona × client app type × app sign-ins it stands for: the unit two reports are compared in. */
function signInsOf(finding: Finding): string[] {
  const clients = finding.clientAppType.split(", ");
  return clients.flatMap((client) => finding.apps.map((app) => `${finding.persona}\u0000${client}\u0000${app}`));
}

function compare(before: readonly Finding[], after: readonly Finding[]): FindingsDelta {
  const had = new Set(before.flatMap(signInsOf));
  const has = new Set(after.flatMap(signInsOf));
  return {
    before: before.length,
    after: after.length,
    new: after.filter((f) => signInsOf(f).some((s) => !had.has(s))),
    resolved: before.filter((f) => signInsOf(f).every((s) => !has.has(s))),
  };
}

/**
 * The gaps and lockouts the head has that the base did not (and those it ends), compared by persona,
 * client app type and app: the gate of a pull request or a deployment. Deliberate findings (documented
 * choices) are not counted, as in the coverage report.
 */
export function coverageDelta(base: CoverageReport, head: CoverageReport): CoverageDelta {
  return { base: base.stack, head: head.stack, gaps: compare(base.gaps, head.gaps), lockouts: compare(base.lockouts, head.lockouts) };
}

/** Whether the head adds a gap or a lockout: the pipelines fail on it. */
export const addsGapOrLockout = (delta: CoverageDelta) => delta.gaps.new.length + delta.lockouts.new.length > 0;

const plural = (n: number, word: string) => `${n} new ${word}${n === 1 ? "" : "s"}`;

/** A pull-request comment: the headline, gaps and lockouts before and after, then each new and each resolved one. */
export function formatDeltaMarkdown(delta: CoverageDelta, title = "What-if"): string {
  const headline = addsGapOrLockout(delta)
    ? `### ⚠️ ${title}: ${plural(delta.gaps.new.length, "gap")}, ${plural(delta.lockouts.new.length, "lockout")}`
    : `### ✅ ${title}: no new gap or lockout`;
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const lines = [
    headline,
    "",
    `\`${delta.base}\` → \`${delta.head}\``,
    "",
    "| | before | after |",
    "|---|---|---|",
    `| gaps (someone signs in without MFA) | ${delta.gaps.before} | ${delta.gaps.after} |`,
    `| lockouts (break-glass stopped, an admin without a way in) | ${delta.lockouts.before} | ${delta.lockouts.after} |`,
  ];
  const items = [
    ...delta.lockouts.new.map((f) => `- ⚠️ new lockout: ${cell(f.message)}`),
    ...delta.gaps.new.map((f) => `- ⚠️ new gap: ${cell(f.message)}`),
    ...delta.lockouts.resolved.map((f) => `- ✅ lockout gone: ${cell(f.message)}`),
    ...delta.gaps.resolved.map((f) => `- ✅ gap gone: ${cell(f.message)}`),
  ];
  if (items.length > 0) lines.push("", ...items.slice(0, 20), ...(items.length > 20 ? [`- … and ${items.length - 20} more: see \`--format json\``] : []));
  return `${lines.join("\n")}\n`;
}

/** The same for a terminal. */
export function formatDeltaText(delta: CoverageDelta): string {
  return [
    `what-if ${delta.base} → ${delta.head}: ${addsGapOrLockout(delta) ? "new gaps or lockouts" : "no new gap or lockout"}`,
    `  gaps: ${delta.gaps.before} → ${delta.gaps.after} (${delta.gaps.new.length} new, ${delta.gaps.resolved.length} gone)`,
    `  lockouts: ${delta.lockouts.before} → ${delta.lockouts.after} (${delta.lockouts.new.length} new, ${delta.lockouts.resolved.length} gone)`,
    ...delta.lockouts.new.map((f) => `  new lockout: ${f.message}`),
    ...delta.gaps.new.map((f) => `  new gap: ${f.message}`),
  ].join("\n");
}
