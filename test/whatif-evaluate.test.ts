import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { KNOWN_APPS } from "../whatif/applications";
import { generatePolicies, generateSignIns } from "../bench/generate";
import { evaluate, evaluateOneByOne, evaluator, requiresMfa, satisfiableByMfa } from "../whatif/evaluate";
import { securityDefaultsEvaluation } from "../whatif/securityDefaults";
import { signIn } from "./fixtures/signIns";
import { oracle } from "./oracle/caOracle";
import { policyForEveryone } from "./support/policies";

/** A minimal enabled policy: all users, all apps, all clients, MFA. Cases change one thing. */
function policy(name: string, change: (p: ConditionalAccessPolicy) => ConditionalAccessPolicy = (p) => p): ConditionalAccessPolicy {
  return change(policyForEveryone(name));
}
const users = (u: Partial<ConditionalAccessPolicy["conditions"]["users"]>) => (p: ConditionalAccessPolicy) => ({
  ...p,
  conditions: { ...p.conditions, users: { ...p.conditions.users, ...u } },
});
const apps = (a: Partial<ConditionalAccessPolicy["conditions"]["applications"]>) => (p: ConditionalAccessPolicy) => ({
  ...p,
  conditions: { ...p.conditions, applications: { ...p.conditions.applications, ...a } },
});
const grant = (g: ConditionalAccessPolicy["grantControls"]) => (p: ConditionalAccessPolicy) => ({ ...p, grantControls: g });
const conditions = (c: Partial<ConditionalAccessPolicy["conditions"]>) => (p: ConditionalAccessPolicy) => ({ ...p, conditions: { ...p.conditions, ...c } });
const BLOCK = grant({ operator: "OR", builtInControls: ["block"] });

describe("what-if evaluator", () => {
  describe("who is covered", () => {
    it("applies an all-users policy to a member and a guest", () => {
      expect(evaluate([policy("mfa")], signIn()).applied).to.deep.equal(["mfa"]);
      expect(evaluate([policy("mfa")], signIn({ userType: "guest" })).applied).to.deep.equal(["mfa"]);
    });

    it("lets an excluded user beat the All inclusion", () => {
      expect(evaluate([policy("mfa", users({ excludeUsers: ["alex"] }))], signIn()).outcome).to.deep.equal({ kind: "allowed" });
    });

    it("lets an excluded group beat an included role", () => {
      const p = policy("admins", users({ includeUsers: [], includeRoles: ["role-1"], excludeGroups: ["bg"] }));
      expect(evaluate([p], signIn({ roleIds: ["role-1"], groupIds: ["bg"] })).applied).to.deep.equal([]);
      expect(evaluate([p], signIn({ roleIds: ["role-1"] })).applied).to.deep.equal(["admins"]);
    });

    it("matches GuestsOrExternalUsers to guests only, in inclusion and exclusion", () => {
      const guestsOnly = policy("guests", users({ includeUsers: ["GuestsOrExternalUsers"] }));
      expect(evaluate([guestsOnly], signIn()).applied).to.deep.equal([]);
      expect(evaluate([guestsOnly], signIn({ userType: "guest" })).applied).to.deep.equal(["guests"]);
      expect(evaluate([policy("no guests", users({ excludeUsers: ["GuestsOrExternalUsers"] }))], signIn({ userType: "guest" })).applied).to.deep.equal([]);
    });

    it("includes a user named by object id, and by role or group", () => {
      expect(evaluate([policy("named", users({ includeUsers: ["alex"] }))], signIn()).applied).to.deep.equal(["named"]);
      expect(evaluate([policy("named", users({ includeUsers: ["alex"] }))], signIn({ userId: "sam" })).applied).to.deep.equal([]);
      expect(evaluate([policy("group", users({ includeUsers: [], includeGroups: ["g"] }))], signIn({ groupIds: ["x", "g"] })).applied).to.deep.equal(["group"]);
    });

    it("lets an excluded role beat an included group", () => {
      const p = policy("pilot", users({ includeUsers: [], includeGroups: ["pilot"], excludeRoles: ["sync-role"] }));
      expect(evaluate([p], signIn({ groupIds: ["pilot"], roleIds: ["sync-role"] })).applied).to.deep.equal([]);
    });

    it("applies a None policy to nobody", () => {
      expect(evaluate([policy("none", users({ includeUsers: ["None"] }))], signIn()).applied).to.deep.equal([]);
    });
  });

  describe("which apps and clients", () => {
    it("matches Office365 to Exchange Online, not to a line-of-business app", () => {
      const p = policy("o365", apps({ includeApplications: ["Office365"] }));
      expect(evaluate([p], signIn({ applicationId: KNOWN_APPS.exchangeOnline })).applied).to.deep.equal(["o365"]);
      expect(evaluate([p], signIn()).applied).to.deep.equal([]);
    });

    it("matches MicrosoftAdminPortals to the admin center", () => {
      const p = policy("portals", apps({ includeApplications: ["MicrosoftAdminPortals"] }));
      expect(evaluate([p], signIn({ applicationId: KNOWN_APPS.adminCenter })).applied).to.deep.equal(["portals"]);
    });

    it("applies an app None policy to no app", () => {
      expect(evaluate([policy("none", apps({ includeApplications: ["None"] }))], signIn({ applicationId: KNOWN_APPS.exchangeOnline })).applied).to.deep.equal(
        [],
      );
    });

    it("lets an excluded Office365 suite beat All", () => {
      const p = policy("not o365", apps({ excludeApplications: ["Office365"] }));
      expect(evaluate([p], signIn({ applicationId: KNOWN_APPS.exchangeOnline })).applied).to.deep.equal([]);
      expect(evaluate([p], signIn()).applied).to.deep.equal(["not o365"]);
    });

    it("lets an excluded app beat All", () => {
      expect(
        evaluate([policy("p", apps({ excludeApplications: [KNOWN_APPS.azureManagement] }))], signIn({ applicationId: KNOWN_APPS.azureManagement })).applied,
      ).to.deep.equal([]);
    });

    it("never applies a user-action policy to an app sign-in", () => {
      expect(
        evaluate([policy("register", apps({ includeApplications: [], includeUserActions: ["urn:user:registersecurityinfo"] }))], signIn()).applied,
      ).to.deep.equal([]);
    });

    it("applies a legacy-client policy to Exchange ActiveSync and other clients only", () => {
      const legacy = policy("legacy", conditions({ clientAppTypes: ["exchangeActiveSync", "other"] }));
      expect(evaluate([legacy], signIn({ clientAppType: "exchangeActiveSync" })).applied).to.deep.equal(["legacy"]);
      expect(evaluate([legacy], signIn({ clientAppType: "browser" })).applied).to.deep.equal([]);
    });

    it("reads an empty client app list as every client, as Graph does for an unconfigured condition", () => {
      expect(evaluate([policy("any client", conditions({ clientAppTypes: [] }))], signIn({ clientAppType: "other" })).applied).to.deep.equal(["any client"]);
    });

    it("reads easSupported as Exchange ActiveSync on the supported platforms (iOS, Android, Windows), exchangeActiveSync on any", () => {
      const eas = policy("eas", conditions({ clientAppTypes: ["easSupported"] }));
      for (const devicePlatform of ["iOS", "android", "windows"] as const) {
        expect(evaluate([eas], signIn({ clientAppType: "exchangeActiveSync", devicePlatform })).applied).to.deep.equal(["eas"]);
      }
      for (const devicePlatform of ["macOS", "linux", "windowsPhone", "unknown", undefined] as const) {
        expect(evaluate([eas], signIn({ clientAppType: "exchangeActiveSync", devicePlatform })).applied, String(devicePlatform)).to.deep.equal([]);
      }
      expect(evaluate([eas], signIn({ clientAppType: "other", devicePlatform: "iOS" })).applied).to.deep.equal([]);
      const any = policy("any", conditions({ clientAppTypes: ["exchangeActiveSync", "easSupported"] }));
      expect(evaluate([any], signIn({ clientAppType: "exchangeActiveSync", devicePlatform: "macOS" })).applied).to.deep.equal(["any"]);
    });
  });

  describe("risk", () => {
    const risky = policy("risky", conditions({ signInRiskLevels: ["high", "medium"] }));
    it("applies a sign-in risk policy at the listed levels only", () => {
      expect(evaluate([risky], signIn({ signInRisk: "medium" })).applied).to.deep.equal(["risky"]);
      expect(evaluate([risky], signIn({ signInRisk: "low" })).applied).to.deep.equal([]);
      expect(evaluate([risky], signIn({ signInRisk: "none" })).applied).to.deep.equal([]);
    });

    it("applies a policy with no risk levels at any risk", () => {
      for (const level of ["none", "low", "medium", "high"] as const) {
        expect(evaluate([policy("any")], signIn({ signInRisk: level, userRisk: level })).applied).to.deep.equal(["any"]);
      }
    });

    it("applies a policy with both risk conditions only when both match", () => {
      const both = policy("both", conditions({ signInRiskLevels: ["high"], userRiskLevels: ["high"] }));
      expect(evaluate([both], signIn({ signInRisk: "high", userRisk: "high" })).applied).to.deep.equal(["both"]);
      expect(evaluate([both], signIn({ signInRisk: "high", userRisk: "low" })).applied).to.deep.equal([]);
    });

    it("applies a user risk policy at the listed levels only", () => {
      const p = policy("user risk", conditions({ userRiskLevels: ["high"] }));
      expect(evaluate([p], signIn({ userRisk: "high" })).applied).to.deep.equal(["user risk"]);
      expect(evaluate([p], signIn({ userRisk: "medium", signInRisk: "high" })).applied).to.deep.equal([]);
    });
  });

  describe("outcome", () => {
    it("lets a block win over every grant", () => {
      const outcome = evaluate([policy("mfa"), policy("block", BLOCK)], signIn()).outcome;
      expect(outcome).to.deep.equal({ kind: "blocked", by: ["block"] });
    });

    it("names every blocking policy, and still lists the others that applied", () => {
      const evaluation = evaluate([policy("block a", BLOCK), policy("mfa"), policy("block b", BLOCK)], signIn());
      expect(evaluation.outcome).to.deep.equal({ kind: "blocked", by: ["block a", "block b"] });
      expect(evaluation.applied).to.deep.equal(["block a", "mfa", "block b"]);
    });

    it("lets an excluded user escape a block that applies to everyone else", () => {
      const p = policy("block", (q) => users({ excludeUsers: ["alex"] })(BLOCK(q)));
      expect(evaluate([p], signIn()).outcome).to.deep.equal({ kind: "allowed" });
      expect(evaluate([p], signIn({ userId: "sam" })).outcome.kind).to.equal("blocked");
    });

    it("does not let a report-only block win over an enabled MFA policy", () => {
      const staged = policy("staged block", (p) => ({ ...BLOCK(p), state: "enabledForReportingButNotEnforced" }));
      const evaluation = evaluate([staged, policy("mfa")], signIn());
      expect(evaluation.outcome.kind).to.equal("challenge");
      expect(evaluation.reportOnly).to.deep.equal(["staged block"]);
    });

    it("requires every applicable enabled policy (AND across policies)", () => {
      const outcome = evaluate([policy("mfa"), policy("password", grant({ operator: "AND", builtInControls: ["mfa", "passwordChange"] }))], signIn()).outcome;
      expect(outcome.kind === "challenge" && outcome.requirements.map((r) => r.policy)).to.deep.equal(["mfa", "password"]);
    });

    it("keeps a policy's own AND / OR", () => {
      const compliant = { devicePlatform: "windows" as const, device: { trustType: "AzureAD", isCompliant: true, isManaged: true } };
      const either = evaluate([policy("either", grant({ operator: "OR", builtInControls: ["mfa", "compliantDevice"] }))], signIn(compliant));
      expect(either.outcome.kind === "challenge" && either.outcome.requirements[0].operator).to.equal("OR");
      expect(requiresMfa(either)).to.equal(false, "MFA OR a compliant device does not guarantee MFA");
      const both = evaluate([policy("both", grant({ operator: "AND", builtInControls: ["mfa", "compliantDevice"] }))], signIn(compliant));
      expect(requiresMfa(both)).to.equal(true);
      expect(both.outcome.kind === "challenge" && satisfiableByMfa(both.outcome.requirements)).to.equal(false, "a compliant device is not MFA");
    });

    it("asks for an authentication strength as MFA", () => {
      const strong = evaluate(
        [policy("strong", grant({ operator: "AND", builtInControls: [], authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" } }))],
        signIn(),
      );
      expect(requiresMfa(strong)).to.equal(true);
      expect(strong.outcome.kind === "challenge" && satisfiableByMfa(strong.outcome.requirements)).to.equal(true);
    });

    it("never enforces a report-only policy, but lists it", () => {
      const evaluation = evaluate([policy("staged", (p) => ({ ...BLOCK(p), state: "enabledForReportingButNotEnforced" }))], signIn());
      expect(evaluation).to.deep.equal({ applied: [], reportOnly: ["staged"], asks: { kind: "allowed" }, outcome: { kind: "allowed" } });
    });

    it("ignores a disabled policy entirely", () => {
      expect(evaluate([policy("off", (p) => ({ ...BLOCK(p), state: "disabled" }))], signIn())).to.deep.equal({
        applied: [],
        reportOnly: [],
        asks: { kind: "allowed" },
        outcome: { kind: "allowed" },
      });
    });

    it("asks nothing of a policy with session controls only", () => {
      const session = policy("frequency", grant({ operator: "OR", builtInControls: [] }));
      expect(evaluate([session], signIn())).to.deep.equal({ applied: ["frequency"], reportOnly: [], asks: { kind: "allowed" }, outcome: { kind: "allowed" } });
    });

    it("allows a sign-in no policy applies to", () => {
      expect(evaluate([], signIn()).outcome).to.deep.equal({ kind: "allowed" });
    });
  });

  describe("compiled once for many sign-ins", () => {
    it("caches per context without mixing contexts: a varied stream answers as the documentation oracle, one by one too", () => {
      const policies = generatePolicies(60);
      const many = evaluator(policies, { mfaTrustedIps: { ipRanges: [] } });
      for (const s of generateSignIns(2000)) {
        const expected = oracle(policies, s as never, [], { mfaTrustedIps: { ipRanges: [] } });
        const got = many(s);
        expect([got.outcome.kind, [...got.applied], [...got.reportOnly]]).to.deep.equal([expected.kind, expected.applied, expected.reportOnly]);
        expect(evaluateOneByOne(policies, s, { mfaTrustedIps: { ipRanges: [] } })).to.deep.equal(got);
      }
    });
  });

  describe("Microsoft's documented rules, one example each", () => {
    const session = grant(null as never);
    it("applies a session-only policy (grantControls null) and asks nothing, even when other policies apply", () => {
      expect(evaluate([policy("frequency", session)], signIn())).to.deep.equal({
        applied: ["frequency"],
        reportOnly: [],
        asks: { kind: "allowed" },
        outcome: { kind: "allowed" },
      });
      const outcome = evaluate([policy("frequency", session), policy("mfa")], signIn()).outcome;
      expect(outcome.kind === "challenge" && outcome.requirements.map((r) => r.policy)).to.deep.equal(["mfa"]);
    });

    it("blocks a legacy client under a policy that asks for MFA: legacy authentication cannot satisfy it", () => {
      const outcome = evaluate([policy("mfa")], signIn({ clientAppType: "exchangeActiveSync" })).outcome;
      expect(outcome).to.deep.include({ kind: "blocked", by: ["mfa"] });
      expect(outcome.kind === "blocked" && outcome.because).to.match(/legacy authentication/);
      expect(
        evaluate([policy("device", grant({ operator: "OR", builtInControls: ["compliantDevice"] }))], signIn({ clientAppType: "other" })).outcome.kind,
      ).to.equal("blocked");
      expect(evaluate([policy("frequency", session)], signIn({ clientAppType: "other" })).outcome.kind).to.equal("allowed");
    });

    it("covers the Azure portal, Azure CLI and PowerShell with a policy on Windows Azure Service Management API", () => {
      const p = policy("azure", apps({ includeApplications: [KNOWN_APPS.azureManagement] }));
      for (const app of [
        KNOWN_APPS.azureManagement,
        "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        "1950a258-227b-4e31-a9cf-717495945fc2",
      ]) {
        expect(evaluate([p], signIn({ applicationId: app })).applied).to.deep.equal(["azure"], app);
      }
      expect(evaluate([p], signIn({ applicationId: KNOWN_APPS.exchangeOnline })).applied).to.deep.equal([]);
    });

    it("matches guest types with their tenants: local guests always, others from the named tenants only", () => {
      const p = policy(
        "partners",
        users({
          includeUsers: [],
          includeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: "internalGuest,serviceProvider",
            externalTenants: { membershipKind: "enumerated", members: ["csp"] },
          },
        } as never),
      );
      expect(evaluate([p], signIn({ userType: "guest", guestOrExternalUserType: "serviceProvider", homeTenantId: "CSP" })).applied).to.deep.equal(["partners"]);
      expect(evaluate([p], signIn({ userType: "guest", guestOrExternalUserType: "serviceProvider", homeTenantId: "other" })).applied).to.deep.equal([]);
      expect(evaluate([p], signIn({ userType: "guest", guestOrExternalUserType: "internalGuest" })).applied).to.deep.equal(["partners"]);
      expect(evaluate([p], signIn({ userType: "guest" })).applied).to.deep.equal([], "a plain guest is a B2B collaboration guest");
    });

    it("keeps all users' MFA from guests it excludes by type, and applies All users to every guest type otherwise", () => {
      const scope = { guestOrExternalUserTypes: "b2bCollaborationGuest,b2bDirectConnectUser", externalTenants: { membershipKind: "all" } };
      const p = policy("mfa", users({ excludeGuestsOrExternalUsers: scope } as never));
      expect(evaluate([p], signIn({ userType: "guest" })).applied).to.deep.equal([]);
      expect(evaluate([p], signIn({ userType: "guest", guestOrExternalUserType: "otherExternalUser", homeTenantId: "t" })).applied).to.deep.equal(["mfa"]);
      expect(evaluate([policy("all")], signIn({ guestOrExternalUserType: "b2bDirectConnectUser", homeTenantId: "t" })).applied).to.deep.equal(["all"]);
    });

    it("matches device platforms: an unknown platform only through all, an excluded platform never", () => {
      const unknownOnly = policy(
        "unknown",
        conditions({ platforms: { includePlatforms: ["all"], excludePlatforms: ["android", "iOS", "windows", "macOS", "linux"] } } as never),
      );
      expect(evaluate([unknownOnly], signIn({ devicePlatform: "windows" })).applied).to.deep.equal([]);
      expect(evaluate([unknownOnly], signIn({ devicePlatform: "unknown" })).applied).to.deep.equal(["unknown"]);
      expect(evaluate([unknownOnly], signIn()).applied).to.deep.equal(["unknown"], "no platform given: Entra could not identify it");
      const ios = policy("ios", conditions({ platforms: { includePlatforms: ["iOS"], excludePlatforms: [] } } as never));
      expect(evaluate([ios], signIn({ devicePlatform: "iOS" })).applied).to.deep.equal(["ios"]);
      expect(evaluate([ios], signIn({ devicePlatform: "unknown" })).applied).to.deep.equal([]);
    });

    it("matches locations by IP range and country: All, AllTrusted, named ones, unknown countries when included", () => {
      const namedLocations = [
        { id: "hq", "@odata.type": "#microsoft.graph.ipNamedLocation", isTrusted: true, ipRanges: [{ cidrAddress: "203.0.113.0/24" }] },
        {
          id: "blocked-countries",
          "@odata.type": "#microsoft.graph.countryNamedLocation",
          countriesAndRegions: ["KP"],
          includeUnknownCountriesAndRegions: true,
        },
      ];
      const outsideTrusted = policy("mfa outside", conditions({ locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } as never));
      expect(evaluate([outsideTrusted], signIn({ ipAddress: "203.0.113.4" }), { namedLocations }).applied).to.deep.equal([]);
      expect(evaluate([outsideTrusted], signIn({ ipAddress: "198.51.100.4" }), { namedLocations }).applied).to.deep.equal(["mfa outside"]);
      const countries = policy("block countries", (q) =>
        conditions({ locations: { includeLocations: ["blocked-countries"], excludeLocations: [] } } as never)(BLOCK(q)),
      );
      expect(evaluate([countries], signIn({ countryCode: "KP" }), { namedLocations }).outcome.kind).to.equal("blocked");
      expect(evaluate([countries], signIn({ countryCode: "NL" }), { namedLocations }).outcome.kind).to.equal("allowed");
      expect(evaluate([countries], signIn({ ipAddress: "198.51.100.4" }), { namedLocations }).outcome.kind).to.equal(
        "blocked",
        "an unknown country is in a location that includes unknown countries",
      );
    });

    it("states a named location it was not given as a simplification, and matches nothing there", () => {
      const p = policy("somewhere", conditions({ locations: { includeLocations: ["not-supplied"], excludeLocations: [] } } as never));
      const evaluation = evaluate([p, policy("mfa")], signIn());
      expect(evaluation.applied).to.deep.equal(["mfa"]);
      const everywhereBut = policy("everywhere but", conditions({ locations: { includeLocations: ["All"], excludeLocations: ["not-supplied"] } } as never));
      expect(evaluate([everywhereBut], signIn()).applied).to.deep.equal([], "left out: where the sign-in is cannot be told");
    });

    it("keeps terms of use and custom controls as requirements that are never assumed met, and says so", () => {
      const tou = evaluate([policy("tou", grant({ operator: "AND", builtInControls: ["mfa"], termsOfUse: ["terms"] } as never))], signIn());
      expect(tou.outcome.kind === "challenge" && tou.outcome.requirements[0].controls).to.deep.equal([{ kind: "mfa" }, { kind: "termsOfUse", id: "terms" }]);
      expect(requiresMfa(tou)).to.equal(true);
      expect(tou.outcome.kind === "challenge" && satisfiableByMfa(tou.outcome.requirements)).to.equal(false);
      expect(tou.simplifications![0]).to.match(/terms of use and custom controls/);
      const either = evaluate([policy("either", grant({ operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: ["duo"] } as never))], signIn());
      expect(requiresMfa(either)).to.equal(false, "a custom control is a way through without MFA");
    });

    it("never applies a policy on authentication contexts or workload identities to a user's app sign-in", () => {
      expect(
        evaluate([policy("ctx", apps({ includeApplications: [], includeAuthenticationContextClassReferences: ["c1"] } as never))], signIn()).applied,
      ).to.deep.equal([]);
      expect(evaluate([policy("sp", conditions({ clientApplications: { includeServicePrincipals: ["sp-1"] } } as never))], signIn()).applied).to.deep.equal([]);
    });

    it("evaluates a device filter against the sign-in's device; one it cannot read counts as applying, and says so", () => {
      const filtered = policy("filtered", conditions({ devices: { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' } } } as never));
      expect(evaluate([filtered], signIn()).applied).to.deep.equal(["filtered"]);
      expect(evaluate([filtered], signIn({ device: { trustType: "serverad" } })).applied).to.deep.equal([]);
      const unreadable = policy("unreadable", conditions({ devices: { deviceFilter: { mode: "include", rule: "device.colour -eq 'red'" } } } as never));
      const evaluation = evaluate([unreadable], signIn());
      expect(evaluation.applied).to.deep.equal(["unreadable"]);
      expect(evaluation.simplifications![0]).to.match(/device filter rule cannot be read/);
    });

    it("matches insider risk and authentication flows only when the sign-in carries them", () => {
      const insider = policy("insider", conditions({ insiderRiskLevels: "elevated" } as never));
      expect(evaluate([insider], signIn({ insiderRisk: "elevated" })).applied).to.deep.equal(["insider"]);
      expect(evaluate([insider], signIn()).applied).to.deep.equal([]);
      const deviceCode = policy("device code", (q) => conditions({ authenticationFlows: { transferMethods: "deviceCodeFlow" } } as never)(BLOCK(q)));
      expect(evaluate([deviceCode], signIn({ authenticationFlow: "deviceCodeFlow" })).outcome.kind).to.equal("blocked");
      expect(evaluate([deviceCode], signIn()).outcome.kind).to.equal("allowed");
    });

    it("matches ids whatever their letter case", () => {
      const p = policy("named", users({ includeUsers: ["ALEX"], includeGroups: [] }));
      expect(evaluate([p], signIn({ userId: "Alex" })).applied).to.deep.equal(["named"]);
      expect(
        evaluate([policy("o", apps({ includeApplications: [KNOWN_APPS.exchangeOnline.toUpperCase()] }))], signIn({ applicationId: KNOWN_APPS.exchangeOnline }))
          .applied,
      ).to.deep.equal(["o"]);
    });
  });

  describe("Security Defaults model", () => {
    it("blocks legacy clients and asks every modern sign-in for MFA", () => {
      expect(securityDefaultsEvaluation(signIn({ clientAppType: "other" })).outcome.kind).to.equal("blocked");
      expect(requiresMfa(securityDefaultsEvaluation(signIn()))).to.equal(true);
    });
  });
});
