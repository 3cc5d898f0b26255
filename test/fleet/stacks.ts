import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ACCEPTED_GAPS } from "../fixtures/acceptedGaps";
import { BREAK_GLASS_USER } from "../fixtures/ids";

/** A stack file's text from its `entra-baseline:` keys (values as YAML flow / JSON). */
export const stackYaml = (config: Record<string, unknown>) =>
  `config:\n${Object.entries(config)
    .map(([key, value]) => `  entra-baseline:${key}: ${JSON.stringify(value)}`)
    .join("\n")}\n`;

/** A p2 stack in staging, as the shipped contoso: accepted by the guard. */
export const stagingP2 = (extra: Record<string, unknown> = {}) =>
  stackYaml({ plan: "p2", protection: "securityDefaults", policyState: "reportOnly", breakGlassUsers: [BREAK_GLASS_USER], ...extra });

/** A free stack: Security Defaults only. */
export const freeStack = (extra: Record<string, unknown> = {}) => stackYaml({ plan: "free", ...extra });

/** A temporary stacks folder holding these files (name → text); removed by `cleanup`. */
export function stacksFolder(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-stacks-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A p1 stack on Conditional Access, its policies report-only (Security Defaults off): accepted, its gaps accepted by name (warnings). */
export const reportOnlyP1 = (extra: Record<string, unknown> = {}) =>
  stackYaml({ plan: "p1", protection: "conditionalAccess", breakGlassUsers: [BREAK_GLASS_USER], acceptedGaps: ACCEPTED_GAPS, ...extra });
