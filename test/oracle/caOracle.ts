/**
 * A deliberately simple Conditional Access oracle, written from Microsoft's documentation and
 * sharing no code with the evaluator (policies/facts, whatif/): it reads Graph's JSON as it comes
 * (nulls, missing keys) with plain loops. Sources, per rule, are in docs/whatif.md.
 */

export interface OracleSignIn {
  userId: string;
  groupIds: string[];
  roleIds: string[];
  userType: "member" | "guest";
  guestOrExternalUserType?: string;
  homeTenantId?: string;
  applicationId: string;
  clientAppType: string;
  signInRisk: string;
  userRisk: string;
  devicePlatform?: string;
  ipAddress?: string;
  countryCode?: string;
}

export interface OracleLocation {
  id: string;
  isTrusted?: boolean;
  ipRanges?: { cidrAddress: string }[];
  countriesAndRegions?: string[];
  includeUnknownCountriesAndRegions?: boolean;
}

export interface OracleResult {
  applied: string[];
  reportOnly: string[];
  kind: "allowed" | "blocked" | "challenge";
  blockedBy: string[];
  challengedBy: string[];
  mfaRequired: boolean;
}

// "Conditional Access: Target resources": the Microsoft Admin Portals app ids; the Office 365 suite
// (its well-known members); what Windows Azure Service Management API covers.
const ADMIN_PORTALS = [
  "497effe9-df71-4043-a8bb-14cf78c4b63b",
  "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
  "00000006-0000-0ff1-ce00-000000000000",
  "80ccca67-54bd-44ab-8625-4b79c4dc7775",
];
const OFFICE_365 = [
  "00000002-0000-0ff1-ce00-000000000000",
  "00000003-0000-0ff1-ce00-000000000000",
  "00000004-0000-0ff1-ce00-000000000000",
  "00000005-0000-0ff1-ce00-000000000000",
  "00000006-0000-0ff1-ce00-000000000000",
  "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe",
];
const AZURE_MANAGEMENT = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
const AZURE_MANAGEMENT_SUITE = [
  AZURE_MANAGEMENT,
  "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
  "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  "1950a258-227b-4e31-a9cf-717495945fc2",
];
const KNOWN_PLATFORMS = ["android", "ios", "windows", "windowsphone", "macos", "linux"];

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const has = (list: string[] | null | undefined, value: string) => (list ?? []).some((v) => same(v, value));

function ipv4(text: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3];
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const a = ipv4(ip);
  const b = ipv4(base);
  if (a === undefined || b === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(a / size) === Math.floor(b / size);
}

function guestType(s: OracleSignIn): string | undefined {
  if (s.guestOrExternalUserType) return s.guestOrExternalUserType;
  return s.userType === "guest" ? "b2bCollaborationGuest" : undefined;
}

function inGuestSelection(selection: any, s: OracleSignIn): boolean {
  const type = guestType(s);
  if (!selection || !type) return false;
  const types = String(selection.guestOrExternalUserTypes ?? "")
    .split(",")
    .map((t) => t.trim());
  if (!types.includes(type)) return false;
  if (type === "internalGuest") return true;
  const tenants = selection.externalTenants;
  if (!tenants || tenants.membershipKind !== "enumerated") return true;
  return s.homeTenantId !== undefined && has(tenants.members, s.homeTenantId);
}

function userSelected(u: any, s: OracleSignIn, side: "include" | "exclude"): boolean {
  const users: string[] = u[`${side}Users`] ?? [];
  for (const v of users) {
    if (side === "include" && v === "All") return true;
    if (v === "GuestsOrExternalUsers" && guestType(s) !== undefined) return true;
    if (same(v, s.userId)) return true;
  }
  if (inGuestSelection(u[`${side}GuestsOrExternalUsers`], s)) return true;
  if (s.groupIds.some((g) => has(u[`${side}Groups`], g))) return true;
  return s.roleIds.some((r) => has(u[`${side}Roles`], r));
}

function appSelected(list: string[] | null | undefined, app: string): boolean {
  for (const v of list ?? []) {
    if (v === "All") return true;
    if (v === "Office365" && OFFICE_365.includes(app.toLowerCase())) return true;
    if (v === "MicrosoftAdminPortals" && ADMIN_PORTALS.includes(app.toLowerCase())) return true;
    if (same(v, AZURE_MANAGEMENT) && AZURE_MANAGEMENT_SUITE.includes(app.toLowerCase())) return true;
    if (same(v, app)) return true;
  }
  return false;
}

function locationContains(l: OracleLocation, s: OracleSignIn): boolean {
  if (l.countriesAndRegions) return s.countryCode ? has(l.countriesAndRegions, s.countryCode) : l.includeUnknownCountriesAndRegions === true;
  return s.ipAddress !== undefined && (l.ipRanges ?? []).some((r) => inCidr(s.ipAddress!, r.cidrAddress));
}

function locationSelected(list: string[], s: OracleSignIn, named: OracleLocation[]): boolean {
  for (const v of list) {
    if (v === "All") return true;
    if (v === "AllTrusted" && named.some((l) => l.isTrusted && locationContains(l, s))) return true;
    if (named.some((l) => same(l.id, v) && locationContains(l, s))) return true;
  }
  return false;
}

function platformSelected(list: string[] | null | undefined, s: OracleSignIn): boolean {
  const platform = (s.devicePlatform ?? "unknown").toLowerCase();
  for (const v of list ?? []) {
    if (same(v, "all")) return true;
    if (KNOWN_PLATFORMS.includes(platform) && same(v, platform)) return true;
  }
  return false;
}

function applies(p: any, s: OracleSignIn, named: OracleLocation[]): boolean {
  const c = p.conditions ?? {};
  if ((c.clientApplications?.includeServicePrincipals ?? []).length > 0) return false;
  const u = c.users ?? {};
  if (!userSelected(u, s, "include") || userSelected(u, s, "exclude")) return false;
  const a = c.applications ?? {};
  if (!appSelected(a.includeApplications, s.applicationId) || appSelected(a.excludeApplications, s.applicationId)) return false;
  const clients: string[] = c.clientAppTypes ?? [];
  const clientOk =
    clients.length === 0 ||
    clients.includes("all") ||
    clients.includes(s.clientAppType) ||
    (s.clientAppType === "exchangeActiveSync" && clients.includes("easSupported"));
  if (!clientOk) return false;
  if ((c.signInRiskLevels ?? []).length > 0 && !c.signInRiskLevels.includes(s.signInRisk)) return false;
  if ((c.userRiskLevels ?? []).length > 0 && !c.userRiskLevels.includes(s.userRisk)) return false;
  if (c.platforms && (!platformSelected(c.platforms.includePlatforms, s) || platformSelected(c.platforms.excludePlatforms, s))) return false;
  // A location the caller did not supply: the policy is left out (where the sign-in is cannot be told).
  const named_ids = named.map((l) => l.id.toLowerCase());
  const listed: string[] = [...(c.locations?.includeLocations ?? []), ...(c.locations?.excludeLocations ?? [])];
  if (c.locations && listed.some((v) => v !== "All" && v !== "AllTrusted" && !named_ids.includes(v.toLowerCase()))) return false;
  if (c.locations && (!locationSelected(c.locations.includeLocations ?? [], s, named) || locationSelected(c.locations.excludeLocations ?? [], s, named)))
    return false;
  return true;
}

/** Every enabled policy that applies must be satisfied; block wins; legacy clients satisfy no grant control; report-only never enforces. */
export function oracle(policies: any[], s: OracleSignIn, named: OracleLocation[] = []): OracleResult {
  const result: OracleResult = { applied: [], reportOnly: [], kind: "allowed", blockedBy: [], challengedBy: [], mfaRequired: false };
  const legacy = s.clientAppType === "exchangeActiveSync" || s.clientAppType === "other";
  for (const p of policies) {
    if (p.state !== "enabled" && p.state !== "enabledForReportingButNotEnforced") continue;
    if (!applies(p, s, named)) continue;
    if (p.state !== "enabled") {
      result.reportOnly.push(p.displayName);
      continue;
    }
    result.applied.push(p.displayName);
    const g = p.grantControls;
    if (!g) continue;
    const builtIn: string[] = g.builtInControls ?? [];
    if (builtIn.includes("block")) {
      result.blockedBy.push(p.displayName);
      continue;
    }
    // A password change comes after MFA ("Conditional Access: Grant"), so it needs MFA too.
    const mfaLike = builtIn.filter((c) => c === "mfa" || c === "passwordChange").length + (g.authenticationStrength ? 1 : 0);
    const total = builtIn.length + (g.authenticationStrength ? 1 : 0) + (g.termsOfUse ?? []).length + (g.customAuthenticationFactors ?? []).length;
    if (total === 0) continue;
    if (legacy) {
      result.blockedBy.push(p.displayName);
      continue;
    }
    result.challengedBy.push(p.displayName);
    // "By default, Conditional Access requires all selected controls."
    const needsMfa = g.operator === "OR" ? mfaLike === total : mfaLike > 0;
    if (needsMfa) result.mfaRequired = true;
  }
  if (result.blockedBy.length > 0) {
    result.kind = "blocked";
    result.mfaRequired = false;
  } else if (result.challengedBy.length > 0) result.kind = "challenge";
  return result;
}
