import * as fs from "fs";
import * as path from "path";
import type { PlanResult } from "../plan/planResult";

/** A problem with the command line or an input file: exit code 2, one line naming the flag, the file and the fix. */
export class DiffUsageError extends Error {}

/** Reads a JSON file given to `flag`, or explains in one line why it cannot. */
export function readJsonFile(file: string, flag: string, what: string): unknown {
  if (!fs.existsSync(file)) throw new DiffUsageError(`${flag} ${file}: no such file; pass ${what}`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new DiffUsageError(`${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass ${what}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DiffUsageError(`${flag} ${file}: not valid JSON (${(err as Error).message.split("\n")[0]}); pass ${what}`);
  }
}

/**
 * Checks that a parsed file is a plan: Security Defaults' state and a list of policies; the
 * break-glass ids and findings default to none. Labels it by file name and stack.
 */
export function asPlan(value: unknown, file: string, flag: string): PlanResult {
  const plan = value as Partial<PlanResult> | null;
  const fix = "pass a file written by npm run plan -- --stack <name> --json";
  if (typeof plan !== "object" || plan === null || Array.isArray(plan)) throw new DiffUsageError(`${flag} ${file}: not a plan (expected a JSON object); ${fix}`);
  if (typeof plan.securityDefaults?.isEnabled !== "boolean" || !Array.isArray(plan.conditionalAccessPolicies)) {
    throw new DiffUsageError(`${flag} ${file}: not a plan (no securityDefaults.isEnabled or conditionalAccessPolicies); ${fix}`);
  }
  const bad = plan.conditionalAccessPolicies.findIndex((p) => typeof p?.displayName !== "string" || typeof p?.conditions?.users !== "object" || typeof p?.grantControls !== "object");
  if (bad >= 0) throw new DiffUsageError(`${flag} ${file}: conditionalAccessPolicies[${bad}] is not a policy in Graph's shape (displayName, conditions.users, grantControls); ${fix}`);
  return {
    stack: typeof plan.stack === "string" ? plan.stack : path.basename(file),
    plan: plan.plan ?? "p1",
    protection: plan.protection ?? "conditionalAccess",
    securityDefaults: plan.securityDefaults,
    breakGlass: { users: plan.breakGlass?.users ?? [], groups: plan.breakGlass?.groups ?? [] },
    conditionalAccessPolicies: plan.conditionalAccessPolicies,
    resources: plan.resources ?? [],
    findings: plan.findings ?? [],
  };
}
