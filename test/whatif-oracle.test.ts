import { expect } from "chai";
import fc from "fast-check";
import { BENCH_NAMED_LOCATIONS, generatePolicies, generateSignIns } from "../bench/generate";
import { evaluate, evaluateOneByOne, evaluator, requiresMfa } from "../whatif/evaluate";
import type { Evaluation, SignIn } from "../whatif/signIn";
import { oracle, OracleAssumptions, OracleLocation, OracleResult } from "./oracle/caOracle";

/**
 * Differential specification: the evaluator against a small oracle written separately from
 * Microsoft's documentation (test/oracle/caOracle.ts), on random Graph-shaped policy sets (nulls,
 * missing keys, every condition) and random sign-ins.
 */

const USERS = ["u-1", "u-2", "U-3"];
const GROUPS = ["g-1", "g-2"];
const ROLES = ["62e90394-69f5-4237-9190-012177145e10", "r-2"];
const TENANTS = ["t-1", "t-2"];
const APPS = [
  "00000002-0000-0ff1-ce00-000000000000",
  "00000006-0000-0ff1-ce00-000000000000",
  "797f4846-ba00-4fd7-ba43-dac1f8f63013",
  "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
  "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  "497effe9-df71-4043-a8bb-14cf78c4b63b",
  "5e1c0f2a-0000-4000-8000-00000000a991",
];
const GUEST_TYPES = ["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"];
const PLATFORMS = ["android", "iOS", "windows", "macOS", "linux", "windowsPhone"];
const NAMED: OracleLocation[] = [
  { id: "loc-office", isTrusted: true, ipRanges: [{ cidrAddress: "203.0.113.0/24" }] },
  { id: "loc-vpn", isTrusted: false, ipRanges: [{ cidrAddress: "192.0.2.0/25" }] },
  { id: "loc-nl", countriesAndRegions: ["NL"], includeUnknownCountriesAndRegions: true },
  { id: "loc-de", countriesAndRegions: ["DE", "AT"], includeUnknownCountriesAndRegions: false },
  { id: "loc-gps", countriesAndRegions: ["FR"], includeUnknownCountriesAndRegions: false, countryLookupMethod: "authenticatorAppGps" },
];
const MFA_TRUSTED_IPS = "00000000-0000-0000-0000-000000000000";
/** The trusted IPs a stack may declare, or not (then every policy naming them is evaluated both ways). */
const mfaTrustedIpsArb = fc.option(fc.record({ ipRanges: fc.constantFrom(["198.51.100.0/30"], [] as string[]), federatedUsersOnIntranet: fc.boolean() }), {
  nil: undefined,
});
const NAMED_GRAPH = NAMED.map((l) => ({
  ...l,
  "@odata.type": l.countriesAndRegions ? "#microsoft.graph.countryNamedLocation" : "#microsoft.graph.ipNamedLocation",
}));

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null));

const guestSelection = fc.record({
  guestOrExternalUserTypes: subset(GUEST_TYPES).map((t) => t.join(",")),
  externalTenants: fc.oneof(
    fc.constant({ "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" }),
    subset(TENANTS).map((members) => ({ "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members })),
  ),
});

const users = fc.record({
  includeUsers: fc.oneof(fc.constant(["All"]), fc.constant(["None"]), subset(["GuestsOrExternalUsers", ...USERS])),
  excludeUsers: subset(["GuestsOrExternalUsers", ...USERS]),
  includeGroups: subset(GROUPS),
  excludeGroups: subset(GROUPS),
  includeRoles: subset(ROLES),
  excludeRoles: subset(ROLES),
  includeGuestsOrExternalUsers: orNull(guestSelection),
  excludeGuestsOrExternalUsers: orNull(guestSelection),
});

const applications = fc.record({
  includeApplications: fc.oneof(fc.constant(["All"]), subset(["None", "Office365", "MicrosoftAdminPortals", ...APPS])),
  excludeApplications: subset(["Office365", "MicrosoftAdminPortals", ...APPS]),
  includeUserActions: fc.constant([]),
  includeAuthenticationContextClassReferences: fc.constant([]),
  applicationFilter: fc.constant(null),
});

const grantControls = orNull(
  fc.record({
    operator: fc.constantFrom("AND", "OR"),
    builtInControls: fc.oneof(
      fc.constant(["block"]),
      subset(["mfa", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange"]),
    ),
    authenticationStrength: orNull(fc.constantFrom({ id: "00000000-0000-0000-0000-000000000002" }, { id: "00000000-0000-0000-0000-000000000004" })),
    termsOfUse: subset(["tou-1"]),
    customAuthenticationFactors: subset(["duo"]),
  }),
);

/** Rules of the documented grammar over the properties the generated devices carry. */
const ruleArb = fc.constantFrom(
  'device.trustType -eq "ServerAD"',
  "device.trustType -ne 'AzureAD'",
  'device.isCompliant -eq "True"',
  "device.isCompliant -ne true",
  'device.extensionAttribute1 -eq "SAW"',
  'device.extensionAttribute1 -ne "SAW"',
  'device.operatingSystem -startsWith "win" -and device.operatingSystemVersion -startsWith "10.0"',
  '(device.model -contains "surface") -or (device.manufacturer -in ["Contoso", "Fabrikam"])',
  'device.model -notContains "Surface" -and -not (device.deviceOwnership -eq "Personal")',
  'device.systemLabels -contains "M365Managed"',
  'device.physicalIds -notContains "[ZTDId]:abc"',
  'device.displayName -notStartsWith "KIOSK" -or device.displayName -endsWith "-adm"',
  'device.mdmAppId -notIn ["0000000a-0000-0000-c000-000000000000"]',
  "device.profileType -eq null",
);

const policyArb = fc.record({
  displayName: fc.string({ minLength: 1, maxLength: 6 }),
  state: fc.constantFrom("enabled", "enabled", "enabledForReportingButNotEnforced", "disabled"),
  conditions: fc.record({
    users,
    applications,
    clientApplications: fc.oneof(fc.constant(null), fc.constant(null), fc.constant({ includeServicePrincipals: ["sp-1"], excludeServicePrincipals: [] })),
    clientAppTypes: fc.oneof(
      fc.constant(["all"]),
      subset(["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"]),
      fc.constant(["easSupported"]),
    ),
    signInRiskLevels: subset(["low", "medium", "high", "none"]),
    userRiskLevels: subset(["low", "medium", "high", "none"]),
    platforms: orNull(fc.record({ includePlatforms: fc.oneof(fc.constant(["all"]), subset(PLATFORMS)), excludePlatforms: subset(PLATFORMS) })),
    locations: orNull(
      fc.record({
        includeLocations: fc.oneof(fc.constant(["All"]), subset(["AllTrusted", MFA_TRUSTED_IPS, ...NAMED.map((l) => l.id), "loc-missing"])),
        excludeLocations: subset(["AllTrusted", MFA_TRUSTED_IPS, ...NAMED.map((l) => l.id)]),
      }),
    ),
    devices: orNull(fc.record({ deviceFilter: fc.record({ mode: fc.constantFrom("include", "exclude"), rule: ruleArb }) })),
    insiderRiskLevels: fc.oneof(fc.constant(null), fc.constantFrom("elevated", "minor,moderate")),
    authenticationFlows: orNull(fc.record({ transferMethods: fc.constantFrom("deviceCodeFlow", "authenticationTransfer,deviceCodeFlow") })),
  }),
  grantControls,
  sessionControls: orNull(fc.constant({ signInFrequency: { isEnabled: true, value: 4, type: "hours" } })),
});

/** Policies with distinct names (the outcome names them). */
const policySet = fc.array(policyArb, { minLength: 0, maxLength: 8 }).map((ps) => ps.map((p, i) => ({ ...p, displayName: `${p.displayName}#${i}` })));

/** A registered device as Graph describes it (absent: unregistered), with the properties the rules read. */
const deviceArb = fc.record(
  {
    trustType: fc.constantFrom("AzureAD", "ServerAD", "Workplace", "serverad"),
    isCompliant: fc.boolean(),
    isManaged: fc.boolean(),
    operatingSystem: fc.constantFrom("Windows", "iOS"),
    operatingSystemVersion: fc.constantFrom("10.0.19045", "17.1"),
    model: fc.constantFrom("Surface Pro", "iPhone"),
    manufacturer: fc.constantFrom("contoso", "Apple"),
    deviceOwnership: fc.constantFrom("Company", "Personal"),
    displayName: fc.constantFrom("KIOSK-7", "pc-adm", "laptop"),
    systemLabels: subset(["M365Managed", "MultiUser"]),
    physicalIds: subset(["[ZTDId]:abc", "[OrderID]:1"]),
    mdmAppId: fc.constantFrom("0000000a-0000-0000-c000-000000000000", "54b943f8-d761-4f8d-951e-9cea1846db5a"),
    profileType: fc.constantFrom("RegisteredDevice", "Shared"),
    extensionAttributes: fc.record({ extensionAttribute1: fc.constantFrom("SAW", "saw", "other") }, { requiredKeys: [] }),
  },
  { requiredKeys: ["trustType"] },
);

const signInArb: fc.Arbitrary<SignIn> = fc
  .record({
    userId: fc.constantFrom(...USERS, "u-3", "other"),
    groupIds: subset(GROUPS),
    roleIds: subset(ROLES),
    userType: fc.constantFrom("member" as const, "guest" as const),
    guestOrExternalUserType: fc.option(fc.constantFrom(...GUEST_TYPES), { nil: undefined }),
    homeTenantId: fc.option(fc.constantFrom(...TENANTS, "T-1"), { nil: undefined }),
    applicationId: fc.constantFrom(...APPS, APPS[0].toUpperCase()),
    clientAppType: fc.constantFrom("browser" as const, "mobileAppsAndDesktopClients" as const, "exchangeActiveSync" as const, "other" as const),
    signInRisk: fc.constantFrom("none" as const, "low" as const, "medium" as const, "high" as const),
    userRisk: fc.constantFrom("none" as const, "low" as const, "medium" as const, "high" as const),
    devicePlatform: fc.option(fc.constantFrom(...PLATFORMS, "unknown"), { nil: undefined }),
    ipAddress: fc.option(fc.constantFrom("203.0.113.7", "192.0.2.5", "192.0.2.200", "198.51.100.1", "198.51.100.9"), { nil: undefined }),
    gpsCountryCode: fc.option(fc.constantFrom("FR", "NL"), { nil: undefined }),
    insideCorporateNetwork: fc.option(fc.boolean(), { nil: undefined }),
    countryCode: fc.option(fc.constantFrom("NL", "DE", "at", "US"), { nil: undefined }),
    insiderRisk: fc.option(fc.constantFrom("minor", "elevated"), { nil: undefined }),
    authenticationFlow: fc.option(fc.constantFrom("deviceCodeFlow", "authenticationTransfer"), { nil: undefined }),
    device: fc.option(deviceArb, { nil: undefined }),
  })
  .map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as SignIn);

/** The evaluator's answer in the oracle's terms (one way of it). */
function asOracle(e: Pick<Evaluation, "applied" | "reportOnly" | "asks" | "outcome">): OracleResult {
  const o = e.outcome;
  return {
    applied: [...e.applied],
    reportOnly: [...e.reportOnly],
    kind: o.kind,
    blockedBy: o.kind === "blocked" ? [...o.by] : [],
    challengedBy: o.kind === "challenge" ? o.requirements.map((r) => r.policy) : [],
    mfaRequired: requiresMfa(e),
    asksKind: e.asks.kind,
    asksBlockedBy: e.asks.kind === "blocked" ? [...e.asks.by] : [],
    asksChallengedBy: e.asks.kind === "challenge" ? e.asks.requirements.map((r) => r.policy) : [],
  };
}

const SEVERITY = (o: Evaluation["outcome"]) => (o.kind === "blocked" ? 3 : o.kind === "allowed" ? 0 : requiresMfa({ asks: o, outcome: o }) ? 2 : 1);

/**
 * The evaluator agrees with the oracle under each assumption it states (inside or outside the MFA trusted IPs, a GPS
 * country location), says what it assumed, and answers at the top with the strictest way. Without ways, the answer
 * is the oracle's under any assumption (here: outside everything it cannot tell).
 */
function agreesEveryWay(policies: any[], s: SignIn, e: Evaluation, mfaTrustedIps?: OracleAssumptions["mfaTrustedIps"], named = NAMED): void {
  const assume = (assumption: string): OracleAssumptions => ({
    ...(mfaTrustedIps ? { mfaTrustedIps } : { insideMfaTrustedIps: assumption.includes("inside the MFA trusted IPs") }),
    insideGps: assumption.includes('GPS country in "loc-gps"') ? ["loc-gps"] : [],
  });
  if (!e.ways) {
    expect(asOracle(e)).to.deep.equal(oracle(policies, s as never, named, assume("")));
    return;
  }
  expect(e.simplifications!.some((n) => /evaluated both inside and outside/.test(n))).to.equal(true);
  for (const way of e.ways) {
    const expected = oracle(policies, s as never, named, assume(way.assumption));
    expect({ ...asOracle(way), mfaRequired: requiresMfa(way) }, way.assumption).to.deep.equal(expected);
  }
  expect(SEVERITY(e.outcome)).to.equal(Math.max(...e.ways.map((w) => SEVERITY(w.outcome))));
}

/** How many policy sets, and sign-ins per set, the differential runs use (reported in notes/issue-9-fidelity.md). */
export const ORACLE_RUNS = { policySets: 500, signInsPerSet: 12 };

describe("what-if evaluator against the documentation oracle", () => {
  it(`agrees on ${ORACLE_RUNS.policySets} random policy sets × ${ORACLE_RUNS.signInsPerSet} sign-ins, with named locations`, function () {
    // CPU-bound (about 4 s alone); the shared build machine can stretch it several times.
    this.timeout(90_000);
    fc.assert(
      fc.property(
        policySet,
        fc.array(signInArb, { minLength: ORACLE_RUNS.signInsPerSet, maxLength: ORACLE_RUNS.signInsPerSet }),
        mfaTrustedIpsArb,
        (policies, signIns, mfaTrustedIps) => {
          const evaluate = evaluator(policies, { namedLocations: NAMED_GRAPH, ...(mfaTrustedIps ? { mfaTrustedIps } : {}) });
          for (const s of signIns) agreesEveryWay(policies, s, evaluate(s), mfaTrustedIps);
        },
      ),
      { numRuns: ORACLE_RUNS.policySets, seed: 9 },
    );
  });

  it("agrees on the bench's generated tenant (195 policies) over 1,000 sign-ins", function () {
    this.timeout(90_000);
    const policies = generatePolicies(195);
    const many = evaluator(policies);
    for (const s of generateSignIns(1000)) agreesEveryWay(policies, s, many(s), undefined, []);
  });

  it("never lets a report-only or disabled policy change the outcome", () => {
    fc.assert(
      fc.property(policySet, policyArb, signInArb, fc.constantFrom("enabledForReportingButNotEnforced", "disabled"), (policies, extra, s, state) => {
        const before = evaluate(policies, s, { namedLocations: NAMED_GRAPH }).outcome;
        const after = evaluate([...policies, { ...extra, displayName: "extra", state }], s, { namedLocations: NAMED_GRAPH }).outcome;
        expect(after).to.deep.equal(before);
      }),
      { numRuns: 500, seed: 10 },
    );
  });

  it("answers the same whatever the order of the policies", () => {
    fc.assert(
      fc.property(policySet, signInArb, (policies, s) => {
        const kind = (ps: typeof policies) => asOracle(evaluate(ps, s, { namedLocations: NAMED_GRAPH }));
        const sorted = (r: OracleResult) => ({
          ...r,
          applied: [...r.applied].sort(),
          reportOnly: [...r.reportOnly].sort(),
          blockedBy: [...r.blockedBy].sort(),
          challengedBy: [...r.challengedBy].sort(),
        });
        expect(sorted(kind([...policies].reverse()))).to.deep.equal(sorted(kind(policies)));
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it("never blocks nor challenges a user every policy excludes", () => {
    fc.assert(
      fc.property(policySet, signInArb, (policies, s) => {
        const excluding = policies.map((p) => ({ ...p, conditions: { ...p.conditions, users: { ...p.conditions.users, excludeUsers: [s.userId] } } }));
        expect(evaluate(excluding, s, { namedLocations: NAMED_GRAPH }).outcome).to.deep.equal({ kind: "allowed" });
      }),
      { numRuns: 500, seed: 12 },
    );
  });
});

describe("the indexed evaluator against the one-by-one reference", () => {
  // evaluator() holds the policies as bit sets remembered per id and per value; evaluateOneByOne tests each policy in turn.
  it("answers every sign-in of a stream exactly as the reference does: applied, asks, outcome, simplifications and ways", function () {
    this.timeout(90_000);
    fc.assert(
      fc.property(policySet, fc.array(signInArb, { minLength: 1, maxLength: 10 }), mfaTrustedIpsArb, (policies, signIns, mfaTrustedIps) => {
        const options = { namedLocations: NAMED_GRAPH, ...(mfaTrustedIps ? { mfaTrustedIps } : {}) };
        const evaluate = evaluator(policies, options);
        for (const s of signIns) expect(evaluate(s)).to.deep.equal(evaluateOneByOne(policies, s, options));
      }),
      { numRuns: 200, seed: 19 },
    );
  });

  it("answers the bench's generated tenant (195 policies, MFA trusted IPs not declared) as the reference over 200 sign-ins", function () {
    this.timeout(90_000);
    const policies = generatePolicies(195);
    const options = { namedLocations: BENCH_NAMED_LOCATIONS };
    const many = evaluator(policies, options);
    const signIns = generateSignIns(200);
    const answers = signIns.map(many);
    expect(answers.filter((e) => e.ways).length, "sign-ins evaluated both ways").to.be.greaterThan(160);
    signIns.forEach((s, i) => expect(answers[i]).to.deep.equal(evaluateOneByOne(policies, s, options)));
  });
});

describe("the two levels of an evaluation: what it asks, and whether this sign-in can meet it", () => {
  const rank = { allowed: 0, challenge: 1, blocked: 2 } as const;
  it('"can meet" is never looser than "what it asks": no fewer blocks, no requirement it does not ask, no other policy', () => {
    fc.assert(
      fc.property(policySet, signInArb, (policies, s) => {
        const { asks, outcome } = evaluate(policies, s, { namedLocations: NAMED_GRAPH });
        expect(rank[outcome.kind]).to.be.at.least(rank[asks.kind]);
        if (asks.kind === "blocked" && outcome.kind === "blocked") expect(outcome.by).to.include.members([...asks.by]);
        if (asks.kind === "challenge" && outcome.kind === "challenge") {
          for (const r of outcome.requirements) {
            const asked = asks.requirements.find((a) => a.policy === r.policy)!;
            expect(asked, r.policy).to.not.equal(undefined);
            expect(r.operator).to.equal(asked.operator);
            expect(asked.controls).to.deep.include.members([...r.controls]);
          }
          expect(outcome.requirements.map((r) => r.policy)).to.deep.equal(asks.requirements.map((r) => r.policy));
        }
        if (asks.kind === "challenge" && outcome.kind === "blocked") {
          const answered = [...outcome.by, ...(outcome.unmet ?? []).map((u) => u.policy)];
          for (const r of asks.requirements) expect(answered).to.include(r.policy);
        }
      }),
      { numRuns: 600, seed: 24 },
    );
  });
});
