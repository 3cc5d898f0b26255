import type { GraphGrantControls } from "../policies/facts";
import type { BuiltInControl, ClientAppType, ConditionalAccessPolicyState } from "../policies/graphTypes";
import {
  AZURE_MANAGEMENT_APP_ID,
  DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE,
  PHISHING_RESISTANT_STRENGTH_ID,
  PRIVILEGED_ROLES,
  REPORT_ONLY,
} from "../policies/wellKnownIds";

/** Built-in authentication strengths, weakest first (their rank orders them). */
export const BUILT_IN_STRENGTHS: Readonly<Record<string, { readonly name: string; readonly rank: number }>> = {
  "00000000-0000-0000-0000-000000000002": { name: "Multifactor authentication strength", rank: 1 },
  "00000000-0000-0000-0000-000000000003": { name: "Passwordless MFA strength", rank: 2 },
  [PHISHING_RESISTANT_STRENGTH_ID]: { name: "Phishing-resistant MFA strength", rank: 3 },
};

const SPECIAL_APPS: Readonly<Record<string, string>> = {
  All: "all cloud apps",
  None: "no app",
  Office365: "Office 365",
  MicrosoftAdminPortals: "Microsoft admin portals",
  [AZURE_MANAGEMENT_APP_ID]: "Azure management",
};

const USER_ACTIONS: Readonly<Record<string, string>> = {
  "urn:user:registersecurityinfo": "registering security info",
  "urn:user:registerdevice": "registering or joining devices",
};

const CLIENT_APPS: Readonly<Record<Exclude<ClientAppType, "all">, string>> = {
  browser: "browsers",
  mobileAppsAndDesktopClients: "mobile apps and desktop clients",
  exchangeActiveSync: "Exchange ActiveSync",
  easSupported: "Exchange ActiveSync",
  other: "other clients (legacy authentication)",
};

/** A directory role template id by its name, e.g. "Global Administrator". */
export function roleName(id: string): string {
  if (PRIVILEGED_ROLES[id]) return PRIVILEGED_ROLES[id];
  if (id === DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE) return "Directory Synchronization Accounts";
  return `role ${id}`;
}

/** Whether every role is one of the 14 admin roles of Microsoft's admin MFA template. */
export function allAdminRoles(ids: readonly string[]): boolean {
  return ids.every((id) => PRIVILEGED_ROLES[id] !== undefined);
}

/** Authentication contexts among a policy's targets (`includeAuthenticationContextClassReferences`), prefixed so they never read as apps. */
export const AUTHENTICATION_CONTEXT = "authenticationContext:";

/** An application value ("All", "Office365", an app id), user action or authentication context in words. */
export function appName(value: string): string {
  if (value.startsWith(AUTHENTICATION_CONTEXT)) return `authentication context ${value.slice(AUTHENTICATION_CONTEXT.length)}`;
  return SPECIAL_APPS[value] ?? USER_ACTIONS[value] ?? `app ${value}`;
}

/** A client app type in words. */
export function clientAppName(value: string): string {
  return CLIENT_APPS[value as Exclude<ClientAppType, "all">] ?? value;
}

/** A user value in words: "all users", "guests and external users", "break-glass account …", "user …". */
export function userName(value: string, breakGlassUsers: readonly string[]): string {
  if (value === "All") return "all users";
  if (value === "None") return "no one";
  if (value === "GuestsOrExternalUsers") return "guests and external users";
  return breakGlassUsers.includes(value) ? `break-glass account ${value}` : `user ${value}`;
}

/** A group id in words. */
export function groupName(value: string, breakGlassGroups: readonly string[]): string {
  return breakGlassGroups.includes(value) ? `break-glass group ${value}` : `group ${value}`;
}

/** An authentication strength id in words. */
export function strengthName(id: string): string {
  return BUILT_IN_STRENGTHS[id]?.name ?? `authentication strength ${id}`;
}

/** A policy state in words. */
export function stateName(state: ConditionalAccessPolicyState | string): string {
  if (state === REPORT_ONLY) return "report-only";
  if (state === "enabled") return "enforced";
  return state;
}

/** What the policy asks for, e.g. "MFA", "phishing-resistant MFA", "the block", "MFA or a compliant device". */
export function grantName(grant: GraphGrantControls | null | undefined): string {
  const builtIn = grant?.builtInControls ?? [];
  if (builtIn.includes("block")) return "the block";
  const parts = [
    ...(grant?.authenticationStrength?.id ? [strengthName(grant.authenticationStrength.id).replace(/ strength$/, "")] : []),
    ...builtIn.map(controlName),
    ...(grant?.termsOfUse ?? []).map(termsOfUseName),
    ...(grant?.customAuthenticationFactors ?? []).map(customControlName),
  ];
  if (parts.length === 0) return "no grant control";
  return parts.join(grant?.operator === "AND" ? " and " : " or ");
}

/** A terms of use agreement in words. */
export const termsOfUseName = (id: string): string => `terms of use ${id}`;

/** A custom control in words. */
export const customControlName = (id: string): string => `custom control ${id}`;

/** Each built-in grant control in words. */
const CONTROL_NAMES: Readonly<Record<BuiltInControl, string>> = {
  mfa: "MFA",
  block: "block",
  compliantDevice: "a compliant device",
  domainJoinedDevice: "a hybrid joined device",
  approvedApplication: "an approved client app",
  compliantApplication: "an app protection policy",
  passwordChange: "a password change",
};

/** A built-in grant control in words (a value Graph added later stays as Graph names it). */
export function controlName(control: string): string {
  return CONTROL_NAMES[control as BuiltInControl] ?? control;
}

/** "a, b and c" with at most `max` names, then "and N more". */
export function listOf(names: readonly string[], max = 3): string {
  const unique = [...new Set(names)];
  if (unique.length <= max) {
    return unique.length <= 1 ? (unique[0] ?? "") : `${unique.slice(0, -1).join(", ")} and ${unique[unique.length - 1]}`;
  }
  return `${unique.slice(0, max).join(", ")} and ${unique.length - max} more`;
}

/** "1 admin role" / "12 admin roles". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
