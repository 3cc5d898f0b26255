import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { appMatches } from "./applications";
import type { Control, Requirement, SignIn } from "./signIn";

/** A policy turned into fast tests, once, so millions of sign-ins can be evaluated. */
export interface CompiledPolicy {
  readonly name: string;
  readonly state: ConditionalAccessPolicy["state"];
  readonly applies: (signIn: SignIn) => boolean;
  readonly blocks: boolean;
  /** What it asks when it does not block; undefined when it asks nothing (session controls only). */
  readonly requirement?: Requirement;
}

const anyIn = (set: ReadonlySet<string>, ids: readonly string[]) => ids.some((id) => set.has(id));

function controlsOf(p: ConditionalAccessPolicy): Control[] {
  const controls: Control[] = p.grantControls.builtInControls
    .filter((c) => c !== "block")
    .map((c) => (c === "mfa" ? { kind: "mfa" } : c === "passwordChange" ? { kind: "passwordChange" } : { kind: "other", name: c }));
  if (p.grantControls.authenticationStrength) controls.push({ kind: "authenticationStrength", id: p.grantControls.authenticationStrength.id });
  return controls;
}

export function compilePolicy(p: ConditionalAccessPolicy): CompiledPolicy {
  const u = p.conditions.users;
  const includeUsers = new Set(u.includeUsers);
  const excludeUsers = new Set(u.excludeUsers);
  const includeGroups = new Set(u.includeGroups);
  const excludeGroups = new Set(u.excludeGroups);
  const includeRoles = new Set(u.includeRoles);
  const excludeRoles = new Set(u.excludeRoles);
  const allUsers = includeUsers.has("All");
  const includeGuests = includeUsers.has("GuestsOrExternalUsers");
  const excludeGuests = excludeUsers.has("GuestsOrExternalUsers");
  const apps = p.conditions.applications;
  const allClients = p.conditions.clientAppTypes.includes("all");
  const clients = new Set<string>(p.conditions.clientAppTypes);
  const signInRisk = new Set<string>(p.conditions.signInRiskLevels);
  const userRisk = new Set<string>(p.conditions.userRiskLevels);
  // A policy on user actions (register security info …) never applies to an app sign-in.
  const userActionsOnly = apps.includeUserActions.length > 0;

  const included = (s: SignIn) =>
    allUsers || includeUsers.has(s.userId) || (includeGuests && s.userType === "guest") || anyIn(includeGroups, s.groupIds) || anyIn(includeRoles, s.roleIds);
  // Exclusions beat inclusions.
  const excluded = (s: SignIn) =>
    excludeUsers.has(s.userId) || (excludeGuests && s.userType === "guest") || anyIn(excludeGroups, s.groupIds) || anyIn(excludeRoles, s.roleIds);

  const applies = (s: SignIn) =>
    !userActionsOnly &&
    (allClients || clients.has(s.clientAppType)) &&
    (signInRisk.size === 0 || signInRisk.has(s.signInRisk)) &&
    (userRisk.size === 0 || userRisk.has(s.userRisk)) &&
    apps.includeApplications.some((a) => appMatches(a, s.applicationId)) &&
    !apps.excludeApplications.some((a) => appMatches(a, s.applicationId)) &&
    included(s) &&
    !excluded(s);

  const controls = controlsOf(p);
  return {
    name: p.displayName,
    state: p.state,
    applies,
    blocks: p.grantControls.builtInControls.includes("block"),
    requirement: controls.length > 0 ? { policy: p.displayName, operator: p.grantControls.operator, controls } : undefined,
  };
}
