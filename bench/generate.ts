import type { GraphNamedLocation, GraphPolicy } from "../policies/facts";
import { DEVICE_PLATFORMS, GUEST_OR_EXTERNAL_USER_TYPES } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { PRIVILEGED_ROLE_IDS } from "../policies/wellKnownIds";
import { KNOWN_APPS } from "../whatif/applications";
import type { SignIn } from "../whatif/signIn";

/** A small deterministic generator (mulberry32), so every run measures the same work. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const APPS = [KNOWN_APPS.lineOfBusiness, KNOWN_APPS.exchangeOnline, KNOWN_APPS.azureManagement, KNOWN_APPS.adminCenter];
const GROUPS = Array.from({ length: 40 }, (_, i) => `group-${i}`);
const USERS = Array.from({ length: 500 }, (_, i) => `user-${i}`);

const TENANTS = ["tenant-a", "tenant-b", "tenant-c"];

/** Named locations of the generated tenant: a trusted office range, a VPN range, two country lists. */
export const BENCH_NAMED_LOCATIONS: readonly GraphNamedLocation[] = [
  {
    id: "office",
    "@odata.type": "#microsoft.graph.ipNamedLocation",
    isTrusted: true,
    ipRanges: [{ cidrAddress: "203.0.113.0/24" }, { cidrAddress: "2001:db8::/32" }],
  },
  { id: "vpn", "@odata.type": "#microsoft.graph.ipNamedLocation", isTrusted: false, ipRanges: [{ cidrAddress: "192.0.2.0/24" }] },
  { id: "eu", "@odata.type": "#microsoft.graph.countryNamedLocation", countriesAndRegions: ["NL", "DE", "FR"], includeUnknownCountriesAndRegions: false },
  { id: "risky", "@odata.type": "#microsoft.graph.countryNamedLocation", countriesAndRegions: ["KP", "IR"], includeUnknownCountriesAndRegions: true },
];

/** Filters for devices as real tenants write them: privileged workstations, unsupported Windows versions, kiosks. */
const DEVICE_FILTERS = [
  { mode: "exclude", rule: 'device.extensionAttribute1 -eq "SAW"' },
  { mode: "include", rule: 'device.operatingSystem -eq "Windows" -and device.operatingSystemVersion -notStartsWith "10.0"' },
  { mode: "exclude", rule: '(device.trustType -eq "ServerAD") -or (device.isCompliant -eq True)' },
  { mode: "include", rule: 'device.displayName -startsWith "KIOSK" -or device.systemLabels -contains "MultiUser"' },
] as const;

/** The devices sign-ins come from: unregistered (none), registered, compliant, hybrid joined, a privileged workstation. */
const DEVICES: readonly (SignIn["device"] | undefined)[] = [
  undefined,
  undefined,
  { trustType: "Workplace", operatingSystem: "iOS", operatingSystemVersion: "17.4" },
  { trustType: "AzureAD", isCompliant: true, isManaged: true, operatingSystem: "Windows", operatingSystemVersion: "10.0.22631", displayName: "PC-17" },
  { trustType: "ServerAD", isCompliant: false, operatingSystem: "Windows", operatingSystemVersion: "10.0.19045", displayName: "KIOSK-3" },
  { trustType: "AzureAD", isCompliant: true, isManaged: true, extensionAttributes: { extensionAttribute1: "SAW" }, operatingSystem: "Windows" },
];

/** One policy's extra conditions, as real tenants add them: platforms, locations, guest types; some grants beyond MFA. */
function extras(random: () => number): Partial<GraphPolicy> & { conditions: Record<string, unknown> } {
  const r = random();
  const conditions: Record<string, unknown> = {};
  if (r < 0.1) conditions.platforms = { includePlatforms: ["all"], excludePlatforms: ["android", "iOS", "windows", "macOS", "linux"] };
  else if (r < 0.2) conditions.locations = { includeLocations: ["All"], excludeLocations: ["AllTrusted"] };
  else if (r < 0.25) conditions.locations = { includeLocations: [pick(random, ["eu", "risky", "vpn"])], excludeLocations: [] };
  // The legacy MFA service's trusted IPs, which the bench does not declare: evaluated both inside and outside.
  else if (r < 0.3) conditions.locations = { includeLocations: ["All"], excludeLocations: ["00000000-0000-0000-0000-000000000000"] };
  if (random() < 0.15) conditions.devices = { deviceFilter: pick(random, DEVICE_FILTERS) };
  if (random() < 0.1) {
    conditions.excludeGuests = {
      guestOrExternalUserTypes: "b2bCollaborationGuest,serviceProvider",
      externalTenants: { membershipKind: "enumerated", members: [pick(random, TENANTS)] },
    };
  }
  const g = random();
  const grantControls =
    g < 0.05
      ? null
      : g < 0.1
        ? { operator: "OR", builtInControls: ["mfa", "compliantDevice"] }
        : g < 0.13
          ? { operator: "AND", builtInControls: ["mfa"], termsOfUse: ["tou-1"] }
          : g < 0.16
            ? { operator: "AND", builtInControls: ["compliantDevice"] }
            : g < 0.18
              ? { operator: "OR", builtInControls: ["approvedApplication", "compliantApplication"] }
              : undefined;
  return { conditions, ...(grantControls !== undefined ? { grantControls } : {}) };
}

/** `count` varied policies: users, groups, roles or guest types; apps; clients; risk; platforms; locations; block, MFA or more; any state. */
export function generatePolicies(count: number, random = seeded(195)): GraphPolicy[] {
  return generateBasePolicies(count, random).map((p) => {
    const { conditions, ...rest } = extras(random);
    const { excludeGuests, ...more } = conditions;
    const users = excludeGuests ? { ...p.conditions.users, excludeGuestsOrExternalUsers: excludeGuests } : p.conditions.users;
    return { ...p, ...rest, conditions: { ...p.conditions, ...more, users } } as GraphPolicy;
  });
}

function generateBasePolicies(count: number, random: () => number): ConditionalAccessPolicy[] {
  return Array.from({ length: count }, (_, i) => {
    const target = random();
    // As in real tenants, blocks are narrow (legacy clients); everything else asks for MFA.
    const legacyBlock = random() < 0.1;
    const policy: ConditionalAccessPolicy = {
      displayName: `generated policy ${i}`,
      state: pick(random, ["enabled", "enabled", "enabledForReportingButNotEnforced", "disabled"] as const),
      conditions: {
        users: {
          includeUsers: target < 0.4 ? ["All"] : target < 0.5 ? ["GuestsOrExternalUsers"] : [],
          excludeUsers: [pick(random, USERS), pick(random, USERS)],
          includeGroups: target >= 0.5 && target < 0.8 ? [pick(random, GROUPS), pick(random, GROUPS)] : [],
          excludeGroups: [pick(random, GROUPS)],
          includeRoles: target >= 0.8 ? PRIVILEGED_ROLE_IDS.slice(0, 1 + Math.floor(random() * 14)) : [],
          excludeRoles: [],
        },
        applications: {
          includeApplications: random() < 0.6 ? ["All"] : [pick(random, [...APPS, "Office365", "MicrosoftAdminPortals"])],
          excludeApplications: [],
          includeUserActions: [],
        },
        clientAppTypes: legacyBlock ? ["exchangeActiveSync", "other"] : ["all"],
        signInRiskLevels: random() < 0.15 ? ["high", "medium"] : [],
        userRiskLevels: random() < 0.1 ? ["high"] : [],
      },
      grantControls: legacyBlock ? { operator: "OR", builtInControls: ["block"] } : { operator: "OR", builtInControls: ["mfa"] },
    };
    return policy;
  });
}

const ADDRESSES = [...Array.from({ length: 40 }, (_, i) => `198.51.100.${i}`), "203.0.113.9", "203.0.113.77", "192.0.2.14", "2001:db8::5", "2001:db9::5"];
const COUNTRIES = ["NL", "DE", "US", "KP", "BR", undefined];

/** `count` varied sign-ins: members and each kind of guest, from several platforms, addresses and countries. */
export function generateSignIns(count: number, random = seeded(100_000)): SignIn[] {
  const risks = ["none", "none", "none", "low", "medium", "high"] as const;
  return Array.from({ length: count }, () => {
    const guest = random() < 0.15;
    const type = guest ? pick(random, GUEST_OR_EXTERNAL_USER_TYPES) : undefined;
    const country = pick(random, COUNTRIES);
    const device = pick(random, DEVICES);
    return {
      userId: pick(random, USERS),
      groupIds: [pick(random, GROUPS), pick(random, GROUPS)],
      roleIds: random() < 0.1 ? [pick(random, PRIVILEGED_ROLE_IDS)] : [],
      userType: guest ? "guest" : "member",
      ...(type ? { guestOrExternalUserType: type, ...(type === "internalGuest" ? {} : { homeTenantId: pick(random, TENANTS) }) } : {}),
      applicationId: pick(random, APPS),
      clientAppType: pick(random, ["browser", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const),
      signInRisk: pick(random, risks),
      userRisk: pick(random, risks),
      devicePlatform: pick(random, [...DEVICE_PLATFORMS, "windows", "windows", "unknown"] as const),
      ipAddress: pick(random, ADDRESSES),
      ...(country ? { countryCode: country } : {}),
      ...(device ? { device } : {}),
      ...(random() < 0.03 ? { authenticationFlow: "deviceCodeFlow" } : {}),
    };
  });
}
