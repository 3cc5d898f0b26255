import { guardRule, type GuardRule } from "../input";

/**
 * Compliant: the break-glass accounts are confirmed. `npm run export` writes the accounts and groups
 * excluded from every enabled policy as candidates with `breakGlassConfirmed: false`: a preview warns,
 * `pulumi up` refuses, until a person has checked each one. They are never silently trusted.
 */
export const breakGlassUnconfirmed: GuardRule = guardRule({
  id: "EB-BREAKGLASS-UNCONFIRMED",
  description: "break-glass candidates written by the export are confirmed before pulumi up (breakGlassConfirmed: true)",
  check: (input) => {
    if (input.breakGlassConfirmed !== false) return [];
    const ids = [...input.breakGlassUsers, ...input.breakGlassGroups];
    return [
      {
        severity: input.phase === "update" ? "error" : "warning",
        message:
          `breakGlassConfirmed is false: ${ids.length > 0 ? ids.join(", ") : "no account"} ${ids.length === 1 ? "is a candidate" : "are candidates"} ` +
          "the export found (excluded from every enabled policy), not confirmed emergency-access accounts; check each is a cloud-only, " +
          "monitored break-glass account (or replace them), then set breakGlassConfirmed: true (pulumi up refuses until then)",
      },
    ];
  },
});
