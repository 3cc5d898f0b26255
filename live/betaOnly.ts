/**
 * Parts of a Conditional Access policy that only Graph's beta endpoint defines. Graph v1.0 (what this project
 * declares, and what the azuread provider writes) cannot express them, so a policy that uses one is refused by
 * name: written without it, the policy would do less than the tenant's.
 */
const BETA_ONLY: readonly { readonly path: string; readonly feature: string; readonly when?: (value: unknown) => boolean }[] = [
  { path: "sessionControls.secureSignInSession", feature: "token protection" },
  { path: "sessionControls.continuousAccessEvaluation", feature: "continuous access evaluation" },
  { path: "sessionControls.networkAccessSecurity", feature: "Global Secure Access" },
  { path: "sessionControls.globalSecureAccessFilteringProfile", feature: "Global Secure Access" },
  { path: "conditions.applications.networkAccess", feature: "Global Secure Access" },
  { path: "conditions.applications.globalSecureAccess", feature: "Global Secure Access" },
  { path: "conditions.agentIdRiskLevels", feature: "agent identities" },
  { path: "conditions.clientApplications.includeAgentIdServicePrincipals", feature: "agent identities" },
  { path: "conditions.clientApplications.excludeAgentIdServicePrincipals", feature: "agent identities" },
  { path: "conditions.clientApplications.agentIdServicePrincipalFilter", feature: "agent identities" },
  { path: "conditions.users.includeUsers", feature: "agent identities", when: (v) => Array.isArray(v) && v.some((u) => /^AllAgentId/i.test(String(u))) },
  { path: "conditions.times", feature: "time conditions" },
  { path: "conditions.deviceStates", feature: "device states (retired; use a device filter)" },
  { path: "grantControls.builtInControls", feature: "Verified ID", when: (v) => Array.isArray(v) && v.some((c) => String(c).toLowerCase() === "verifiedid") },
];

const isSet = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/** The beta-only features a Graph policy uses, each with the path that sets it (none for a v1.0 policy). */
export function betaOnlyFeatures(graph: Readonly<Record<string, unknown>>): { readonly path: string; readonly feature: string }[] {
  const at = (path: string) => path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], graph);
  return BETA_ONLY.filter((b) => {
    const value = at(b.path);
    return isSet(value) && (b.when ? b.when(value) : true);
  }).map(({ path, feature }) => ({ path, feature }));
}
