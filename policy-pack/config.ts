import Ajv, { ErrorObject } from "ajv";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { closestName, closestValue } from "../config/didYouMean";
import { LICENCE_PLANS, type LicencePlan } from "../config/types";
import { OBJECT_ID, USER_ID } from "../config/schemaParts";
import { CONFIG_KEYS } from "../config/keys";
import { acceptedGapIssues, CONFIG_NAMESPACE } from "../config/validate";
import type { AcceptedGaps } from "../config/types";
import type { InheritedRiskSetting } from "../config/args";

/** What the pack needs to know that a stack's resources do not say: the licence and the break-glass accounts. */
export interface PackConfig {
  readonly plan: LicencePlan;
  /** Object ids or user principal names, as the stack's `breakGlassUsers` takes them. */
  readonly breakGlassUsers: readonly string[];
  readonly breakGlassGroups: readonly string[];
  /** Gaps the stack accepts, each with its reason: the stack's own `acceptedGaps`. */
  readonly acceptedGaps: AcceptedGaps;
  /** Guard errors of tenant policies the stack holds unchanged since the export: the stack's own `inheritedRisks`. */
  readonly inheritedRisks: readonly InheritedRiskSetting[];
}

const list = (pattern: string, description: string) => ({
  type: "array" as const,
  items: { type: "string" as const, pattern },
  uniqueItems: true,
  description,
});

const PROPERTIES: PolicyConfigSchema["properties"] = {
  plan: { enum: [...LICENCE_PLANS], description: "the tenant's Entra ID licence: free, p1 or p2" },
  // As the stack's breakGlassUsers: object ids or UPNs (config/schemaParts.ts's USER_ID), resolved through Graph when the
  // pack runs with credentials, compared without regard to case otherwise (policy-pack/userNames.ts).
  breakGlassUsers: list(
    USER_ID.pattern,
    "a list of your emergency-access (break-glass) accounts: object ids (GUIDs) or user principal names (breakglass1@contoso.com)",
  ),
  breakGlassGroups: list(
    OBJECT_ID.pattern,
    "a list of the object ids (GUIDs) of your emergency-access (break-glass) groups, copied from the Entra admin center",
  ),
  acceptedGaps: CONFIG_KEYS.acceptedGaps.schema as unknown as PolicyConfigSchema["properties"][string],
  inheritedRisks: CONFIG_KEYS.inheritedRisks.schema as unknown as PolicyConfigSchema["properties"][string],
};

/** The config schema of the mandatory policy: Pulumi refuses to run the pack without `plan`. */
export const GUARD_CONFIG_SCHEMA: PolicyConfigSchema = { properties: PROPERTIES, required: ["plan"] };

/** The same keys, optional: the advisory policy is not applicable until it is configured. */
export const ADVISORY_CONFIG_SCHEMA: PolicyConfigSchema = { properties: PROPERTIES };

const validate = new Ajv({ allErrors: true, verbose: true, strict: false }).compile({
  type: "object",
  properties: PROPERTIES,
  required: ["plan"],
  additionalProperties: false,
});

export type PackConfigReading = { readonly ok: true; readonly config: PackConfig } | { readonly ok: false; readonly problems: readonly string[] };

function problemOf(policy: string, error: ErrorObject): string {
  const segments = error.instancePath.split("/").filter(Boolean);
  const key = segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  const where = `policy pack config ${policy}.${key}`;
  const value = JSON.stringify(error.data);
  switch (error.keyword) {
    case "additionalProperties": {
      const name = String(error.params.additionalProperty);
      const meant = closestName(name, Object.keys(PROPERTIES));
      const fix = meant ? `did you mean "${meant}"?` : `the keys are ${Object.keys(PROPERTIES).join(", ")}`;
      return `policy pack config ${policy}.${name}: unknown key; ${fix} A misspelt key could leave a break-glass account unchecked, so it is refused`;
    }
    case "required": {
      const missing = String(error.params.missingProperty);
      const properties = (error.parentSchema as { properties?: Record<string, { description?: string }> } | undefined)?.properties ?? {};
      return `policy pack config ${policy}.${key ? `${key}.` : ""}${missing}: is required; set it to ${properties[missing]?.description ?? "a value"}`;
    }
    case "pattern":
      if (segments[0] === "breakGlassUsers")
        return (
          `${where}: ${value} is neither an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21) nor a user principal name ` +
          `(breakglass1@contoso.com); use the account's Object ID or its UPN`
        );
      if (segments[0] === "breakGlassGroups")
        return `${where}: ${value} is not an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21); use the group's Object ID, not its name`;
      if (error.schema === OBJECT_ID.pattern)
        return (
          `${where}: ${value} is not an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21); ` +
          "use the tenant policy's id as npm run export wrote it"
        );
      break;
    case "enum": {
      const meant = typeof error.data === "string" ? closestValue(error.data, LICENCE_PLANS) : undefined;
      const guess = meant ? `did you mean "${meant}"? ` : "";
      return `${where}: ${value} is not one of ${LICENCE_PLANS.join(", ")}; ${guess}set it to ${PROPERTIES.plan.description}`;
    }
    case "uniqueItems":
      return `${where}: lists ${JSON.stringify((error.data as unknown[])[error.params.i as number])} twice; remove the duplicate`;
  }
  const description = (error.parentSchema as { description?: string } | undefined)?.description ?? "a valid value";
  return `${where}: ${value} is not valid (${error.message}); set it to ${description}`;
}

/** An id or a UPN listed twice in two cases: Entra ignores the case of both, so it is one account (or group) listed twice. */
function sameAccountTwice(policy: string, key: string, values: readonly string[]): string[] {
  const first = new Map<string, string>();
  const problems: string[] = [];
  for (const value of values) {
    const earlier = first.get(value.toLowerCase());
    if (earlier !== undefined) {
      problems.push(
        `policy pack config ${policy}.${key}: lists ${JSON.stringify(earlier)} and ${JSON.stringify(value)}, ` +
          `the same ${key === "breakGlassGroups" ? "group" : "account"} (case is ignored); keep one`,
      );
    } else first.set(value.toLowerCase(), value);
  }
  return problems;
}

/** The pack's config for one policy, every problem reported, each naming the key, the value and the fix. */
export function readPackConfig(policy: string, raw: unknown): PackConfigReading {
  if (validate(raw)) {
    const given = raw as {
      plan: LicencePlan;
      breakGlassUsers?: string[];
      breakGlassGroups?: string[];
      acceptedGaps?: AcceptedGaps;
      inheritedRisks?: InheritedRiskSetting[];
    };
    const acceptedGaps = given.acceptedGaps ?? {};
    const problems = [
      ...sameAccountTwice(policy, "breakGlassUsers", given.breakGlassUsers ?? []),
      ...sameAccountTwice(policy, "breakGlassGroups", given.breakGlassGroups ?? []),
      ...acceptedGapIssues(acceptedGaps).map((i) => `policy pack config ${policy}.${i.key.slice(CONFIG_NAMESPACE.length + 1)}: ${i.message}`),
    ];
    if (problems.length > 0) return { ok: false, problems };
    return {
      ok: true,
      config: {
        plan: given.plan,
        breakGlassUsers: given.breakGlassUsers ?? [],
        breakGlassGroups: given.breakGlassGroups ?? [],
        acceptedGaps,
        inheritedRisks: given.inheritedRisks ?? [],
      },
    };
  }
  return { ok: false, problems: (validate.errors ?? []).map((e) => problemOf(policy, e)) };
}

/**
 * A pack config file (`--policy-pack-config`, as `configFromStack` writes it) read as Pulumi hands it to
 * each policy: the policy's own section, checked by {@link readPackConfig}. Any encoding the tools read.
 */
export function readPackConfigFile(file: string): Record<string, PackConfigReading> {
  const { decodeText } = require("../config/textFile") as typeof import("../config/textFile");
  const document: unknown = JSON.parse(decodeText(require("fs").readFileSync(file)));
  const sections = typeof document === "object" && document !== null && !Array.isArray(document) ? (document as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(sections).map(([policy, raw]) => [policy, readPackConfig(policy, raw)]));
}
