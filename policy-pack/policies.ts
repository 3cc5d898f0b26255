import type { PolicyConfigSchema, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { FindingSeverity } from "../guard/finding";
import { ADVISORY_CONFIG_SCHEMA, GUARD_CONFIG_SCHEMA, readPackConfig } from "./config";
import { guardStack, type UserIds } from "./stackGuard";
import { environmentHasCredentials } from "../graph/fromEnvironment";
import { lookUpFromEnvironment, type LookUpUserNames, resolvePackUserNames, userNamesToResolve } from "./userNames";

/** The mandatory policy: the guard's errors stop `pulumi preview` and `pulumi up`. */
export const GUARD_POLICY = "entra-baseline-guard";
/** The advisory policy: the guard's warnings are shown and stop nothing. */
export const ADVISORY_POLICY = "entra-baseline-advisories";

/**
 * One of the pack's policies. Break-glass accounts named by UPN are resolved through Graph when the analyzer's
 * environment holds credentials (as the program resolves the stack's at `pulumi up`), then the validation is
 * asynchronous; without credentials they are compared as written, case ignored, and it is synchronous.
 */
export function stackPolicy(
  name: string,
  severity: FindingSeverity,
  configSchema: PolicyConfigSchema,
  description: string,
  env: NodeJS.ProcessEnv = process.env,
  lookUp: LookUpUserNames = lookUpFromEnvironment(env),
): StackValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: severity === "error" ? "mandatory" : "advisory",
    configSchema,
    remediationSteps: "Each violation names the guard rule (EB-…), the policy and the fix; the rules are in entra-baseline's README.",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const raw = args.getConfig<Record<string, unknown>>();
      if (severity !== "error" && Object.keys(raw).length === 0) {
        args.notApplicable(`configure ${name} with the same plan and break-glass ids as ${GUARD_POLICY} to see the guard's warnings`);
      }
      const reading = readPackConfig(name, raw);
      if (!reading.ok) {
        for (const problem of reading.problems) reportViolation(problem);
        return;
      }
      const report = (userIds?: UserIds) => {
        for (const violation of guardStack(args.resources, reading.config, userIds)) {
          if (violation.severity === severity) reportViolation(violation.message, violation.urn);
        }
      };
      if (userNamesToResolve(reading.config, args.resources).length === 0 || !environmentHasCredentials(env)) return report();
      return resolvePackUserNames(name, reading.config, args.resources, lookUp).then(({ userIds, problems }) => {
        for (const problem of problems) reportViolation(problem);
        if (problems.length === 0) report(userIds);
      });
    },
  };
}

/** The pack's policies: one per severity of the guard's findings, each with the enforcement level that severity means. */
export const ENTRA_BASELINE_POLICIES: readonly StackValidationPolicy[] = [
  stackPolicy(
    GUARD_POLICY,
    "error",
    GUARD_CONFIG_SCHEMA,
    "Security Defaults and enabled Conditional Access never together; break-glass accounts excluded everywhere and never locked out; " +
      "no policy above the licence; no duplicate names; Security Defaults turned off only when the enabled policies give every protection they gave " +
      "(or the gap is accepted by name, with its reason)",
  ),
  stackPolicy(ADVISORY_POLICY, "warning", ADVISORY_CONFIG_SCHEMA, "The guard's warnings: gaps the stack accepts (acceptedGaps), each with its reason"),
];
