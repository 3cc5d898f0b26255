import type { HeadFinding, PolicySet } from "./types";

/** The head's guard findings, errors first, each marked new when the base did not have it. */
export function headFindings(base: PolicySet, head: PolicySet): HeadFinding[] {
  const key = (f: { rule: string; message: string; policy?: string }) => `${f.rule}\u0000${f.policy ?? ""}\u0000${f.message}`;
  const had = new Set(base.findings.map(key));
  const order = { error: 0, warning: 1, info: 2 } as const;
  return head.findings
    .map((f, i) => ({ f: { ...f, isNew: !had.has(key(f)) }, i }))
    .sort((a, b) => order[a.f.severity] - order[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}
