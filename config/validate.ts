import type { ErrorObject, ValidateFunction } from "ajv";
import { closestName, closestValue } from "./didYouMean";
import type { BaselineArgs } from "./args";
import { authenticationMethodsIssues } from "./authenticationMethods";
import { applyDefaults, BaselineConfig } from "./keys";
import { canonicalIds } from "./objectIds";
import { customPolicyIssues, namedLocationIssues } from "./customPolicies";
import { unmanagedPolicyIssues } from "./unmanagedPolicies";
import { adoptedId, GAP_RULE_MEANINGS, GAP_RULES, isGapRule } from "./types";
import { inheritedRiskIssues } from "./inheritedRisks";
import { pathOfPointer } from "./schemaPath";

export const CONFIG_NAMESPACE = "entra-baseline";

/** One problem in the stack configuration: the full key and what to do about it. */
export interface ConfigIssue {
  readonly key: string;
  readonly message: string;
}

export type ConfigValidation = { readonly ok: true; readonly config: BaselineConfig } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

export { DEFAULT_POLICIES } from "./keys";

let configValidator: ValidateFunction | undefined;
/**
 * The schema's errors for a stack's config (none when it is valid). The validator is ajv's standalone code for
 * `CONFIG_SCHEMA`, generated at build time (`npm run validators`) and loaded on first use: nothing is read from a
 * cache, compiled or written at run time.
 */
function schemaErrorsOf(config: unknown): ErrorObject[] {
  configValidator ??= (require("./configValidator.generated") as { config: ValidateFunction }).config;
  return configValidator(config) ? [] : (configValidator.errors ?? []);
}

const keyOf = (instancePath: string, child?: string): string => `${CONFIG_NAMESPACE}:${pathOfPointer(instancePath, child)}`;

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function describe(error: ErrorObject): string {
  const schema = error.parentSchema as { description?: string } | undefined;
  return schema?.description ?? "a valid value";
}

function knownKeys(error: ErrorObject): string[] {
  const schema = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.properties ?? {});
}

function translate(error: ErrorObject): ConfigIssue | undefined {
  const key = keyOf(error.instancePath);
  // A name under customPolicies / namedLocations: one message from the propertyNames error, none from its pattern.
  if (error.propertyName !== undefined) return undefined;
  switch (error.keyword) {
    case "propertyNames":
      return {
        key: keyOf(error.instancePath, String(error.params.propertyName)),
        message: `is not a valid name: use letters and digits, starting with a letter (it names a Pulumi resource); rename it`,
      };
    case "additionalProperties": {
      const name = String(error.params.additionalProperty);
      const known = knownKeys(error);
      const suggestion = closestName(name, known);
      const fix = suggestion ? `did you mean "${suggestion}"?` : `known keys are ${known.join(", ")}`;
      return {
        key: keyOf(error.instancePath, name),
        message: `unknown key: ${fix} A misspelt key would silently weaken protection, so it is refused; rename or remove it`,
      };
    }
    case "required": {
      const missing = String(error.params.missingProperty);
      const properties = (error.parentSchema as { properties?: Record<string, { description?: string }> } | undefined)?.properties ?? {};
      return { key: keyOf(error.instancePath, missing), message: `is required; set it to ${properties[missing]?.description ?? "a value"}` };
    }
    case "enum": {
      // A value in the wrong case or misspelt (`P1`, `reportonly`): name the one meant.
      const allowed = ((error.params.allowedValues ?? []) as unknown[]).filter((v): v is string => typeof v === "string");
      const meant = typeof error.data === "string" ? closestValue(error.data, allowed) : undefined;
      return { key, message: `${show(error.data)} is not allowed; ${meant ? `did you mean "${meant}"? ` : ""}set it to ${describe(error)}` };
    }
    case "pattern":
      return { key, message: `${show(error.data)} is not allowed; set it to ${describe(error)}` };
    case "type":
      return {
        key,
        message: `${show(error.data)} is not ${error.params.type === "array" ? "a list" : `of type ${error.params.type}`}; set it to ${describe(error)}`,
      };
    case "uniqueItems":
      return { key, message: `lists ${show((error.data as unknown[])[error.params.i as number])} twice; remove the duplicate` };
    case "minItems":
      return { key, message: `is empty; set it to ${describe(error)}` };
    default:
      return { key, message: `${show(error.data)} is not allowed; set it to ${describe(error)}` };
  }
}

/**
 * Ajv reports both branches of "false or an object": keep only the branch the value
 * was meant for, so each mistake gives one message.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const optionPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  return errors.filter((e) => {
    // The innermost option holding the error decides (an option may sit inside another).
    const underOption = [...optionPaths].filter((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)).sort((a, b) => b.length - a.length)[0];
    if (underOption === undefined) return true;
    const value = errors.find((x) => x.keyword === "anyOf" && x.instancePath === underOption)!.data;
    const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
    if (isObject) return e.keyword !== "anyOf" && !(["const", "enum", "type"].includes(e.keyword) && e.instancePath === underOption);
    return e.keyword === "anyOf";
  });
}

function semanticIssues(config: BaselineConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [
    ...namedLocationIssues(config.namedLocations, `${CONFIG_NAMESPACE}:namedLocations`),
    ...customPolicyIssues(config.customPolicies, config.namedLocations, `${CONFIG_NAMESPACE}:customPolicies`),
  ];
  const declared = [...Object.keys(config.policies), ...config.customPolicies.map((p) => p.key)];
  if (declared.length > 0 && config.breakGlassUsers.length + config.breakGlassGroups.length === 0) {
    issues.push({
      key: `${CONFIG_NAMESPACE}:breakGlassUsers`,
      message:
        `is empty while ${declared.length} Conditional Access policies are declared (${declared.join(", ")}); ` +
        `add the object id of at least one emergency-access account to breakGlassUsers or breakGlassGroups, so an admin can always sign in`,
    });
  }
  issues.push(...authenticationMethodsIssues(config.authenticationMethods));
  issues.push(...adoptIssues(config));
  const adopted = Object.fromEntries(Object.entries(config.adopt).map(([key, entry]) => [key, adoptedId(entry!)]));
  issues.push(...unmanagedPolicyIssues(config.unmanagedPolicies, config.customPolicies, adopted, `${CONFIG_NAMESPACE}:unmanagedPolicies`));
  issues.push(...inheritedRiskIssues(config.inheritedRisks, config.customPolicies, `${CONFIG_NAMESPACE}:inheritedRisks`));
  issues.push(...acceptedGapIssues(config.acceptedGaps));
  return issues;
}

/** Each accepted gap names a gap rule and says why (whether the gap still exists is the guard's question); the policy pack asks too. */
export function acceptedGapIssues(accepted: BaselineConfig["acceptedGaps"]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const known = GAP_RULES.map((rule) => `${rule} (${GAP_RULE_MEANINGS[rule]})`).join("; ");
  for (const [rule, gap] of Object.entries(accepted)) {
    const key = `${CONFIG_NAMESPACE}:acceptedGaps.${rule}`;
    if (!isGapRule(rule)) {
      const meant = closestName(rule, GAP_RULES);
      issues.push({
        key,
        message:
          `names no gap rule${meant ? `: did you mean "${meant}"?` : ""} Only gaps can be accepted: ${known}. ` +
          `Lockouts, conflicts and other errors never can; rename or remove the entry`,
      });
    }
    if (gap.reason.trim().length < 10) {
      issues.push({
        key: `${key}.reason`,
        message:
          `${JSON.stringify(gap.reason)} gives no reason; say why the gap is accepted and until when (at least 10 characters), ` +
          `e.g. "rollback step 1 of docs/migration.md: Security Defaults return in the next update"`,
      });
    }
  }
  return issues;
}

/** `adopt` names only declared policies, and one tenant policy once (it cannot be two baseline policies). */
function adoptIssues(config: BaselineConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const byId = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(config.adopt)) {
    if (!(key in config.policies)) {
      issues.push({
        key: `${CONFIG_NAMESPACE}:adopt.${key}`,
        message: `adopts a policy as ${key}, which this stack does not declare (plan ${config.plan}); declare it under policies, or remove the entry`,
      });
    }
    const id = adoptedId(entry!).toLowerCase();
    byId.set(id, [...(byId.get(id) ?? []), key]);
  }
  for (const [id, keys] of byId) {
    if (keys.length < 2) continue;
    issues.push({
      key: `${CONFIG_NAMESPACE}:adopt.${keys[1]}`,
      message: `adopts ${id}, which adopt.${keys[0]} adopts too; one tenant policy cannot be two baseline policies. Keep it under one key`,
    });
  }
  return issues;
}

/**
 * Validates the `entra-baseline:` configuration (keys without the namespace) and applies
 * the defaults. Every problem is returned at once; nothing is partially accepted.
 */
export function validateConfig(given: Record<string, unknown>): ConfigValidation {
  // Entra ignores the case of object ids: lower-cased here, at the edge, so every comparison after
  // (guard, live rules, diff, what-if) is exact, and one id listed twice in two cases is refused.
  const raw = canonicalIds(given);
  const schemaErrors = schemaErrorsOf(raw);
  if (schemaErrors.length > 0) {
    const issues = relevantErrors(schemaErrors)
      .map(translate)
      .filter((i): i is ConfigIssue => !!i);
    const unique = [...new Map(issues.map((i) => [`${i.key} ${i.message}`, i])).values()];
    return { ok: false, issues: unique };
  }
  const config = applyDefaults(raw as unknown as BaselineArgs);
  const issues = semanticIssues(config);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config };
}
