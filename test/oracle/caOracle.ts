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
  insiderRisk?: string;
  authenticationFlow?: string;
  /** Graph's device resource, present when the device is registered. */
  device?: Record<string, any>;
  gpsCountryCode?: string;
  insideCorporateNetwork?: boolean;
}

/** The MFA service's trusted IPs as a stack declares them, and what to assume of what the sign-in cannot tell. */
export interface OracleAssumptions {
  mfaTrustedIps?: { ipRanges: string[]; federatedUsersOnIntranet?: boolean };
  /** When the trusted IPs are not declared: whether the sign-in is inside them. */
  insideMfaTrustedIps?: boolean;
  /** GPS country locations the sign-in is assumed inside when it shares no GPS country. */
  insideGps?: string[];
}

let assumed: OracleAssumptions = {};
const MFA_TRUSTED_IPS = "00000000-0000-0000-0000-000000000000";

/** "All trusted networks and locations": trusted named locations, and "Multifactor authentication trusted IPs, if configured". */
function inMfaTrustedIps(s: OracleSignIn): boolean {
  const declared = assumed.mfaTrustedIps;
  if (!declared) return assumed.insideMfaTrustedIps === true;
  if (declared.federatedUsersOnIntranet && s.insideCorporateNetwork) return true;
  return s.ipAddress !== undefined && declared.ipRanges.some((r) => inCidr(s.ipAddress!, r));
}

export interface OracleLocation {
  id: string;
  /** "authenticatorAppGps": the country comes from the Authenticator app's GPS, not the IP address. */
  countryLookupMethod?: string;
  isTrusted?: boolean;
  ipRanges?: { cidrAddress: string }[];
  countriesAndRegions?: string[];
  includeUnknownCountriesAndRegions?: boolean;
}

export interface OracleResult {
  applied: string[];
  reportOnly: string[];
  /** What happens: a requirement this sign-in cannot meet blocks. */
  kind: "allowed" | "blocked" | "challenge";
  blockedBy: string[];
  challengedBy: string[];
  mfaRequired: boolean;
  /** What the policies ask (the What If level): only block policies block. */
  asksKind: "allowed" | "blocked" | "challenge";
  asksBlockedBy: string[];
  asksChallengedBy: string[];
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
  if (l.countriesAndRegions && l.countryLookupMethod === "authenticatorAppGps") {
    if (!s.gpsCountryCode) return (assumed.insideGps ?? []).includes(l.id);
    return has(l.countriesAndRegions, s.gpsCountryCode);
  }
  if (l.countriesAndRegions) return s.countryCode ? has(l.countriesAndRegions, s.countryCode) : l.includeUnknownCountriesAndRegions === true;
  return s.ipAddress !== undefined && (l.ipRanges ?? []).some((r) => inCidr(s.ipAddress!, r.cidrAddress));
}

function locationSelected(list: string[], s: OracleSignIn, named: OracleLocation[]): boolean {
  for (const v of list) {
    if (v === "All") return true;
    if (v === "AllTrusted" && (named.some((l) => l.isTrusted && locationContains(l, s)) || inMfaTrustedIps(s))) return true;
    if (v === MFA_TRUSTED_IPS && inMfaTrustedIps(s)) return true;
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

// "Conditional Access: Filter for devices": properties and their kinds; an unregistered device has every property null.
const COLLECTIONS = ["physicalids", "systemlabels"];
const NEGATIVE = ["-ne", "-notstartswith", "-notendswith", "-notcontains", "-notin"];

function deviceValue(device: Record<string, any> | undefined, property: string): any {
  if (!device) return null;
  const name = property.toLowerCase();
  if (name.startsWith("extensionattribute")) {
    // Values are available only for Intune managed, compliant or hybrid joined devices.
    if (!(device.isManaged === true || device.isCompliant === true || String(device.trustType).toLowerCase() === "serverad")) return null;
    const attrs = device.extensionAttributes ?? {};
    const key = Object.keys(attrs).find((k) => k.toLowerCase() === name);
    return key === undefined ? null : (attrs[key] ?? null);
  }
  const key = Object.keys(device).find((k) => k.toLowerCase() === name);
  return key === undefined ? null : (device[key] ?? null);
}

function compare(actual: any, op: string, value: any, property: string): boolean {
  const negative = NEGATIVE.includes(op);
  if (value === null) return op === "-eq" ? actual === null : actual !== null;
  if (actual === null) return negative;
  const lower = (v: any) => String(v).toLowerCase();
  let hit: boolean;
  if (COLLECTIONS.includes(property.toLowerCase())) hit = (actual as any[]).some((a) => lower(a) === lower(value));
  else if (op === "-in" || op === "-notin") hit = (value as string[]).some((v) => lower(v) === lower(actual));
  else if (op === "-startswith" || op === "-notstartswith") hit = lower(actual).startsWith(lower(value));
  else if (op === "-endswith" || op === "-notendswith") hit = lower(actual).endsWith(lower(value));
  else if (op === "-contains" || op === "-notcontains") hit = lower(actual).includes(lower(value));
  else hit = lower(actual) === lower(value);
  return negative ? !hit : hit;
}

/** Evaluates a filter rule by precedence climbing over its tokens (comparison, then -not, -and, -or). */
function ruleHolds(rule: string, device: Record<string, any> | undefined): boolean {
  const tokens = rule.match(/"(?:`"|[^"])*"|'(?:''|[^'])*'|[()[\],]|[^\s()[\],]+/g) ?? [];
  let i = 0;
  const str = (t: string) => (t.startsWith('"') ? t.slice(1, -1).replace(/`"/g, '"') : t.slice(1, -1).replace(/''/g, "'"));
  const atom = (): boolean => {
    const t = tokens[i++];
    if (t === "(") {
      const v = or();
      i++;
      return v;
    }
    if (t.toLowerCase() === "-not" || t.toLowerCase() === "not") return !atom();
    const property = t.slice("device.".length);
    let op = tokens[i++].toLowerCase();
    if (!op.startsWith("-")) op = `-${op}`;
    let value: any;
    if (tokens[i] === "[") {
      i++;
      value = [];
      while (tokens[i] !== "]") {
        if (tokens[i] !== ",") value.push(str(tokens[i]));
        i++;
      }
      i++;
    } else {
      const v = tokens[i++];
      value = v.toLowerCase() === "null" ? null : /^["']/.test(v) ? str(v) : v;
    }
    return compare(deviceValue(device, property), op, value, property);
  };
  const and = (): boolean => {
    let v = atom();
    while (i < tokens.length && ["-and", "and"].includes(tokens[i].toLowerCase())) {
      i++;
      const w = atom();
      v = v && w;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (i < tokens.length && ["-or", "or"].includes(tokens[i].toLowerCase())) {
      i++;
      const w = and();
      v = v || w;
    }
    return v;
  };
  return or();
}

/** The device Conditional Access sees: none from legacy clients ("don't pass device state") or in device code flow. */
function visibleDevice(s: OracleSignIn): Record<string, any> | undefined {
  if (s.clientAppType === "exchangeActiveSync" || s.clientAppType === "other") return undefined;
  if (s.authenticationFlow === "deviceCodeFlow") return undefined;
  return s.device;
}

/** Whether the sign-in can satisfy one built-in control ("Conditional Access: Grant"). */
function canMeet(control: string, s: OracleSignIn): boolean {
  const platform = (s.devicePlatform ?? "unknown").toLowerCase();
  const device = visibleDevice(s);
  if (control === "compliantDevice") return !!device && device.isCompliant === true && ["windows", "ios", "android", "macos", "linux"].includes(platform);
  if (control === "domainJoinedDevice") return !!device && String(device.trustType).toLowerCase() === "serverad" && platform === "windows";
  if (control === "approvedApplication") return platform === "ios" || platform === "android";
  if (control === "compliantApplication") return platform === "ios" || platform === "android" || (platform === "windows" && s.clientAppType === "browser");
  return true;
}

function applies(p: any, s: OracleSignIn, named: OracleLocation[]): boolean {
  const c = p.conditions ?? {};
  if ((c.clientApplications?.includeServicePrincipals ?? []).length > 0) return false;
  // Insider risk and authentication flows: Graph writes each as a comma-separated string.
  const commaList = (text: string | null | undefined) =>
    String(text ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "" && v !== "none");
  if (commaList(c.insiderRiskLevels).length > 0 && !commaList(c.insiderRiskLevels).includes(s.insiderRisk ?? "")) return false;
  const flows = commaList(c.authenticationFlows?.transferMethods);
  if (flows.length > 0 && !flows.includes(s.authenticationFlow ?? "")) return false;
  const filter = c.devices?.deviceFilter;
  if (filter?.rule) {
    const holds = ruleHolds(filter.rule, visibleDevice(s));
    if (filter.mode === "exclude" ? holds : !holds) return false;
  }
  const u = c.users ?? {};
  if (!userSelected(u, s, "include") || userSelected(u, s, "exclude")) return false;
  const a = c.applications ?? {};
  if (!appSelected(a.includeApplications, s.applicationId) || appSelected(a.excludeApplications, s.applicationId)) return false;
  const clients: string[] = c.clientAppTypes ?? [];
  const clientOk =
    clients.length === 0 ||
    clients.includes("all") ||
    clients.includes(s.clientAppType) ||
    // easSupported: Exchange ActiveSync on the supported platforms ("such as iOS, Android, and Windows").
    (s.clientAppType === "exchangeActiveSync" &&
      clients.includes("easSupported") &&
      ["ios", "android", "windows"].includes((s.devicePlatform ?? "").toLowerCase()));
  if (!clientOk) return false;
  if ((c.signInRiskLevels ?? []).length > 0 && !c.signInRiskLevels.includes(s.signInRisk)) return false;
  if ((c.userRiskLevels ?? []).length > 0 && !c.userRiskLevels.includes(s.userRisk)) return false;
  if (c.platforms && (!platformSelected(c.platforms.includePlatforms, s) || platformSelected(c.platforms.excludePlatforms, s))) return false;
  // A location the caller did not supply: the policy is left out (where the sign-in is cannot be told).
  const named_ids = named.map((l) => l.id.toLowerCase());
  const listed: string[] = [...(c.locations?.includeLocations ?? []), ...(c.locations?.excludeLocations ?? [])];
  if (c.locations && listed.some((v) => v !== "All" && v !== "AllTrusted" && v !== MFA_TRUSTED_IPS && !named_ids.includes(v.toLowerCase()))) return false;
  if (c.locations && (!locationSelected(c.locations.includeLocations ?? [], s, named) || locationSelected(c.locations.excludeLocations ?? [], s, named)))
    return false;
  return true;
}

/**
 * Every enabled policy that applies must be satisfied; block wins; report-only never enforces. Two levels: what the
 * policies ask, and what happens when the sign-in cannot meet a control (a legacy client meets none; device and app
 * controls per the Grant page): under AND one unmet control blocks, under OR the met ones remain.
 */
export function oracle(policies: any[], s: OracleSignIn, named: OracleLocation[] = [], assumptions: OracleAssumptions = {}): OracleResult {
  assumed = assumptions;
  const result: OracleResult = {
    applied: [],
    reportOnly: [],
    kind: "allowed",
    blockedBy: [],
    challengedBy: [],
    mfaRequired: false,
    asksKind: "allowed",
    asksBlockedBy: [],
    asksChallengedBy: [],
  };
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
      result.asksBlockedBy.push(p.displayName);
      continue;
    }
    // Each control as [is it MFA (a password change comes after MFA), can this sign-in meet it].
    const controls: [boolean, boolean][] = [
      ...builtIn.map((c): [boolean, boolean] => [c === "mfa" || c === "passwordChange", !legacy && canMeet(c, s)]),
      ...(g.authenticationStrength ? [[true, !legacy] as [boolean, boolean]] : []),
      ...(g.termsOfUse ?? []).map((): [boolean, boolean] => [false, !legacy]),
      ...(g.customAuthenticationFactors ?? []).map((): [boolean, boolean] => [false, !legacy]),
    ];
    if (controls.length === 0) continue;
    result.asksChallengedBy.push(p.displayName);
    // "By default, Conditional Access requires all selected controls."
    const or = g.operator === "OR";
    const usable = or ? controls.filter(([, met]) => met) : controls;
    if (usable.length === 0 || usable.some(([, met]) => !met)) {
      result.blockedBy.push(p.displayName);
      continue;
    }
    result.challengedBy.push(p.displayName);
    if (or ? usable.every(([mfa]) => mfa) : usable.some(([mfa]) => mfa)) result.mfaRequired = true;
  }
  if (result.blockedBy.length > 0) {
    // A block answers the sign-in: what else it would be asked is moot.
    result.kind = "blocked";
    result.mfaRequired = false;
    result.challengedBy = [];
  } else if (result.challengedBy.length > 0) result.kind = "challenge";
  result.asksKind = result.asksBlockedBy.length > 0 ? "blocked" : result.asksChallengedBy.length > 0 ? "challenge" : "allowed";
  // A block answers the sign-in: what else the policies ask is moot.
  if (result.asksKind === "blocked") result.asksChallengedBy = [];
  return result;
}
