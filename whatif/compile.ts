import {
  DeviceFilterTest,
  compileApplicability,
  ContextConditions,
  factsOf,
  GraphPolicy,
  guestTypeOf,
  isLegacyClient,
  NormalisedPolicy,
  platformOf,
  ResolvedContext,
  SignIn,
  SignInCapability,
  UserExclusion,
  Who,
} from "../policies/facts";
import type { LocationProfile } from "../policies/facts";
import type { Requirement } from "./signIn";

/** A policy turned into fast tests, once, so millions of sign-ins can be evaluated. */
export interface CompiledPolicy {
  /** The policy's `displayName`. */
  readonly name: string;
  readonly state: "enabled" | "enabledForReportingButNotEnforced" | "disabled";
  /** Client app, application, risk, platform, location and the other non-user conditions. */
  readonly appliesToContext: (context: ResolvedContext) => boolean;
  /** The same conditions, one test each (their conjunction is `appliesToContext`). */
  readonly conditions: ContextConditions;
  /** The users condition alone. */
  readonly appliesToUser: (who: Who) => boolean;
  /** Its include side alone, and the exclusions that name the user: what explains an exclusion. */
  readonly includesUser: (who: Who) => boolean;
  readonly excludesUserBy: (who: Who) => UserExclusion[];
  /** Left out (a named location not supplied): listed as a simplification where its other conditions hold, never applied. */
  readonly leftOut: boolean;
  /** The filter for devices, tested per sign-in against its device (undefined: no filter, or one that cannot be read). */
  readonly appliesToDevice: DeviceFilterTest | undefined;
  /** Whether the grant is `block`. */
  readonly blocks: boolean;
  /** What it asks when it does not block; undefined when it asks nothing (session controls only). */
  readonly requirement?: Requirement;
  /** What of this policy the evaluation cannot check offline. */
  readonly simplifications: readonly string[];
  /** Its users condition, normalised (ids in lower case): what `appliesToUser` tests, for an evaluator's index of many policies. */
  readonly users: NormalisedPolicy["users"];
  /** Whether it asks for terms of use or a custom control, which cannot be checked offline. */
  readonly asksOfflineControls: boolean;
  /** Whether it asks for a device or app control, which not every sign-in can meet (a legacy client meets none). */
  readonly asksDeviceOrAppControls: boolean;
  /** The values of its locations condition (included and excluded, lower case ids, `All`, `AllTrusted`). */
  readonly locationValues: readonly string[];
  /** Position among the policies the evaluator compiled (for its per-sign-in marks). */
  readonly index: number;
}

/** Compiles one policy (Graph-shaped: nulls and missing keys allowed). `knownLocations`: ids of the named locations supplied. */
export function compilePolicy(p: GraphPolicy, knownLocations?: ReadonlySet<string>, index = 0): CompiledPolicy {
  const facts = factsOf(p);
  const applicability = compileApplicability(facts, knownLocations);
  const grant = facts.grant;
  return {
    name: facts.displayName,
    state: facts.state,
    appliesToContext: applicability.appliesToContext,
    conditions: applicability.conditions,
    appliesToUser: applicability.appliesToUser,
    includesUser: applicability.includesUser,
    excludesUserBy: applicability.excludesUserBy,
    appliesToDevice: applicability.appliesToDevice,
    leftOut: applicability.leftOut,
    blocks: grant?.block === true,
    // Always present (undefined when it asks nothing): one object shape for every compiled policy keeps the hot loop monomorphic.
    requirement:
      grant && !grant.block && grant.controls.length > 0 ? { policy: facts.displayName, operator: grant.operator, controls: grant.controls } : undefined,
    simplifications: applicability.simplifications,
    users: facts.users,
    asksOfflineControls: !!grant && !grant.block && grant.controls.some((c) => c.kind === "termsOfUse" || c.kind === "customControl"),
    locationValues: facts.locations ? [...facts.locations.includeLocations, ...facts.locations.excludeLocations] : [],
    asksDeviceOrAppControls: !!grant && !grant.block && grant.controls.some((c) => c.kind === "other"),
    index,
  };
}

const NOWHERE: LocationProfile = { key: "", ids: new Set(), trusted: false };
/** Whether the id has an upper-case ASCII letter (a scan, no allocation: ids are usually lower case already, normalised at the edges). */
function hasUpper(id: string): boolean {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}
const lower = (id: string) => (hasUpper(id) ? id.toLowerCase() : id);
/** The ids in lower case, the same array when they already are. */
function lowerAll(ids: readonly string[]): readonly string[] {
  for (let i = 0; i < ids.length; i++) if (hasUpper(ids[i])) return ids.map((id) => id.toLowerCase());
  return ids;
}

/** The sign-in's user, ids in lower case, the guest type resolved (one object shape for every sign-in). */
export function whoOf(s: SignIn): Who {
  return {
    userId: lower(s.userId),
    groupIds: lowerAll(s.groupIds),
    roleIds: lowerAll(s.roleIds),
    userType: s.userType,
    guestOrExternalUserType: guestTypeOf(s),
    homeTenantId: s.homeTenantId === undefined ? undefined : lower(s.homeTenantId),
  };
}

/** The sign-in's context resolved against a location profile (none: no named location contains it). */
export function contextOf(s: SignIn, location: LocationProfile = NOWHERE): ResolvedContext {
  return {
    clientAppType: s.clientAppType,
    applicationId: s.applicationId.toLowerCase(),
    signInRisk: s.signInRisk,
    userRisk: s.userRisk,
    platform: platformOf(s.devicePlatform),
    location,
    ...(s.insiderRisk ? { insiderRisk: s.insiderRisk } : {}),
    ...(s.authenticationFlow ? { authenticationFlow: s.authenticationFlow } : {}),
  };
}

/**
 * What of the sign-in decides which controls it can meet, and the device its filters read: a legacy client passes
 * no device state, and in device code flow "the device that is performing authentication can't provide its device
 * state", so both read as an unregistered device.
 */
export function capabilityOf(s: SignIn): SignInCapability {
  const legacy = isLegacyClient(s.clientAppType);
  const deviceCodeFlow = s.authenticationFlow !== undefined && s.authenticationFlow.toLowerCase() === "devicecodeflow";
  return {
    legacy,
    clientAppType: s.clientAppType,
    platform: platformOf(s.devicePlatform),
    deviceCodeFlow,
    device: legacy || deviceCodeFlow ? undefined : s.device,
  };
}
