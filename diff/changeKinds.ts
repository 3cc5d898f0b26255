import type { ConditionalAccessPolicy } from "../policies/graphTypes";

/**
 * Every kind of change the diff reports, declared once: whether a change of the kind weakens protection (`true`,
 * `false`, or `"judged"`: the differ judges each change, from the policy facts, as `when` says), and the row
 * `docs/semantic-diff.md` shows for it (a spec keeps that table equal to this one). `when` and `example` are
 * markdown, as the table prints them.
 */
export const CHANGE_KIND_TABLE = {
  "policy-added": {
    weakens: false,
    when: "no (high risk when enforced)",
    example: "new policy, enforced: MFA for all users on all cloud apps",
  },
  "policy-removed": {
    weakens: true,
    when: "**yes** (risk by its state)",
    example: "policy removed: legacy authentication is no longer blocked",
  },
  "state-enforced": {
    weakens: false,
    when: "no, **high risk** (lockouts)",
    example: "goes from report-only to enforced: matching sign-ins are now asked for MFA",
  },
  "state-relaxed": {
    weakens: true,
    when: "**yes**",
    example: "goes from enforced to report-only: sign-ins are only logged, no longer blocked",
  },
  "state-changed": {
    weakens: false,
    when: "no (report-only ↔ disabled)",
    example: "goes from disabled to report-only; it was not enforced and still is not",
  },
  "break-glass-exclusion-removed": {
    weakens: true,
    when: "**yes**, high",
    example: "the break-glass exclusion is removed: break-glass account … now need MFA, so emergency access can be locked out",
  },
  "break-glass-exclusion-added": {
    weakens: false,
    when: "no",
    example: "now excludes break-glass account … (emergency access)",
  },
  "break-glass-accounts-changed": {
    weakens: "judged",
    when: "**yes** when fewer or none",
    example: "break-glass accounts change: user … is no longer excluded as emergency access",
  },
  "users-widened": {
    weakens: false,
    when: "no",
    example: "now applies to all users (was group …)",
  },
  "users-narrowed": {
    weakens: true,
    when: "**yes**",
    example: "no longer applies to all users, only to group … / now excludes user … from MFA",
  },
  "guests-included": {
    weakens: false,
    when: "no",
    example: "now applies to guests and external users",
  },
  "guests-excluded": {
    weakens: true,
    when: "**yes**",
    example: "now excludes guests and external users: they lose MFA",
  },
  "roles-added": {
    weakens: false,
    when: "no",
    example: "2 admin roles now need MFA: …",
  },
  "roles-removed": {
    weakens: true,
    when: "**yes**",
    example: "12 admin roles lose MFA: Global Administrator, … and 9 more",
  },
  "apps-widened": {
    weakens: false,
    when: "no",
    example: "now applies to all cloud apps (was Azure management)",
  },
  "apps-narrowed": {
    weakens: true,
    when: "**yes**",
    example: "now excludes Azure management from MFA",
  },
  "client-apps-widened": {
    weakens: false,
    when: "no",
    example: "now also blocks browsers",
  },
  "client-apps-narrowed": {
    weakens: true,
    when: "**yes**",
    example: "no longer blocks other clients (legacy authentication)",
  },
  "risk-levels-widened": {
    weakens: false,
    when: "no",
    example: "now also applies at low sign-in risk",
  },
  "risk-levels-narrowed": {
    weakens: true,
    when: "**yes**",
    example: "no longer applies at medium sign-in risk",
  },
  "locations-widened": {
    weakens: false,
    when: "no",
    example: "sign-ins from named location … are no longer excluded: they now need MFA",
  },
  "locations-narrowed": {
    weakens: true,
    when: "**yes** (high when a policy for any location is limited to some)",
    example: "sign-ins from trusted locations are now excluded: they lose MFA",
  },
  "platforms-widened": {
    weakens: false,
    when: "no",
    example: "now applies to sign-ins from any device platform (was only Windows): they now need MFA",
  },
  "platforms-narrowed": {
    weakens: true,
    when: "**yes** (high when a policy for any platform is limited to some)",
    example: "sign-ins from iOS and macOS are now excluded: they lose MFA",
  },
  "device-filter-changed": {
    weakens: "judged",
    when:
      "**yes** when the change decidably leaves devices out of the policy and brings none in (a filter " +
      "added, `-and` added in include mode, `-or` in exclude mode); otherwise no: a change to review",
    example:
      'now applies only where the device filter allows (exclude "device.trustType -eq \\"ServerAD\\""): ' +
      'the others lose MFA (for example a registered device with trustType "ServerAD")',
  },
  "app-filter-changed": {
    weakens: "judged",
    when:
      "**yes** when a filter is added, or its rule is the old one joined with `-and` in include mode or " +
      "`-or` in exclude mode; otherwise no: a change to review",
    example: 'review: the application filter changed to include "…" (was include "…")',
  },
  "workload-identities-widened": {
    weakens: false,
    when: "no",
    example: "now also applies to service principal …",
  },
  "workload-identities-narrowed": {
    weakens: true,
    when: "**yes**",
    example: "no longer applies to every service principal of the tenant / now excludes service principal …",
  },
  "service-principal-filter-changed": {
    weakens: "judged",
    when: "as `app-filter-changed`, for the service principal filter",
    example: 'no service principal filter any more (was exclude "…")',
  },
  "auth-flows-widened": {
    weakens: false,
    when: "no",
    example: "now applies to every sign-in (was only device code flow)",
  },
  "auth-flows-narrowed": {
    weakens: true,
    when: "**yes**",
    example: "now applies only to sign-ins through device code flow (was every sign-in)",
  },
  "named-location-widened": {
    weakens: "judged",
    when: "**yes** for a policy that excludes the location (or excludes `AllTrusted` and the location is trusted); no for one that includes it",
    example:
      'named location "Office" now also covers 10.0.0.0/8, and it is trusted; the policy ' +
      "excludes trusted locations, so sign-ins from there are no longer blocked",
  },
  "named-location-narrowed": {
    weakens: "judged",
    when: "**yes** for a policy that includes the location (or `AllTrusted`); no for one that excludes it",
    example: 'named location "Blocked countries" no longer covers IR; the policy includes it, so sign-ins from there are no longer blocked',
  },
  "named-location-trusted": {
    weakens: "judged",
    when: "**yes** for a policy that excludes `AllTrusted`; no for one that includes it",
    example: 'named location "Home VPN" (0.0.0.0/0) is now marked trusted; the policy excludes trusted locations, so sign-ins from there lose MFA',
  },
  "named-location-untrusted": {
    weakens: "judged",
    when: "**yes** for a policy that includes `AllTrusted`; no for one that excludes it",
    example: 'named location "Office" (203.0.113.0/24) is no longer trusted; the policy excludes trusted locations, so sign-ins from there now need MFA',
  },
  "named-location-lookup-changed": {
    weakens: "judged",
    when: "**yes** (other sign-ins match the location)",
    example:
      'named location "Blocked countries" now finds the country by the Authenticator ' +
      "app's GPS: other sign-ins match it than before, and the policy includes it",
  },
  "grant-block-added": {
    weakens: false,
    when: "no, high",
    example: "now blocks access (was MFA)",
  },
  "grant-block-removed": {
    weakens: true,
    when: "**yes**",
    example: "no longer blocks access; it asks for MFA instead",
  },
  "grant-strengthened": {
    weakens: false,
    when: "no",
    example: "asks for Phishing-resistant MFA instead of any MFA method",
  },
  "grant-weakened": {
    weakens: true,
    when: "**yes**",
    example: "asks for any MFA method instead of Phishing-resistant MFA / now also accepts a compliant device instead of MFA",
  },
  "grant-changed": {
    weakens: false,
    when: "no",
    example: "a different authentication strength of the same rank (e.g. a custom one)",
  },
  "grant-operator-changed": {
    weakens: "judged",
    when: "**yes** for AND → OR",
    example: "requires one of MFA or a compliant device instead of all of them",
  },
  "session-strengthened": {
    weakens: false,
    when: "no",
    example: "session: reauthentication every 4 hours instead of every 7 days",
  },
  "session-weakened": {
    weakens: true,
    when: "**yes**",
    example: "session: reauthentication every 7 days instead of every 4 hours",
  },
  "persistent-browser-changed": {
    weakens: "judged",
    when: "**yes** when it becomes `always` or `never` is dropped",
    example: "session: persistent browser always (was never)",
  },
  "app-enforced-restrictions-on": {
    weakens: false,
    when: "no",
    example: "session: app-enforced restrictions turned on",
  },
  "app-enforced-restrictions-off": {
    weakens: true,
    when: "**yes**",
    example: "session: app-enforced restrictions turned off: the apps no longer limit the session",
  },
  "cloud-app-security-on": {
    weakens: false,
    when: "no",
    example: "session: Defender for Cloud Apps session control on (blocked downloads)",
  },
  "cloud-app-security-off": {
    weakens: true,
    when: "**yes**",
    example: "session: Defender for Cloud Apps session control turned off",
  },
  "cloud-app-security-changed": {
    weakens: "judged",
    when: "**yes** when it becomes monitoring only",
    example: "session: Defender for Cloud Apps: monitoring only instead of blocked downloads",
  },
  "resilience-defaults-changed": {
    weakens: "judged",
    when: "**yes** when resilience defaults come back on",
    example: "session: resilience defaults back on: sessions may be extended during an outage",
  },
  "security-defaults-enabled": {
    weakens: false,
    when: "no, high",
    example: "Security Defaults are turned on: …",
  },
  "security-defaults-disabled": {
    weakens: "judged",
    when:
      "**yes**, unless the head's enforced policies give every protection Security Defaults gave (MFA for " +
      "administrators, MFA for all users with guests, the legacy authentication block, MFA for Azure " +
      "management): then no, still high risk — the cut-over. The answer is the guard's `EB-SD-PARITY` " +
      "answer, one facts function (`securityDefaultsGaps`): an all-users MFA policy that skips trusted " +
      "locations, guests or Office 365 weakens here exactly as the guard refuses it",
    example: "Security Defaults are turned off and the enforced Conditional Access policies do not give MFA for all users, …",
  },
} as const satisfies Readonly<Record<string, { readonly weakens: boolean | "judged"; readonly when: string; readonly example: string }>>;

/** What a change does, in Entra's terms. */
export type ChangeKind = keyof typeof CHANGE_KIND_TABLE;

/** Every change kind, in the table's order. */
export const CHANGE_KINDS = Object.keys(CHANGE_KIND_TABLE) as readonly ChangeKind[];

/** The kinds whose every change weakens, or none does: the table says it, so no differ passes it. */
export type FixedKind = { [K in ChangeKind]: (typeof CHANGE_KIND_TABLE)[K]["weakens"] extends boolean ? K : never }[ChangeKind];

/** The kinds whose changes the differ judges one by one. */
export type JudgedKind = Exclude<ChangeKind, FixedKind>;

/**
 * How much a reviewer should look at a change: `high` changes what happens at sign-in for many
 * people now (an enforced policy, Security Defaults, a break-glass exclusion), `medium` changes an
 * enforced policy's reach, `low` changes a policy that only reports or is disabled.
 */
export type ChangeRisk = "high" | "medium" | "low";

/** One security-relevant difference between the base and the head. */
export interface PolicyChange {
  readonly kind: ChangeKind;
  /** Whether the head protects fewer sign-ins, less strongly, or loses emergency access. */
  readonly weakens: boolean;
  readonly risk: ChangeRisk;
  /** Display name of the Conditional Access policy; absent for Security Defaults. */
  readonly policy?: string;
  /** Display name of the named location, for a change inside one whose policies are not known. */
  readonly location?: string;
  /** The change in plain words, e.g. "the break-glass exclusion of user … is removed". */
  readonly sentence: string;
}

/** What a change is about: a policy (by display name), a named location whose policies are unseen, or the tenant (neither). */
export type ChangeSubject = Pick<PolicyChange, "policy" | "location">;

/** A change of a kind whose verdict the table fixes. */
export function change(kind: FixedKind, risk: ChangeRisk, sentence: string, subject: ChangeSubject = {}): PolicyChange {
  return { kind, weakens: CHANGE_KIND_TABLE[kind].weakens, risk, ...subject, sentence };
}

/** A change of a kind judged change by change: `weakens` is the differ's verdict. */
export function judgedChange(kind: JudgedKind, weakens: boolean, risk: ChangeRisk, sentence: string, subject: ChangeSubject = {}): PolicyChange {
  return { kind, weakens, risk, ...subject, sentence };
}

/** A change to one policy, of a kind whose verdict the table fixes. */
export function policyChange(policy: ConditionalAccessPolicy, kind: FixedKind, risk: ChangeRisk, sentence: string): PolicyChange {
  return change(kind, risk, sentence, { policy: policy.displayName });
}

/** A change to one policy, of a kind judged change by change. */
export function judgedPolicyChange(policy: ConditionalAccessPolicy, kind: JudgedKind, weakens: boolean, risk: ChangeRisk, sentence: string): PolicyChange {
  return judgedChange(kind, weakens, risk, sentence, { policy: policy.displayName });
}

/** Whether the policy is enforced (Graph state `enabled`). */
export function isEnforced(policy: ConditionalAccessPolicy | undefined): boolean {
  return policy?.state === "enabled";
}

/**
 * The risk of a change to one policy: `ifEnforced` when either side enforces the policy, else
 * `low` (a report-only or disabled policy changes no sign-in).
 */
export function riskFor(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy, ifEnforced: ChangeRisk): ChangeRisk {
  return isEnforced(base) || isEnforced(head) ? ifEnforced : "low";
}

const RISK_ORDER: Record<ChangeRisk, number> = { high: 0, medium: 1, low: 2 };

/** Weakening changes first, then by risk (high first); ties keep their order (policy, then aspect). */
export function rankChanges(changes: readonly PolicyChange[]): PolicyChange[] {
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(b.c.weakens) - Number(a.c.weakens) || RISK_ORDER[a.c.risk] - RISK_ORDER[b.c.risk] || a.i - b.i)
    .map(({ c }) => c);
}
