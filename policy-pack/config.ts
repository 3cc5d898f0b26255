import Ajv, { ErrorObject } from "ajv";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { closestName, closestValue } from "../config/didYouMean";
import { LICENCE_PLANS, type LicencePlan } from "../config/types";
import { OBJECT_ID } from "../config/schemaParts";
import { CONFIG_KEYS } from "../config/keys";
import { acceptedGapIssues, CONFIG_NAMESPACE } from "../config/validate";
import type { AcceptedGaps } from "../config/types";

/** What the pack needs to know that a stack's resources do not say: the licence and the break-glass accounts. */
export interface PackConfig {
  readonly plan: LicencePlan;
  readonly breakGlassUsers: readonly string[];
  readonly breakGlassGroups: readonly string[];
  /** Gaps the stack accepts, each with its reason: the stack's own `acceptedGaps`. */
  readonly acceptedGaps: AcceptedGaps;
}

const objectIds = (whose: string) => ({
  type: "array" as const,
  items: { type: "string" as const, pattern: OBJECT_ID.pattern },
  uniqueItems: true,
  description: `a list of the object ids (GUIDs) of your ${whose}, copied from the Entra admin center`,
});

const PROPERTIES: PolicyConfigSchema["properties"] = {
  plan: { enum: [...LICENCE_PLANS], description: "the tenant's Entra ID licence: free, p1 or p2" },
  breakGlassUsers: objectIds("emergency-access (break-glass) accounts"),
  breakGlassGroups: objectIds("emergency-access (break-glass) groups"),
  acceptedGaps: CONFIG_KEYS.acceptedGaps.schema as unknown as PolicyConfigSchema["properties"][string],
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
      return (
        `${where}: ${value} is not an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21); ` +
        `use the account's or group's Object ID, not its name or UPN`
      );
    case "enum": {
      const meant = typeof error.data === "string" ? closestValue(error.data, LICENCE_PLANS) : undefined;
      const guess = meant ? `did you mean "${meant}"? ` : "";
      return `${where}: ${value} is not one of ${LICENCE_PLANS.join(", ")}; ${guess}set it to ${PROPERTIES.plan.description}`;
    }
    case "uniqueItems":
      return `${where}: lists an object id twice; remove the duplicate`;
    default:
      return (
        `${where}: ${value} is not valid (${error.message}); ` +
        `set it to ${(error.parentSchema as { description?: string } | undefined)?.description ?? "a valid value"}`
      );
  }
}

/** The pack's config for one policy, every problem reported, each naming the key, the value and the fix. */
export function readPackConfig(policy: string, raw: unknown): PackConfigReading {
  if (validate(raw)) {
    const given = raw as { plan: LicencePlan; breakGlassUsers?: string[]; breakGlassGroups?: string[]; acceptedGaps?: AcceptedGaps };
    const acceptedGaps = given.acceptedGaps ?? {};
    const issues = acceptedGapIssues(acceptedGaps);
    if (issues.length > 0)
      return { ok: false, problems: issues.map((i) => `policy pack config ${policy}.${i.key.slice(CONFIG_NAMESPACE.length + 1)}: ${i.message}`) };
    return {
      ok: true,
      config: { plan: given.plan, breakGlassUsers: given.breakGlassUsers ?? [], breakGlassGroups: given.breakGlassGroups ?? [], acceptedGaps },
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
