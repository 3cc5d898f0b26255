import type { ConditionalAccessPolicy } from "../policies/graphTypes";

/** Small questions the rules ask of a Graph-shaped policy. */

export const isEnabled = (p: ConditionalAccessPolicy) => p.state === "enabled";

export const isBlock = (p: ConditionalAccessPolicy) => p.grantControls.builtInControls.includes("block");

export const requiresMfa = (p: ConditionalAccessPolicy) =>
  !isBlock(p) && (p.grantControls.builtInControls.includes("mfa") || p.grantControls.authenticationStrength !== undefined);

export const usesRisk = (p: ConditionalAccessPolicy) =>
  p.conditions.signInRiskLevels.length > 0 || p.conditions.userRiskLevels.length > 0;

export const targetsAllUsers = (p: ConditionalAccessPolicy) => p.conditions.users.includeUsers.includes("All");

export const targetsAllApps = (p: ConditionalAccessPolicy) => p.conditions.applications.includeApplications.includes("All");

export const coversAllClients = (p: ConditionalAccessPolicy) => p.conditions.clientAppTypes.includes("all");

export const name = (p: ConditionalAccessPolicy) => p.displayName;

/** Enabled, asks for MFA on every client, whatever the risk: the policy always requires MFA where it applies. */
export const alwaysRequiresMfa = (p: ConditionalAccessPolicy) => isEnabled(p) && requiresMfa(p) && !usesRisk(p) && coversAllClients(p);

/** Requires MFA of every user on every app (not a pilot group): what Security Defaults give everyone. */
export const givesAllUsersMfa = (p: ConditionalAccessPolicy) => alwaysRequiresMfa(p) && targetsAllApps(p) && targetsAllUsers(p);
