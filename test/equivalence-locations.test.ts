import { expect } from "chai";
import fc from "fast-check";
import { guardInputOf } from "../components/decideBaseline";
import { validateConfig } from "../config/validate";
import { computeDrift } from "../live/drift";
import { isEquivalent, LocationLookups, locationLookup } from "../live/equivalence";
import { equivalentPolicies } from "../live/rules/equivalentPolicies";
import { normalizeNamedLocation, normalizeTenantPolicy, TenantPolicy } from "../live/tenant";
import { projectGraphPolicy } from "../policies/customPolicy";
import type { GraphNamedLocation } from "../policies/facts";
import { buildBaselinePolicies } from "../policies/baseline";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER } from "./fixtures/ids";
import { tenant } from "./fixtures/tenants";

// Two policies that name different named locations with the same content reach the same sign-ins: Entra evaluates a
// location by its ranges or countries, never by its id or name.

const OURS = "a1a1a1a1-0000-4000-8000-000000000001";
const THEIRS = "b2b2b2b2-0000-4000-8000-000000000002";

const ip = (id: string, ipRanges: string[], isTrusted = true): GraphNamedLocation => ({
  id,
  "@odata.type": "#microsoft.graph.ipNamedLocation",
  displayName: `ranges ${id}`,
  isTrusted,
  ipRanges: ipRanges.map((cidrAddress) => ({ cidrAddress })),
});
const countries = (id: string, countriesAndRegions: string[], more: Partial<GraphNamedLocation> = {}): GraphNamedLocation => ({
  id,
  "@odata.type": "#microsoft.graph.countryNamedLocation",
  displayName: `countries ${id}`,
  countriesAndRegions,
  includeUnknownCountriesAndRegions: false,
  ...more,
});

/** A block policy for everyone outside (or, with `include`, inside) the named locations. */
function blockOutside(locations: string[], include = false) {
  return projectGraphPolicy({
    displayName: "Block outside the office",
    state: "enabled",
    conditions: {
      users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS_USER], excludeGroups: [BREAK_GLASS_GROUP] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      locations: include ? { includeLocations: locations, excludeLocations: [] } : { includeLocations: ["All"], excludeLocations: locations },
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  });
}

const tenantCopy = (policy: ReturnType<typeof blockOutside>, id = "c0c0c0c0-0000-4000-8000-000000000003"): TenantPolicy => ({ ...policy, id });

const lookups = (declared: GraphNamedLocation[], tenantSide: GraphNamedLocation[]): LocationLookups => ({
  declared: locationLookup(declared),
  tenant: locationLookup(tenantSide),
});

describe("equivalence: named locations judged by their content", () => {
  it("finds two policies equivalent when their locations have other ids but the same ranges and trusted flag", () => {
    const same = lookups([ip(OURS, ["203.0.113.0/24"])], [ip(THEIRS, ["203.0.113.0/24"])]);
    expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside([THEIRS])), same)).to.equal(true);
  });

  it("reads ranges as address space: split, merged, reordered or repeated ranges are the same place", () => {
    const split = lookups(
      [ip(OURS, ["203.0.113.0/24", "2001:db8::/32"])],
      [ip(THEIRS, ["2001:db8::/33", "203.0.113.128/25", "203.0.113.0/25", "2001:db8:8000::/33"])],
    );
    expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside([THEIRS])), split)).to.equal(true);
  });

  it("reads countries in any order and letter case, with Graph's default lookup method", () => {
    const same = lookups([countries(OURS, ["DE", "fr"])], [countries(THEIRS, ["FR", "de"], { countryLookupMethod: "clientIpAddress" })]);
    expect(isEquivalent(blockOutside([OURS], true), tenantCopy(blockOutside([THEIRS], true)), same)).to.equal(true);
  });

  it("compares a set of locations as a set: each of ours has its twin among theirs", () => {
    const both = lookups(
      [ip(OURS, ["198.51.100.0/24"]), countries("home", ["NL"])],
      [countries(THEIRS, ["nl"]), ip("ffffffff-0000-4000-8000-00000000000f", ["198.51.100.0/24"])],
    );
    expect(isEquivalent(blockOutside([OURS, "home"]), tenantCopy(blockOutside(["ffffffff-0000-4000-8000-00000000000f", THEIRS])), both)).to.equal(true);
  });

  it("does not find them equivalent when the ranges differ, even by one address", () => {
    const wider = lookups([ip(OURS, ["203.0.113.0/24"])], [ip(THEIRS, ["203.0.113.0/23"])]);
    const narrower = lookups([ip(OURS, ["203.0.113.0/24"])], [ip(THEIRS, ["203.0.113.0/25", "203.0.113.128/26"])]);
    for (const l of [wider, narrower]) expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside([THEIRS])), l)).to.equal(false);
  });

  it("does not find them equivalent when only the trusted flag differs (AllTrusted and Identity Protection read it)", () => {
    const flag = lookups([ip(OURS, ["203.0.113.0/24"], true)], [ip(THEIRS, ["203.0.113.0/24"], false)]);
    expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside([THEIRS])), flag)).to.equal(false);
  });

  it("does not find them equivalent when countries, unknown countries or the lookup method differ", () => {
    const cases = [
      lookups([countries(OURS, ["DE"])], [countries(THEIRS, ["DE", "AT"])]),
      lookups([countries(OURS, ["DE"])], [countries(THEIRS, ["DE"], { includeUnknownCountriesAndRegions: true })]),
      lookups([countries(OURS, ["DE"])], [countries(THEIRS, ["DE"], { countryLookupMethod: "authenticatorAppGps" })]),
    ];
    for (const l of cases) expect(isEquivalent(blockOutside([OURS], true), tenantCopy(blockOutside([THEIRS], true)), l)).to.equal(false);
  });

  it("does not find them equivalent when the same location is included by one and excluded by the other", () => {
    const same = lookups([ip(OURS, ["203.0.113.0/24"])], [ip(THEIRS, ["203.0.113.0/24"])]);
    expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside([THEIRS], true)), same)).to.equal(false);
  });

  it("never takes a location for AllTrusted, nor an unknown location for a known one; unknown ones compare by id", () => {
    const known = lookups([ip(OURS, ["203.0.113.0/24"])], [ip(THEIRS, ["203.0.113.0/24"])]);
    expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside(["AllTrusted"])), known)).to.equal(false);
    expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside([THEIRS])), { declared: known.declared })).to.equal(false);
    expect(isEquivalent(blockOutside([THEIRS]), tenantCopy(blockOutside([THEIRS.toUpperCase()])))).to.equal(true);
    expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside([THEIRS])))).to.equal(false);
  });

  it("holds for any split of the same address space, and breaks when one range is left out (property)", () => {
    const block = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.uniqueArray(block, { minLength: 1, maxLength: 6, selector: ([a, b]) => `${a}.${b}` }), fc.boolean(), (blocks, drop) => {
        const whole = blocks.map(([a, b]) => `${a}.${b}.0.0/16`);
        const halves = blocks.flatMap(([a, b]) => [`${a}.${b}.128.0/17`, `${a}.${b}.0.0/17`]).reverse();
        const theirs = drop ? halves.slice(1) : halves;
        const l = lookups([ip(OURS, whole)], [ip(THEIRS, theirs)]);
        expect(isEquivalent(blockOutside([OURS]), tenantCopy(blockOutside([THEIRS])), l)).to.equal(!drop);
      }),
      { numRuns: 60 },
    );
  });
});

describe("EB-LIVE-EQUIVALENT and the drift over a stack's custom policy that names its own named location", () => {
  const config = () => {
    const v = validateConfig({
      plan: "p1",
      breakGlassUsers: [BREAK_GLASS_USER],
      breakGlassGroups: [BREAK_GLASS_GROUP],
      policyState: "enabled",
      namedLocations: { office: { displayName: "Head office", ipRanges: ["203.0.113.0/25", "203.0.113.128/25"], trusted: true } },
      customPolicies: { outsideOffice: blockOutside(["office"]) },
    });
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    return v.config;
  };
  const portalLocation = (ranges: string[]) =>
    normalizeNamedLocation({
      ...ip(THEIRS, ranges),
      displayName: "Office (made in the portal)",
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x",
    });
  const portalPolicy = normalizeTenantPolicy({
    ...blockOutside([THEIRS]),
    id: "c0c0c0c0-0000-4000-8000-000000000003",
    displayName: "CA010 block outside office",
  });

  it("refuses pulumi up creating the custom policy beside a tenant policy whose location holds the same ranges under another id", () => {
    const c = config();
    const stack = guardInputOf(c, buildBaselinePolicies(c), "update");
    const findings = equivalentPolicies.check(
      tenant({ securityDefaults: { isEnabled: false }, policies: [portalPolicy], namedLocations: [portalLocation(["203.0.113.0/24"])] }),
      stack,
    );
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).to.deep.equal(["EB-LIVE-EQUIVALENT error"]);
    expect(findings[0].message).to.contain("CA010 block outside office");
  });

  it("passes when the tenant's location reaches other addresses", () => {
    const c = config();
    const stack = guardInputOf(c, buildBaselinePolicies(c), "update");
    const t = tenant({ securityDefaults: { isEnabled: false }, policies: [portalPolicy], namedLocations: [portalLocation(["198.51.100.0/24"])] });
    expect(equivalentPolicies.check(t, stack)).to.deep.equal([]);
  });

  it("lists the tenant policy as the equivalent in the drift, from the plan's named locations", () => {
    const planned = ip("stack-office-id", ["203.0.113.0/24"]);
    const declaredPolicy = blockOutside([planned.id]);
    const drift = computeDrift(
      tenant({ securityDefaults: { isEnabled: false }, policies: [portalPolicy], namedLocations: [portalLocation(["203.0.113.0/25", "203.0.113.128/25"])] }),
      { securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [declaredPolicy], namedLocations: [planned] },
    );
    const created = drift.policies.find((p) => p.displayName === declaredPolicy.displayName) as { status: string; equivalents?: { id: string }[] };
    expect(created.status).to.equal("create");
    expect(created.equivalents?.map((e) => e.id)).to.deep.equal([portalPolicy.id]);
  });
});
