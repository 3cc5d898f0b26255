import type { AuthenticationMethod } from "../config/types";
import type { UserRegistration } from "../graph/registrationDetails";
import { REGISTERED_METHOD_FAMILY } from "../policies/authenticationMethodFacts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { KNOWN_APPS } from "../whatif/applications";
import { evaluator, requiresMfa } from "../whatif/evaluate";

/** Users still on legacy per-user MFA (the audit lists only those not `disabled`). */
export interface PerUserMfaAudit {
  readonly usersAudited: number;
  readonly users: readonly { readonly id: string; readonly userPrincipalName?: string; readonly state: "enabled" | "enforced" }[];
}

/** How many users reach each result of Step 1 ("MFA for remote workers"). */
export interface Step1Counts {
  readonly users: number;
  readonly requiredBySecurityDefaults: number;
  readonly requiredByConditionalAccess: number;
  readonly requiredByNothing: number;
  readonly mfaRegistered: number;
  readonly mfaCapable: number;
  readonly ssprEnabled: number;
  readonly ssprRegistered: number;
  readonly ssprCapable: number;
}

/** A result of Step 1 that does not hold for some users, and what to do. */
export interface Step1Gap {
  readonly result: "required" | "registered" | "capable" | "sspr" | "perUserMfa";
  readonly who: "users" | "admins";
  readonly count: number;
  readonly nextStep: string;
}

/** Users by the set of method families they registered (key: families joined by "+", "" for none): flat in memory. */
export type RegistrationHistogram = Record<string, { users: number; admins: number }>;

/**
 * Users who are members of at least one method group, by their families and the method groups they are in
 * (key: families joined by "+", then "|", then the groups' lower-case ids sorted and joined by ","): also
 * counted in {@link RegistrationHistogram}, kept apart so a group-limited method counts for its members.
 */
export type MethodGroupHistogram = Record<string, { users: number; admins: number }>;

export interface Step1Available {
  readonly available: true;
  /** Users without an admin role, and admins apart. */
  readonly members: Step1Counts;
  readonly admins: Step1Counts;
  readonly registrations: RegistrationHistogram;
  /** The method groups whose transitive members were read (lower-case ids); absent when the stack limits no method to a group. */
  readonly methodGroups?: readonly string[];
  /** Members of the method groups, by families and groups; present with {@link methodGroups}. */
  readonly methodGroupRegistrations?: MethodGroupHistogram;
  /** Each break-glass user's registered method families; `null` when the report does not list the user. */
  readonly breakGlass: readonly { readonly id: string; readonly families: readonly string[] | null }[];
  readonly perUserMfa?: { readonly audited: number; readonly enabled: number; readonly enforced: number };
  /** `authorizationPolicy.allowedToUseSSPR` (administrators only); undefined when it could not be read. */
  readonly adminSspr?: boolean;
  readonly gaps: readonly Step1Gap[];
  /** Graph requests for the registration details (pages of up to 999). */
  readonly pages: number;
}

export interface Step1Unavailable {
  readonly available: false;
  readonly reason: "licence" | "permission" | "error";
  /** Graph's refusal, naming the permission or the licence. */
  readonly message: string;
  /** What this tenant cannot show, and what it still shows. */
  readonly cannotShow: readonly string[];
  readonly requiredBySecurityDefaults: boolean;
  readonly perUserMfa?: Step1Available["perUserMfa"];
  readonly adminSspr?: boolean;
  readonly gaps: readonly Step1Gap[];
}

export type Step1Report = Step1Available | Step1Unavailable;

/** The tenant facts the report measures against: Security Defaults, CA policies, and who is in the groups and roles they name. */
export interface Step1Context {
  readonly securityDefaults: boolean;
  readonly policies: readonly ConditionalAccessPolicy[];
  readonly groupMembers: ReadonlyMap<string, ReadonlySet<string>>;
  readonly roleHolders: ReadonlyMap<string, ReadonlySet<string>>;
  readonly breakGlassUsers: readonly string[];
  /**
   * Groups the stack limits a method to (`authenticationMethods.methods.*.group`); their members must be in `groupMembers`.
   * @default []
   */
  readonly methodGroups?: readonly string[];
}

/** A group's members, its id matched without regard to case. */
function memberSet(groupMembers: ReadonlyMap<string, ReadonlySet<string>>, group: string): ReadonlySet<string> {
  for (const [g, members] of groupMembers) if (g.toLowerCase() === group) return members;
  return new Set();
}

const zero = (): { -readonly [K in keyof Step1Counts]: number } => ({
  users: 0,
  requiredBySecurityDefaults: 0,
  requiredByConditionalAccess: 0,
  requiredByNothing: 0,
  mfaRegistered: 0,
  mfaCapable: 0,
  ssprEnabled: 0,
  ssprRegistered: 0,
  ssprCapable: 0,
});

/** The method families a user registered, sorted (the histogram key). */
export function familiesOf(methodsRegistered: readonly string[] | null | undefined): string[] {
  return [...new Set((methodsRegistered ?? []).map((m) => REGISTERED_METHOD_FAMILY[m] ?? "other"))].sort();
}

/**
 * "Required to use MFA" reads what applies to an ordinary interactive sign-in: a browser on Windows to Exchange
 * Online at no risk, with no special authentication flow, so a policy that blocks device code flow (or unknown
 * platforms) does not apply to it.
 */
export const ORDINARY_SIGN_IN = {
  applicationId: KNOWN_APPS.exchangeOnline,
  clientAppType: "browser",
  devicePlatform: "windows",
  signInRisk: "none",
  userRisk: "none",
} as const;

/**
 * Aggregates userRegistrationDetails page by page: only counters, a bounded histogram and the
 * break-glass users are kept, never the users, so memory stays flat for any tenant size.
 * "Required" is the what-if evaluator over each user's groups and roles ({@link ORDINARY_SIGN_IN}), or Security
 * Defaults, which cover everyone.
 */
export function step1Aggregator(context: Step1Context) {
  const members = zero();
  const admins = zero();
  const registrations: RegistrationHistogram = {};
  const breakGlass = new Map<string, string[] | null>(context.breakGlassUsers.map((id) => [id.toLowerCase(), null]));
  const enabled = context.policies.filter((p) => p.state === "enabled");
  const evaluate = evaluator(enabled);
  const groups = [...context.groupMembers.entries()];
  const roles = [...context.roleHolders.entries()];
  const cache = new Map<string, boolean>();
  const methodGroups = [...new Set((context.methodGroups ?? []).map((g) => g.toLowerCase()))].sort();
  const methodGroupMembers = methodGroups.map((g) => [g, memberSet(context.groupMembers, g)] as const);
  const methodGroupRegistrations: MethodGroupHistogram = {};
  let pages = 0;

  const requiredByCa = (u: UserRegistration, isAdmin: boolean): boolean => {
    const id = u.id.toLowerCase();
    const groupIds = groups.filter(([, m]) => m.has(id)).map(([g]) => g);
    const roleIds = roles.filter(([, m]) => m.has(id)).map(([r]) => r);
    const userType = u.userType === "guest" ? "guest" : "member";
    // Users with the same groups, roles and type get the same answer, except where a policy names users.
    const named = enabled.some((p) => p.conditions.users.includeUsers.includes(u.id) || p.conditions.users.excludeUsers.includes(u.id));
    const key = named ? undefined : `${userType}|${groupIds.join(",")}|${roleIds.join(",")}|${isAdmin}`;
    const cached = key === undefined ? undefined : cache.get(key);
    if (cached !== undefined) return cached;
    const signIn = { userId: u.id, groupIds, roleIds, userType, ...ORDINARY_SIGN_IN } as const;
    // What the policies ask of it: a device control beside MFA still requires MFA; a block of another flow never applies.
    const answer = requiresMfa(evaluate(signIn), "asks");
    if (key !== undefined && cache.size < 10_000) cache.set(key, answer);
    return answer;
  };

  return {
    add(page: readonly UserRegistration[]): void {
      pages++;
      for (const u of page) {
        const isAdmin = u.isAdmin === true;
        const c = isAdmin ? admins : members;
        c.users++;
        if (context.securityDefaults) c.requiredBySecurityDefaults++;
        else if (requiredByCa(u, isAdmin)) c.requiredByConditionalAccess++;
        else c.requiredByNothing++;
        if (u.isMfaRegistered) c.mfaRegistered++;
        if (u.isMfaCapable) c.mfaCapable++;
        if (u.isSsprEnabled) c.ssprEnabled++;
        if (u.isSsprRegistered) c.ssprRegistered++;
        if (u.isSsprCapable) c.ssprCapable++;
        const families = familiesOf(u.methodsRegistered);
        const key = families.join("+");
        const bucket = (registrations[key] ??= { users: 0, admins: 0 });
        if (isAdmin) bucket.admins++;
        else bucket.users++;
        const inGroups = methodGroupMembers.filter(([, m]) => m.has(u.id.toLowerCase())).map(([g]) => g);
        if (inGroups.length > 0) {
          const grouped = (methodGroupRegistrations[`${key}|${inGroups.join(",")}`] ??= { users: 0, admins: 0 });
          if (isAdmin) grouped.admins++;
          else grouped.users++;
        }
        if (breakGlass.has(u.id.toLowerCase())) breakGlass.set(u.id.toLowerCase(), families);
      }
    },
    result(perUserMfa?: Step1Available["perUserMfa"], adminSspr?: boolean): Step1Available {
      const report = {
        available: true as const,
        members: { ...members },
        admins: { ...admins },
        registrations,
        ...(methodGroups.length > 0 ? { methodGroups, methodGroupRegistrations } : {}),
        breakGlass: [...breakGlass.entries()].map(([id, families]) => ({ id, families })),
        ...(perUserMfa ? { perUserMfa } : {}),
        ...(adminSspr !== undefined ? { adminSspr } : {}),
        pages,
      };
      return { ...report, gaps: step1Gaps(report) };
    },
  };
}

const SSPR_PORTAL = "Entra admin center > Protection > Password reset";

/** Each result of Step 1 that does not hold, with its next step. */
export function step1Gaps(report: Omit<Step1Available, "gaps">): Step1Gap[] {
  const gaps: Step1Gap[] = [];
  for (const who of ["users", "admins"] as const) {
    const c = who === "users" ? report.members : report.admins;
    const notSsprEnabled = c.users - c.ssprEnabled;
    const candidates: [Step1Gap["result"], number, string][] = [
      [
        "required",
        c.requiredByNothing,
        `enable policies.${who === "admins" ? "adminMfa (state: enabled)" : "allUsersMfa (state: enabled, no pilotGroup)"}, ` +
          `or protection: securityDefaults on a free tenant; npm run whatif shows each sign-in`,
      ],
      [
        "registered",
        c.users - c.mfaRegistered,
        "set registrationCampaign: true (Conditional Access stacks; Security Defaults give 14 days), " +
          "and issue a Temporary Access Pass to users who cannot register alone (authenticationMethods.methods.temporaryAccessPass: enabled)",
      ],
      [
        "capable",
        c.mfaRegistered - c.mfaCapable,
        "they registered only methods the authentication methods policy does not allow: " +
          "have them register the Authenticator app or a passkey, or enable their method under authenticationMethods.methods",
      ],
      [
        "sspr",
        c.users - c.ssprCapable,
        notSsprEnabled > 0
          ? `${notSsprEnabled} are not enabled for SSPR; Graph has no API for it: ${SSPR_PORTAL} > Properties > Self service password reset enabled: All`
          : `enabled but not registered: ${SSPR_PORTAL} > Registration > Require users to register when signing in: Yes (Graph has no API for it)`,
      ],
    ];
    for (const [result, count, nextStep] of candidates) if (count > 0) gaps.push({ result, who, count, nextStep });
  }
  const onPerUser = report.perUserMfa ? report.perUserMfa.enabled + report.perUserMfa.enforced : 0;
  if (onPerUser > 0)
    gaps.push({
      result: "perUserMfa",
      who: "users",
      count: onPerUser,
      nextStep: "set perUserMfa: disable once Security Defaults or an enabled all-users MFA policy cover everyone",
    });
  return gaps;
}

/** The report when Graph refuses the registration details: what this tenant cannot show, and what it still can. */
export function step1Unavailable(
  reason: Step1Unavailable["reason"],
  message: string,
  securityDefaults: boolean,
  perUserMfa?: Step1Available["perUserMfa"],
  adminSspr?: boolean,
): Step1Unavailable {
  const cannotShow =
    reason === "licence"
      ? [
          "who registered MFA and who is MFA-capable, admins apart (userRegistrationDetails needs Entra ID P1 or P2)",
          "who is enabled, registered and capable for SSPR",
          "which methods break-glass accounts registered",
          "what it still shows: whether Security Defaults require MFA of everyone, per-user MFA, and admins' SSPR setting",
        ]
      : ["the registration details, until the permission is granted (see message)"];
  const perUser = perUserMfa ? perUserMfa.enabled + perUserMfa.enforced : 0;
  const gaps: Step1Gap[] = [];
  if (!securityDefaults) {
    gaps.push({
      result: "required",
      who: "users",
      count: 0,
      nextStep: "Security Defaults are off: without registration details the report cannot count who CA requires MFA of; npm run whatif shows each sign-in",
    });
  }
  if (perUser > 0)
    gaps.push({
      result: "perUserMfa",
      who: "users",
      count: perUser,
      nextStep: "set perUserMfa: disable once Security Defaults or an enabled all-users MFA policy cover everyone",
    });
  return {
    available: false,
    reason,
    message,
    cannotShow,
    requiredBySecurityDefaults: securityDefaults,
    ...(perUserMfa ? { perUserMfa } : {}),
    ...(adminSspr !== undefined ? { adminSspr } : {}),
    gaps,
  };
}

const familiesIn = (key: string) => (key === "" ? [] : key.split("+"));
const canUse = (families: readonly string[], usable: ReadonlySet<string>) => families.some((f) => usable.has(f) || f === "windowsHello");

/** Users (and admins) who registered none of the given method families. */
export function usersWithout(histogram: RegistrationHistogram, usable: ReadonlySet<AuthenticationMethod | string>, before?: ReadonlySet<string>) {
  let users = 0;
  let admins = 0;
  for (const [key, count] of Object.entries(histogram)) {
    const families = familiesIn(key);
    if (canUse(families, usable)) continue;
    // Only those who could sign in before lose anything.
    if (before && !canUse(families, before)) continue;
    users += count.users;
    admins += count.admins;
  }
  return { users, admins };
}

/**
 * Users (and admins) left with no usable method, where a method limited to a group is usable by the group's
 * transitive members: {@link usersWithout} for everyone, less the members of method groups who keep a method
 * through one of their groups. `forGroup` maps a lower-case group id to the methods limited to it.
 */
export function usersLeftWithout(
  report: Pick<Step1Available, "registrations" | "methodGroupRegistrations">,
  usable: ReadonlySet<string>,
  forGroup: ReadonlyMap<string, ReadonlySet<string>>,
  before?: ReadonlySet<string>,
) {
  const lost = usersWithout(report.registrations, usable, before);
  let { users, admins } = lost;
  for (const [key, count] of Object.entries(report.methodGroupRegistrations ?? {})) {
    const [familiesKey, groupsKey] = [key.slice(0, key.lastIndexOf("|")), key.slice(key.lastIndexOf("|") + 1)];
    const families = familiesIn(familiesKey);
    if (canUse(families, usable) || (before && !canUse(families, before))) continue;
    const throughGroups = new Set(groupsKey.split(",").flatMap((g) => [...(forGroup.get(g) ?? [])]));
    if (!canUse(families, throughGroups)) continue;
    users -= count.users;
    admins -= count.admins;
  }
  return { users, admins };
}
