import * as fs from "fs";
import type { TenantSnapshot } from "../guard/transitions/transition";
import { UsageError } from "../plan/errors";

/** The deployed state, from a file written by `npm run plan -- --json`. */
export function readPreviousPlan(file: string): TenantSnapshot {
  let parsed: { securityDefaults?: { isEnabled?: unknown }; conditionalAccessPolicies?: unknown };
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--previous ${file}: cannot read it as JSON (${(err as Error).message.split("\n")[0]}); pass a file written by npm run plan -- --json`);
  }
  if (typeof parsed?.securityDefaults?.isEnabled !== "boolean" || !Array.isArray(parsed.conditionalAccessPolicies)) {
    throw new UsageError(`--previous ${file}: not a plan (no securityDefaults.isEnabled or conditionalAccessPolicies); pass a file written by npm run plan -- --json`);
  }
  return { securityDefaults: { isEnabled: parsed.securityDefaults.isEnabled }, policies: parsed.conditionalAccessPolicies };
}
