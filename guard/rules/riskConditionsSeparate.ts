import { guardRule, type GuardRule } from "../input";

/** Compliant: a policy uses sign-in risk or user risk, never both (both must then match, which weakens it). */
export const riskConditionsSeparate: GuardRule = guardRule({
  id: "EB-RISK-COMBINED",
  description: "sign-in risk and user risk are never combined in one policy",
  check: (input) =>
    input.policies
      .filter((p) => p.conditions.signInRiskLevels.length > 0 && p.conditions.userRiskLevels.length > 0)
      .map((p) => ({
        severity: "error" as const,
        policy: p.displayName,
        message:
          `"${p.displayName}" has both sign-in risk (${p.conditions.signInRiskLevels.join(", ")}) and user risk (${p.conditions.userRiskLevels.join(", ")}); ` +
          `a sign-in then must match both, so it rarely applies. Split it into two policies as Microsoft's templates do`,
      })),
});
