import type { InheritedRiskSetting } from "./args";
import type { CustomPolicy } from "./customPolicies";
import { OBJECT_ID, type KeySchema } from "./schemaParts";

/**
 * `inheritedRisks`: guard findings on tenant policies the export wrote unchanged. Each is bound to the exact finding
 * and to each policy's tenant object id and content hash, so it cannot excuse a new policy, a changed one, or a new
 * or worse finding (components/inheritedRisks.ts decides, docs/export.md explains).
 */
export const INHERITED_RISKS_SCHEMA = {
  type: "array",
  description: "a list of { rule, finding, policies: { <customPolicies key>: { id, sha256 } } }, as npm run export writes it",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["rule", "finding", "policies"],
    description: "{ rule: <guard rule id>, finding: <its message at export>, policies: { <customPolicies key>: { id, sha256 } } }",
    properties: {
      rule: { type: "string", pattern: "^EB-[A-Z0-9]+(-[A-Z0-9]+)*$", description: "a guard rule id such as EB-LOCKOUT-PROOF" },
      finding: { type: "string", minLength: 1, description: "the finding's message as the export wrote it" },
      policies: {
        type: "object",
        minProperties: 1,
        description: "the custom policies the finding comes from, by key, each { id: <tenant object id>, sha256: <64 hex digits> }",
        additionalProperties: {
          type: "object",
          additionalProperties: false,
          required: ["id", "sha256"],
          description: "{ id: <the tenant policy's object id>, sha256: <the SHA-256 of its content at export, 64 hex digits> }",
          properties: {
            id: OBJECT_ID,
            sha256: { type: "string", pattern: "^[0-9a-f]{64}$", description: "the SHA-256 of the policy's content at export (64 lower-case hex digits)" },
          },
        },
      },
    },
  },
} as const satisfies KeySchema;

/**
 * Each inherited risk names only declared custom policies, each declared with the tenant object id the risk was
 * exported from: an inherited risk is a tenant policy kept as it was, never a policy the stack creates.
 */
export function inheritedRiskIssues(
  risks: readonly InheritedRiskSetting[],
  customPolicies: readonly CustomPolicy[],
  keyPrefix: string,
): { key: string; message: string }[] {
  const byKey = new Map(customPolicies.map((p) => [p.key, p]));
  return risks.flatMap((risk, i) =>
    Object.entries(risk.policies).flatMap(([key, { id }]) => {
      const declared = byKey.get(key);
      const declaredId = typeof declared?.graph?.id === "string" ? declared.graph.id : undefined;
      if (!declared) {
        return [
          {
            key: `${keyPrefix}[${i}].policies.${key}`,
            message:
              `names customPolicies.${key}, which this stack does not declare; ` +
              "an inherited risk belongs to a tenant policy kept as exported: remove the entry",
          },
        ];
      }
      if (declaredId?.toLowerCase() !== id.toLowerCase()) {
        return [
          {
            key: `${keyPrefix}[${i}].policies.${key}`,
            message:
              `was exported from tenant policy ${id}, but customPolicies.${key} ${declaredId ? `adopts ${declaredId}` : "creates a new policy (no id)"}; ` +
              "an inherited risk holds only for the tenant policy it was found in: fix the policy, then remove the entry",
          },
        ];
      }
      return [];
    }),
  );
}
