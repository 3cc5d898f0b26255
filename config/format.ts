import type { ConfigIssue } from "./validate";

/** One message listing every configuration problem, each on its own line. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => `  - ${issue.key}: ${issue.message}`);
  return [`entra-baseline configuration failed due to the following validation error(s):`, ...lines].join("\n");
}
