import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { appListMatcher } from "./applications";
import type { Control, Requirement, SignIn } from "./signIn";

/** A policy turned into fast tests, once, so millions of sign-ins can be evaluated. */
export interface CompiledPolicy {
  /** The policy's `displayName`. */
  readonly name: string;
  readonly state: ConditionalAccessPolicy["state"];
  /** Whether every condition of the policy matches the sign-in (users, apps, client, risk). */
  readonly applies: (signIn: SignIn) => boolean;
  /** The client app, application and risk conditions alone. */
  readonly appliesToContext: (context: SignInContext) => boolean;
  /** The users condition alone. */
  readonly appliesToUser: (signIn: SignIn) => boolean;
  /** Whether the grant is `block`. */
  readonly blocks: boolean;
  /** What it asks when it does not block; undefined when it asks nothing (session controls only). */
  readonly requirement?: Requirement;
}

const NEVER = () => false;

function anyIn(set: ReadonlySet<string>, ids: readonly string[]): boolean {
  for (const id of ids) if (set.has(id)) return true;
  return false;
}

/** The grant controls as requirement controls (block excluded: it is not a requirement). */
function controlsOf(p: ConditionalAccessPolicy): Control[] {
  const controls: Control[] = p.grantControls.builtInControls
    .filter((c) => c !== "block")
    .map((c): Control => (c === "mfa" ? { kind: "mfa" } : c === "passwordChange" ? { kind: "passwordChange" } : { kind: "other", name: c }));
  if (p.grantControls.authenticationStrength) controls.push({ kind: "authenticationStrength", id: p.grantControls.authenticationStrength.id });
  return controls;
}

/** Graph's special values and per-policy sets, precomputed once per policy. */
interface CompiledConditions {
  readonly allClients: boolean;
  readonly clients: ReadonlySet<string>;
  readonly signInRisk: ReadonlySet<string>;
  readonly userRisk: ReadonlySet<string>;
  readonly allApps: boolean;
  readonly includeApps: (applicationId: string) => boolean;
  readonly excludeApps: (applicationId: string) => boolean;
  readonly allUsers: boolean;
  readonly includeGuests: boolean;
  readonly excludeGuests: boolean;
  readonly includeUsers: ReadonlySet<string>;
  readonly excludeUsers: ReadonlySet<string>;
  readonly includeGroups: ReadonlySet<string>;
  readonly excludeGroups: ReadonlySet<string>;
  readonly includeRoles: ReadonlySet<string>;
  readonly excludeRoles: ReadonlySet<string>;
}

/**
 * The client app types a policy covers. "all", and an empty list (Graph's default when the
 * condition is not configured), cover every client; "easSupported" is read as Exchange ActiveSync.
 */
export function clientAppTypesOf(types: readonly string[]): { readonly all: boolean; readonly clients: ReadonlySet<string> } {
  if (types.length === 0 || types.includes("all")) return { all: true, clients: new Set() };
  const clients = new Set<string>(types);
  if (clients.has("easSupported")) clients.add("exchangeActiveSync");
  return { all: false, clients };
}

function conditionsOf(p: ConditionalAccessPolicy): CompiledConditions {
  const u = p.conditions.users;
  const apps = p.conditions.applications;
  const clients = clientAppTypesOf(p.conditions.clientAppTypes);
  return {
    allClients: clients.all,
    clients: clients.clients,
    signInRisk: new Set(p.conditions.signInRiskLevels),
    userRisk: new Set(p.conditions.userRiskLevels),
    allApps: apps.includeApplications.includes("All"),
    includeApps: appListMatcher(apps.includeApplications),
    excludeApps: appListMatcher(apps.excludeApplications),
    allUsers: u.includeUsers.includes("All"),
    includeGuests: u.includeUsers.includes("GuestsOrExternalUsers"),
    excludeGuests: u.excludeUsers.includes("GuestsOrExternalUsers"),
    includeUsers: new Set(u.includeUsers),
    excludeUsers: new Set(u.excludeUsers),
    includeGroups: new Set(u.includeGroups),
    excludeGroups: new Set(u.excludeGroups),
    includeRoles: new Set(u.includeRoles),
    excludeRoles: new Set(u.excludeRoles),
  };
}

/** The sign-in's context: client, app and risk. Many sign-ins share one. */
export type SignInContext = Pick<SignIn, "clientAppType" | "applicationId" | "signInRisk" | "userRisk">;

/** Client app, application and risk conditions; an excluded app beats "All" and every inclusion. */
function matchesContext(c: CompiledConditions, s: SignInContext): boolean {
  if (!c.allClients && !c.clients.has(s.clientAppType)) return false;
  if (c.signInRisk.size > 0 && !c.signInRisk.has(s.signInRisk)) return false;
  if (c.userRisk.size > 0 && !c.userRisk.has(s.userRisk)) return false;
  if (!c.allApps && !c.includeApps(s.applicationId)) return false;
  return !c.excludeApps(s.applicationId);
}

/**
 * The users condition. "All" and "GuestsOrExternalUsers" are Graph's special values; "None"
 * matches nobody; an exclusion (user, guest, group, role) beats every inclusion.
 */
function matchesUser(c: CompiledConditions, s: SignIn): boolean {
  const included =
    c.allUsers ||
    c.includeUsers.has(s.userId) ||
    (c.includeGuests && s.userType === "guest") ||
    (c.includeGroups.size > 0 && anyIn(c.includeGroups, s.groupIds)) ||
    (c.includeRoles.size > 0 && anyIn(c.includeRoles, s.roleIds));
  if (!included) return false;
  return !(
    c.excludeUsers.has(s.userId) ||
    (c.excludeGuests && s.userType === "guest") ||
    (c.excludeGroups.size > 0 && anyIn(c.excludeGroups, s.groupIds)) ||
    (c.excludeRoles.size > 0 && anyIn(c.excludeRoles, s.roleIds))
  );
}

/** Compiles one policy: every condition becomes a precomputed test. */
export function compilePolicy(p: ConditionalAccessPolicy): CompiledPolicy {
  const conditions = conditionsOf(p);
  // A policy on user actions (register security info …) never applies to an app sign-in.
  const userActionsOnly = p.conditions.applications.includeUserActions.length > 0;
  const appliesToContext = userActionsOnly ? NEVER : (s: SignInContext) => matchesContext(conditions, s);
  const appliesToUser = (s: SignIn) => matchesUser(conditions, s);
  const controls = controlsOf(p);
  return {
    name: p.displayName,
    state: p.state,
    appliesToContext,
    appliesToUser,
    applies: (s) => appliesToContext(s) && appliesToUser(s),
    blocks: p.grantControls.builtInControls.includes("block"),
    requirement: controls.length > 0 ? { policy: p.displayName, operator: p.grantControls.operator, controls } : undefined,
  };
}
