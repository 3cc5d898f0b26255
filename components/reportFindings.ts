import * as pulumi from "@pulumi/pulumi";
import type { Finding } from "../guard/finding";

/**
 * Sends warnings to the engine, where `pulumi preview` shows them beside the resource.
 * Without an engine (the offline plan, tests) the caller shows findings itself.
 */
export function reportFindings(findings: readonly Finding[], resource: pulumi.Resource): void {
  if (!pulumi.runtime.hasEngine()) return;
  for (const finding of findings) {
    const text = `[${finding.rule}] ${finding.message}`;
    if (finding.severity === "warning") void pulumi.log.warn(text, resource);
    else if (finding.severity === "info") void pulumi.log.info(text, resource);
  }
}
