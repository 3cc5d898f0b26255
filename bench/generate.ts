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

/** `count` varied policies: users, groups or roles; all apps or one; clients; risk; block or MFA; any state. */
export function generatePolicies(count: number, random = seeded(195)): ConditionalAccessPolicy[] {
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
        applications: { includeApplications: random() < 0.6 ? ["All"] : [pick(random, [...APPS, "Office365", "MicrosoftAdminPortals"])], excludeApplications: [], includeUserActions: [] },
        clientAppTypes: legacyBlock ? ["exchangeActiveSync", "other"] : ["all"],
        signInRiskLevels: random() < 0.15 ? ["high", "medium"] : [],
        userRiskLevels: random() < 0.1 ? ["high"] : [],
      },
      grantControls: legacyBlock ? { operator: "OR", builtInControls: ["block"] } : { operator: "OR", builtInControls: ["mfa"] },
    };
    return policy;
  });
}

/** `count` varied sign-ins. */
export function generateSignIns(count: number, random = seeded(100_000)): SignIn[] {
  const risks = ["none", "none", "none", "low", "medium", "high"] as const;
  return Array.from({ length: count }, () => ({
    userId: pick(random, USERS),
    groupIds: [pick(random, GROUPS), pick(random, GROUPS)],
    roleIds: random() < 0.1 ? [pick(random, PRIVILEGED_ROLE_IDS)] : [],
    userType: random() < 0.15 ? "guest" : "member",
    applicationId: pick(random, APPS),
    clientAppType: pick(random, ["browser", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const),
    signInRisk: pick(random, risks),
    userRisk: pick(random, risks),
  }));
}
