import type { ConditionalAccessPolicy } from "./graphTypes";
import { signInFrequencyControls } from "./sessionControls";
import { canonicalId } from "../config/objectIds";

/** Lists with GUIDs lower-cased, as everywhere after the edges (config/objectIds.ts). */
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => canonicalId(String(v))) : []);

/**
 * A Graph-shaped policy (a custom policy, or one read from the tenant) as this project's policy
 * facts see it: the fields the guard, the what-if and the diff compare. Locations and platforms
 * are kept when they narrow the policy, so the evaluator knows it does not model them; terms of
 * use and custom controls are kept, so that "MFA or terms of use" never reads as MFA.
 */
export function projectGraphPolicy(raw: Readonly<Record<string, any>>): ConditionalAccessPolicy {
  const c = raw.conditions ?? {};
  const g = raw.grantControls ?? {};
  const frequency = raw.sessionControls?.signInFrequency;
  const termsOfUse = list(g.termsOfUse);
  const customAuthenticationFactors = Array.isArray(g.customAuthenticationFactors) ? g.customAuthenticationFactors.map(String) : [];
  const locations = { includeLocations: list(c.locations?.includeLocations), excludeLocations: list(c.locations?.excludeLocations) };
  const platforms = { includePlatforms: list(c.platforms?.includePlatforms), excludePlatforms: list(c.platforms?.excludePlatforms) };
  return {
    displayName: String(raw.displayName ?? ""),
    state: raw.state,
    conditions: {
      users: {
        includeUsers: list(c.users?.includeUsers),
        excludeUsers: list(c.users?.excludeUsers),
        includeGroups: list(c.users?.includeGroups),
        excludeGroups: list(c.users?.excludeGroups),
        includeRoles: list(c.users?.includeRoles),
        excludeRoles: list(c.users?.excludeRoles),
      },
      applications: {
        includeApplications: list(c.applications?.includeApplications),
        excludeApplications: list(c.applications?.excludeApplications),
        includeUserActions: list(c.applications?.includeUserActions),
      },
      clientAppTypes: list(c.clientAppTypes) as never,
      signInRiskLevels: list(c.signInRiskLevels) as never,
      userRiskLevels: list(c.userRiskLevels) as never,
      ...(locations.includeLocations.length + locations.excludeLocations.length > 0 ? { locations } : {}),
      ...(platforms.includePlatforms.length + platforms.excludePlatforms.length > 0 ? { platforms } : {}),
    },
    grantControls: {
      operator: g.operator ?? "OR",
      builtInControls: list(g.builtInControls) as never,
      ...(g.authenticationStrength?.id ? { authenticationStrength: { id: canonicalId(String(g.authenticationStrength.id)) } } : {}),
      // Alternatives to (or extras beside) MFA: dropping them would make "MFA or terms of use" read as MFA.
      ...(termsOfUse.length > 0 ? { termsOfUse } : {}),
      ...(customAuthenticationFactors.length > 0 ? { customAuthenticationFactors } : {}),
    },
    ...(frequency?.isEnabled ? signInFrequencyControls(frequency) : {}),
  };
}

/**
 * The conditions of a policy that make it apply to some sign-ins only, in ways the what-if
 * evaluator does not model (locations other than All, device platforms). Such a policy is left
 * out of simulated sign-ins: its grant is not counted as coverage (no gap hidden) and its block
 * is not counted as a lockout (no valid policy refused).
 */
export function unmodelledConditions(policy: ConditionalAccessPolicy): string[] {
  const { locations, platforms } = policy.conditions;
  const narrowed: string[] = [];
  if (locations && (locations.excludeLocations.length > 0 || locations.includeLocations.some((l) => l !== "All"))) narrowed.push("locations");
  if (platforms && (platforms.excludePlatforms.length > 0 || platforms.includePlatforms.some((p) => p !== "all"))) narrowed.push("platforms");
  return narrowed;
}
