import type { AdminMfaOptions } from "../config/types";
import type { BaselinePolicy } from "./baselinePolicy";
import { ALL_APPLICATIONS, PolicyContext, rolesTarget } from "./context";
import type { ConditionalAccessGrantControls } from "./graphTypes";
import { DISPLAY_NAME_PREFIX, PHISHING_RESISTANT_STRENGTH_ID, PRIVILEGED_ROLE_IDS } from "./wellKnownIds";

const MFA: ConditionalAccessGrantControls = { operator: "OR", builtInControls: ["mfa"] };
// Microsoft's phishing-resistant template: no built-in control, the strength alone, operator AND.
const PHISHING_RESISTANT: ConditionalAccessGrantControls = {
  operator: "AND",
  builtInControls: [],
  authenticationStrength: { id: PHISHING_RESISTANT_STRENGTH_ID },
};

/** Require MFA for administrators: the 14 privileged roles of Microsoft's template (P1). */
export function adminMfaPolicy(ctx: PolicyContext, options: AdminMfaOptions = {}): BaselinePolicy {
  const phishingResistant = options.strength === "phishingResistant";
  return {
    key: "adminMfa",
    templateId: phishingResistant ? "76c03f19-ea37-4656-a772-a183b4ddb81d" : "c7503427-338e-4c5e-902d-abe252abfb43",
    minimumPlan: "p1",
    policy: {
      displayName: `${DISPLAY_NAME_PREFIX} Require multifactor authentication for admins`,
      state: ctx.state,
      conditions: {
        users: rolesTarget(ctx, [...PRIVILEGED_ROLE_IDS, ...(options.extraRoles ?? [])]),
        applications: ALL_APPLICATIONS,
        clientAppTypes: ["all"],
        signInRiskLevels: [],
        userRiskLevels: [],
      },
      grantControls: phishingResistant ? PHISHING_RESISTANT : MFA,
    },
  };
}
