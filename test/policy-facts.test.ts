import { expect } from "chai";
import {
  alwaysRequiresMfa,
  applicationListMatcher,
  asksNothing,
  AZURE_CLI,
  AZURE_PORTAL,
  AZURE_SERVICE_MANAGEMENT_API,
  clientAppTypesOf,
  compileApplicability,
  coversAllClients,
  EXCHANGE_ADMIN_CENTER,
  EXCHANGE_ONLINE,
  factsOf,
  givesAllUsersMfa,
  GraphPolicy,
  guestScopeOf,
  isBlock,
  LEGACY_CLIENT_APP_TYPES,
  locationResolver,
  MODERN_CLIENT_APP_TYPES,
  narrowedByConditions,
  normalisePolicy,
  OFFICE_365_PORTAL,
  parseCidr,
  parseIp,
  requiresMfa,
  SHAREPOINT_ONLINE,
} from "../policies/facts";
import { graphPolicy as graphGetPolicy } from "./fixtures/exportTenant";

/** A policy as Graph returns it from GET (every condition key present, unconfigured ones null), excluding nobody. */
function graphPolicy(change: (p: Record<string, any>) => void = () => undefined): GraphPolicy {
  const p = graphGetPolicy("0b9a1c2d-0000-4000-8000-000000000001", "graph policy", "enabled");
  p.conditions.users.excludeUsers = [];
  change(p);
  return p;
}

describe("policy facts (policies/facts)", () => {
  describe("normalising Graph's shapes", () => {
    it("reads a session-only policy (grantControls null) as applying and asking nothing", () => {
      const p = graphPolicy((x) => {
        x.grantControls = null;
        x.sessionControls = { signInFrequency: { isEnabled: true, value: 4, type: "hours" } };
      });
      expect(factsOf(p).grant).to.equal(undefined);
      expect(asksNothing(p)).to.equal(true);
      expect(requiresMfa(p)).to.equal(false);
      expect(isBlock(p)).to.equal(false);
      expect(factsOf(p).hasSessionControls).to.equal(true);
    });

    it("reads missing keys and null lists as empty, and a missing conditions object as unconfigured", () => {
      const n = normalisePolicy({ displayName: "sparse", state: "enabled" });
      expect(n.users.includeUsers).to.deep.equal([]);
      expect([...n.clientAppTypes]).to.have.members(["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"]);
      expect(n.platforms).to.equal(undefined);
      expect(n.locations).to.equal(undefined);
      expect(n.grant).to.equal(undefined);
    });

    it("reads an unknown state as disabled, and lower-cases ids but keeps special values", () => {
      const n = normalisePolicy(
        graphPolicy((x) => {
          x.state = "weird";
          x.conditions.users.includeUsers = ["ALL"];
          x.conditions.users.excludeUsers = ["AbC-1", "guestsorexternalusers"];
        }),
      );
      expect(n.state).to.equal("disabled");
      expect(n.users.includeUsers).to.deep.equal(["All"]);
      expect(n.users.excludeUsers).to.deep.equal(["abc-1", "GuestsOrExternalUsers"]);
    });

    it("parses guest types from a comma-separated string and external tenants all or enumerated", () => {
      const all = guestScopeOf({ guestOrExternalUserTypes: "internalGuest, b2bCollaborationGuest", externalTenants: { membershipKind: "all" } });
      expect([...all!.types]).to.deep.equal(["internalGuest", "b2bCollaborationGuest"]);
      expect(all!.tenants).to.equal("all");
      const some = guestScopeOf({ guestOrExternalUserTypes: "serviceProvider", externalTenants: { membershipKind: "enumerated", members: ["TENANT-A"] } });
      expect([...(some!.tenants as Set<string>)]).to.deep.equal(["tenant-a"]);
      expect(guestScopeOf({ guestOrExternalUserTypes: "none" })).to.equal(undefined);
      expect(guestScopeOf(null)).to.equal(undefined);
    });

    it("reads the conditions this release added as the one field declaration does: case, `none`, annotations, blank rules", () => {
      const n = normalisePolicy(
        graphPolicy((x) => {
          x.conditions.insiderRiskLevels = "Elevated,none";
          x.conditions.authenticationFlows = { "@odata.type": "#microsoft.graph.conditionalAccessAuthenticationFlows", transferMethods: "DeviceCodeFlow" };
          x.conditions.devices = { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' } };
          x.conditions.applications.applicationFilter = { mode: "include", rule: "  " };
          x.conditions.applications.includeAuthenticationContextClassReferences = null;
          x.conditions.users.excludeGuestsOrExternalUsers = {
            "@odata.type": "#microsoft.graph.conditionalAccessGuestsOrExternalUsers",
            guestOrExternalUserTypes: "ServiceProvider",
            externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: ["T-1"] },
          };
          x.conditions.clientApplications = { includeServicePrincipals: [], servicePrincipalFilter: { mode: "include", rule: "" } };
        }),
      );
      expect(n.insiderRiskLevels).to.deep.equal(["elevated"]);
      expect(n.authenticationFlows).to.deep.equal(["deviceCodeFlow"]);
      expect(n.deviceFilter).to.deep.equal({ mode: "exclude", rule: 'device.trustType -eq "ServerAD"' });
      expect(n.applications.hasApplicationFilter, "a blank rule filters nothing").to.equal(false);
      expect(n.applications.includeAuthenticationContextClassReferences).to.deep.equal([]);
      expect([...n.users.excludeGuestsOrExternalUsers!.types]).to.deep.equal(["serviceProvider"]);
      expect([...(n.users.excludeGuestsOrExternalUsers!.tenants as Set<string>)]).to.deep.equal(["t-1"]);
      expect(n.workloadIdentities, "no service principal and a blank filter: a policy for users").to.equal(false);
      const applies = compileApplicability(n).conditions;
      expect(applies.insiderRisk("elevated")).to.equal(true);
      expect(applies.authenticationFlow("deviceCodeFlow")).to.equal(true);
    });

    it("groups client apps: all and an empty list are every client, easSupported is Exchange ActiveSync", () => {
      expect(clientAppTypesOf([]).size).to.equal(4);
      expect(clientAppTypesOf(null).size).to.equal(4);
      expect([...clientAppTypesOf(["easSupported", "other"])]).to.deep.equal(["exchangeActiveSync", "other"]);
      expect([...MODERN_CLIENT_APP_TYPES, ...LEGACY_CLIENT_APP_TYPES]).to.have.length(4);
    });
  });

  describe("requires MFA, strictly", () => {
    const withGrant = (g: unknown) => graphPolicy((x) => (x.grantControls = g));
    it("counts MFA alone, an authentication strength, and MFA AND a device control as requiring MFA", () => {
      expect(requiresMfa(withGrant({ operator: "OR", builtInControls: ["mfa"] }))).to.equal(true);
      expect(requiresMfa(withGrant({ operator: "OR", builtInControls: [], authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" } }))).to.equal(
        true,
      );
      expect(requiresMfa(withGrant({ operator: "AND", builtInControls: ["mfa", "compliantDevice"] }))).to.equal(true);
    });

    it("does not count MFA OR a compliant device, MFA OR terms of use, or a block", () => {
      expect(requiresMfa(withGrant({ operator: "OR", builtInControls: ["mfa", "compliantDevice"] }))).to.equal(false);
      expect(requiresMfa(withGrant({ operator: "OR", builtInControls: ["mfa"], termsOfUse: ["tou-1"] }))).to.equal(false);
      expect(requiresMfa(withGrant({ operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: ["duo"] }))).to.equal(false);
      expect(requiresMfa(withGrant({ operator: "OR", builtInControls: ["block"] }))).to.equal(false);
    });

    it("reads a grant without an operator as AND (Graph's default), and a password change as needing MFA first", () => {
      expect(factsOf(withGrant({ builtInControls: ["mfa", "compliantDevice"] })).grant!.operator).to.equal("AND");
      expect(requiresMfa(withGrant({ operator: null, builtInControls: ["mfa", "compliantDevice"] }))).to.equal(true);
      expect(requiresMfa(withGrant({ operator: "AND", builtInControls: ["passwordChange"] }))).to.equal(true);
      expect(requiresMfa(withGrant({ operator: "OR", builtInControls: ["passwordChange", "compliantDevice"] }))).to.equal(false);
    });

    it("keeps terms of use and custom controls as requirements", () => {
      const g = factsOf(withGrant({ operator: "AND", builtInControls: [], termsOfUse: ["TOU-1"], customAuthenticationFactors: ["duo"] })).grant!;
      expect(g.controls).to.deep.equal([
        { kind: "termsOfUse", id: "tou-1" },
        { kind: "customControl", id: "duo" },
      ]);
    });

    it("gives all users MFA only without guest exclusions, app exclusions, narrowing conditions or weaker alternatives", () => {
      expect(givesAllUsersMfa(graphPolicy())).to.equal(true);
      expect(givesAllUsersMfa(graphPolicy((x) => (x.conditions.users.excludeUsers = ["GuestsOrExternalUsers"])))).to.equal(false);
      const guestTypes = { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "all" } };
      expect(givesAllUsersMfa(graphPolicy((x) => (x.conditions.users.excludeGuestsOrExternalUsers = guestTypes)))).to.equal(false);
      expect(givesAllUsersMfa(graphPolicy((x) => (x.conditions.applications.excludeApplications = [EXCHANGE_ONLINE])))).to.equal(false);
      expect(givesAllUsersMfa(graphPolicy((x) => (x.conditions.locations = { includeLocations: ["All"], excludeLocations: ["AllTrusted"] })))).to.equal(false);
      expect(givesAllUsersMfa(graphPolicy((x) => (x.grantControls.builtInControls = ["mfa", "compliantDevice"])))).to.equal(false);
      expect(givesAllUsersMfa(graphPolicy((x) => (x.state = "enabledForReportingButNotEnforced")))).to.equal(false);
    });

    it("does not narrow on a platforms condition of all platforms or a locations condition of all locations", () => {
      const p = graphPolicy((x) => {
        x.conditions.platforms = { includePlatforms: ["all"], excludePlatforms: [] };
        x.conditions.locations = { includeLocations: ["All"], excludeLocations: [] };
      });
      expect(narrowedByConditions(p)).to.equal(false);
      expect(alwaysRequiresMfa(p)).to.equal(true);
      expect(coversAllClients(graphPolicy((x) => (x.conditions.clientAppTypes = ["browser"])))).to.equal(false);
    });
  });

  describe("application groups by Microsoft's published membership", () => {
    it("covers Exchange Online, SharePoint and the Microsoft 365 admin center with Office365", () => {
      const o365 = applicationListMatcher(["Office365"]);
      for (const app of [EXCHANGE_ONLINE, SHAREPOINT_ONLINE, OFFICE_365_PORTAL]) expect(o365(app)).to.equal(true, app);
      expect(o365(AZURE_PORTAL)).to.equal(false);
    });

    it("covers the four admin portal app ids with MicrosoftAdminPortals", () => {
      const portals = applicationListMatcher(["MicrosoftAdminPortals"]);
      for (const app of [EXCHANGE_ADMIN_CENTER, AZURE_PORTAL, OFFICE_365_PORTAL, "80ccca67-54bd-44ab-8625-4b79c4dc7775"])
        expect(portals(app)).to.equal(true, app);
      expect(portals(EXCHANGE_ONLINE)).to.equal(false);
    });

    it("extends Windows Azure Service Management API to the Azure portal, CLI and PowerShell, whatever the letter case", () => {
      const azure = applicationListMatcher([AZURE_SERVICE_MANAGEMENT_API.toUpperCase()]);
      for (const app of [AZURE_SERVICE_MANAGEMENT_API, AZURE_PORTAL, AZURE_CLI.toUpperCase()]) expect(azure(app)).to.equal(true, app);
      expect(azure(EXCHANGE_ONLINE)).to.equal(false);
      expect(applicationListMatcher(["None"])(EXCHANGE_ONLINE)).to.equal(false);
      expect(applicationListMatcher(["all"])(EXCHANGE_ONLINE)).to.equal(true);
    });
  });

  describe("named locations", () => {
    it("parses IPv4, IPv6 (compressed, embedded IPv4) and rejects malformed addresses", () => {
      expect(parseIp("10.1.2.3")).to.deep.equal({ v6: false, value: 0x0a010203n });
      expect(parseIp("2001:db8::1")!.value).to.equal(0x20010db8000000000000000000000001n);
      expect(parseIp("::ffff:1.2.3.4")!.value).to.equal(0xffff01020304n);
      for (const bad of ["10.1.2.256", "1.2.3", "2001:db8::1::2", "zz::1", "1:2:3:4:5:6:7", "", "1.2.3.4.5"]) expect(parseIp(bad)).to.equal(undefined, bad);
      expect(parseCidr("10.0.0.0/33")).to.equal(undefined);
      expect(parseCidr("10.0.0.0/8/1")).to.equal(undefined);
      expect(parseCidr("10.0.0.1")!.mask).to.equal(0xffffffffn);
    });

    it("places a sign-in by IP range (trusted or not) and by country, unknown countries only when the location includes them", () => {
      const locate = locationResolver([
        {
          id: "Office",
          "@odata.type": "#microsoft.graph.ipNamedLocation",
          isTrusted: true,
          ipRanges: [{ cidrAddress: "203.0.113.0/24" }, { cidrAddress: "2001:db8::/32" }],
        },
        { id: "nl", "@odata.type": "#microsoft.graph.countryNamedLocation", countriesAndRegions: ["NL"], includeUnknownCountriesAndRegions: true },
        { id: "de", "@odata.type": "#microsoft.graph.countryNamedLocation", countriesAndRegions: ["DE"], includeUnknownCountriesAndRegions: false },
      ]);
      expect([...locate("203.0.113.9", "DE").ids]).to.deep.equal(["office", "de"]);
      expect(locate("203.0.113.9", "DE").trusted).to.equal(true);
      expect(locate("2001:db8:1::5").trusted).to.equal(true);
      expect([...locate("198.51.100.1").ids]).to.deep.equal(["nl"]);
      expect([...locate(undefined, "nl").ids]).to.deep.equal(["nl"]);
      expect(locate("198.51.100.1", "FR").ids.size).to.equal(0);
    });
  });

  describe("whom a policy applies to", () => {
    const who = (change: Record<string, unknown> = {}) => ({ userId: "u", groupIds: [], roleIds: [], userType: "member" as const, ...change });
    it("scopes guest types to their tenants, never a local guest", () => {
      const p = graphPolicy((x) => {
        x.conditions.users.includeUsers = [];
        x.conditions.users.includeGuestsOrExternalUsers = {
          guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest",
          externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: ["t-1"] },
        };
      });
      const applies = compileApplicability(factsOf(p)).appliesToUser;
      expect(applies(who({ userType: "guest", guestOrExternalUserType: "b2bCollaborationGuest", homeTenantId: "t-1" }))).to.equal(true);
      expect(applies(who({ userType: "guest", guestOrExternalUserType: "b2bCollaborationGuest", homeTenantId: "t-2" }))).to.equal(false);
      expect(applies(who({ userType: "guest", guestOrExternalUserType: "b2bCollaborationGuest" }))).to.equal(false);
      expect(applies(who({ userType: "guest", guestOrExternalUserType: "internalGuest" }))).to.equal(true);
      expect(applies(who({ guestOrExternalUserType: "b2bDirectConnectUser", homeTenantId: "t-1" }))).to.equal(false);
      expect(applies(who())).to.equal(false);
    });

    it("never applies a workload identity policy to a user", () => {
      const p = graphPolicy((x) => (x.conditions.clientApplications = { includeServicePrincipals: ["sp-1"] }));
      const c = compileApplicability(factsOf(p));
      expect(narrowedByConditions(p)).to.equal(true);
      const context = {
        clientAppType: "browser" as const,
        applicationId: EXCHANGE_ONLINE,
        signInRisk: "none",
        userRisk: "none",
        platform: "windows",
        location: { key: "", ids: new Set<string>(), trusted: false },
      };
      expect(c.appliesToContext(context)).to.equal(false);
    });
  });
});
