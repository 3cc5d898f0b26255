import { LEGACY_CLIENT_APP_TYPES, type ConditionalAccessPolicy } from "../../policies/graphTypes";
import { AZURE_MANAGEMENT_APP_ID, PRIVILEGED_ROLE_IDS } from "../../policies/wellKnownIds";
import type { Finding } from "../finding";
import type { GuardRule } from "../input";
import { alwaysRequiresMfa, coversAllClients, givesAllUsersMfa, isBlock, isEnabled, targetsAllApps, targetsAllUsers } from "../policyFacts";

/** What Security Defaults give, and how an enabled CA set gives the same. */
const PROTECTIONS: readonly { readonly what: string; readonly policyKey: string; readonly givenBy: (p: ConditionalAccessPolicy) => boolean }[] = [
  {
    what: "MFA for administrators",
    policyKey: "adminMfa",
    givenBy: (p) =>
      alwaysRequiresMfa(p) && targetsAllApps(p) && (targetsAllUsers(p) || PRIVILEGED_ROLE_IDS.every((role) => p.conditions.users.includeRoles.includes(role))),
  },
  {
    what: "MFA for all users",
    policyKey: "allUsersMfa",
    givenBy: givesAllUsersMfa,
  },
  {
    what: "legacy authentication blocked",
    policyKey: "blockLegacyAuth",
    givenBy: (p) =>
      isEnabled(p) &&
      isBlock(p) &&
      targetsAllUsers(p) &&
      targetsAllApps(p) &&
      (coversAllClients(p) || LEGACY_CLIENT_APP_TYPES.every((c) => p.conditions.clientAppTypes.includes(c))),
  },
  {
    what: "MFA for Azure management",
    policyKey: "azureManagementMfa",
    givenBy: (p) =>
      alwaysRequiresMfa(p) && targetsAllUsers(p) && (targetsAllApps(p) || p.conditions.applications.includeApplications.includes(AZURE_MANAGEMENT_APP_ID)),
  },
];

/** Compliant: with Security Defaults off, the enabled CA policies give everything Security Defaults gave. */
export const sdParity: GuardRule = {
  id: "EB-SD-PARITY",
  description: "with protection conditionalAccess, enabled policies give every protection of Security Defaults",
  check: (input) => {
    if (input.protection !== "conditionalAccess" || input.securityDefaults.isEnabled || input.plan === "free") return [];
    const findings: Finding[] = [];
    for (const protection of PROTECTIONS) {
      if (input.policies.some(protection.givenBy)) continue;
      findings.push({
        rule: "EB-SD-PARITY",
        severity: "warning",
        message:
          `Security Defaults will be off and no enabled policy gives ${protection.what} to all users; ` +
          `enable ${protection.policyKey} (policies.${protection.policyKey}.state: enabled, ` +
          `or policyState: enabled${input.pilotGroup ? ", and remove pilotGroup once the pilot is done" : ""})`,
      });
    }
    return findings;
  },
};
