import { readPreview } from "./previewReader";
import { diffPolicySets } from "./semanticDiff";
import type { DiffReport } from "./types";

/** The semantic diff of what a `pulumi preview --json` document says `pulumi up` would change. */
export function previewDiff(document: unknown): DiffReport {
  const { base, head, notes } = readPreview(document);
  const report = diffPolicySets(base, head);
  return { ...report, notes: [...report.notes, ...notes] };
}
