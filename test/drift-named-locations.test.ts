import { expect } from "chai";
import { computeDrift } from "../live/drift";
import { namedLocationDrift } from "../live/namedLocationDrift";
import { normalizeNamedLocation } from "../live/tenant";
import { readTenant } from "../live/readTenant";
import { formatDrift } from "../format/formatDrift";
import { runPlan } from "../plan/runPlan";
import type { GraphNamedLocation } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { graphLocation } from "./fixtures/exportTenant";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { tenant } from "./fixtures/tenants";
import type { GraphDouble } from "./graph-double/server";
import { clientFor, useGraphDouble } from "./support/graphClient";

const OFFICE_ID = "0c6e3d1f-5b0a-4c39-9a51-2f1d6a7e8b90";
const GROUP = "5c1a2b3c-0000-4000-8000-00000000f1e1";

/** The tenant's Office location as Graph answers it (nulls, server fields). */
const graphOffice = (ranges: string[], isTrusted = true) => ({
  "@odata.type": "#microsoft.graph.ipNamedLocation",
  id: OFFICE_ID,
  displayName: "Office",
  createdDateTime: "2025-03-01T09:00:00.0000000Z",
  modifiedDateTime: null,
  isTrusted,
  ipRanges: ranges.map((cidrAddress) => ({
    "@odata.type": cidrAddress.includes(":") ? "#microsoft.graph.iPv6CidrRange" : "#microsoft.graph.iPv4CidrRange",
    cidrAddress,
  })),
});
const declaredOffice = (ranges: string[], isTrusted = true): GraphNamedLocation => ({
  id: OFFICE_ID,
  "@odata.type": "#microsoft.graph.ipNamedLocation",
  displayName: "Office",
  isTrusted,
  ipRanges: ranges.map((cidrAddress) => ({ cidrAddress })),
});
const outsideTrusted = {
  displayName: "Block access from outside trusted locations",
  state: "enabled",
  conditions: {
    users: { includeUsers: [], excludeUsers: [BREAK_GLASS_USER], includeGroups: [GROUP], excludeGroups: [], includeRoles: [], excludeRoles: [] },
    applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
    clientAppTypes: ["all"],
    signInRiskLevels: [],
    userRiskLevels: [],
    locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
  },
  grantControls: { operator: "OR", builtInControls: ["block"] },
} as ConditionalAccessPolicy;

describe("drift inside named locations", () => {
  it("reports a location that matches as unchanged, however its ranges and countries are spelled", () => {
    const live = [
      normalizeNamedLocation(graphOffice(["2001:DB8::/32", "203.0.113.0/24"])),
      normalizeNamedLocation(graphLocation("c1", "Countries", "country")),
    ];
    const countries = live[1].graph as unknown as GraphNamedLocation;
    const declared = [
      declaredOffice(["203.0.113.0/25", "203.0.113.128/25", "2001:db8::/32"]),
      { ...countries, countriesAndRegions: (countries.countriesAndRegions ?? []).map((c) => String(c).toLowerCase()), countryLookupMethod: undefined },
    ];
    expect(namedLocationDrift(live, declared, [outsideTrusted]).map((d) => d.status)).to.deep.equal(["unchanged", "unchanged"]);
  });

  it("reports a widened trusted location as an update that weakens each policy excluding trusted locations, and drifts", () => {
    const report = computeDrift(tenant({ securityDefaults: { isEnabled: false }, namedLocations: [normalizeNamedLocation(graphOffice(["203.0.113.0/24"]))] }), {
      securityDefaults: { isEnabled: false },
      conditionalAccessPolicies: [],
      namedLocations: [declaredOffice(["203.0.113.0/24", "10.0.0.0/8"])],
    });
    expect(report.drifted).to.equal(true);
    expect(report.namedLocations).to.deep.equal([
      {
        displayName: "Office",
        status: "update",
        id: OFFICE_ID,
        changes: [{ field: "ipRanges", tenant: ["203.0.113.0/24"], declared: ["203.0.113.0/24", "10.0.0.0/8"] }],
        effects: [],
      },
    ]);
    const withPolicy = namedLocationDrift(
      [normalizeNamedLocation(graphOffice(["203.0.113.0/24"]))],
      [declaredOffice(["203.0.113.0/24", "10.0.0.0/8"])],
      [outsideTrusted],
    );
    expect(withPolicy[0].effects).to.deep.equal([
      { policy: outsideTrusted.displayName, kind: "widened", use: "exclude", via: "trusted", reach: ["10.0.0.0/8"], weakens: true },
    ]);
  });

  it("compares the trusted flag, unknown countries and the lookup method, with Graph's defaults", () => {
    const country = (extra: Record<string, unknown>) => normalizeNamedLocation({ ...graphLocation("c1", "Countries", "country"), ...extra });
    const declared = (extra: Record<string, unknown>) => ({ ...(country({}).graph as unknown as GraphNamedLocation), ...extra });
    const fields = (live: ReturnType<typeof country>, d: GraphNamedLocation) => namedLocationDrift([live], [d], [])[0].changes.map((c) => c.field);
    expect(fields(country({ countryLookupMethod: "clientIpAddress" }), declared({ countryLookupMethod: undefined }))).to.deep.equal([]);
    expect(fields(country({}), declared({ includeUnknownCountriesAndRegions: true, countryLookupMethod: "authenticatorAppGps" }))).to.deep.equal([
      "includeUnknownCountriesAndRegions",
      "countryLookupMethod",
    ]);
    expect(
      namedLocationDrift([normalizeNamedLocation(graphOffice(["10.0.0.0/8"], false))], [declaredOffice(["10.0.0.0/8"], true)], [outsideTrusted])[0],
    ).to.deep.include({
      changes: [{ field: "isTrusted", tenant: false, declared: true }],
    });
    expect(fields(normalizeNamedLocation(graphOffice(["10.0.0.0/8"])), declared({ id: OFFICE_ID }))).to.deep.equal(["@odata.type"]);
  });

  it("matches by the adopted id first, then by display name, and reports a location the tenant lacks as a creation", () => {
    const renamed = normalizeNamedLocation({ ...graphOffice(["203.0.113.0/24"]), displayName: "Office (renamed in the portal)" });
    expect(namedLocationDrift([renamed], [declaredOffice(["203.0.113.0/24"])], [])[0]).to.include({ status: "unchanged", id: OFFICE_ID });
    const byName = namedLocationDrift(
      [normalizeNamedLocation({ ...graphOffice(["203.0.113.0/24"]), id: "other" })],
      [{ ...declaredOffice(["203.0.113.0/24"]), id: "office-id" }],
      [],
    );
    expect(byName[0]).to.include({ status: "unchanged", id: "other" });
    const created = namedLocationDrift([], [declaredOffice(["0.0.0.0/0"], true)], [outsideTrusted])[0];
    expect(created).to.deep.include({ status: "create", changes: [] });
    expect(created.effects.map((e) => [e.kind, e.weakens])).to.deep.equal([["trusted", true]]);
  });

  it("leaves the ownership marker to its own check", () => {
    const marker = { id: "m", "@odata.type": "#microsoft.graph.ipNamedLocation", displayName: "entra-baseline:owner entra-baseline/contoso", ipRanges: [] };
    expect(namedLocationDrift([], [marker], [])).to.deep.equal([]);
  });

  it("prints each changed field and what it does to each policy", () => {
    const text = formatDrift({
      securityDefaults: { status: "unchanged", tenant: false, declared: false },
      policies: [],
      namedLocations: namedLocationDrift(
        [normalizeNamedLocation(graphOffice(["203.0.113.0/24"]))],
        [declaredOffice(["203.0.113.0/24", "10.0.0.0/8"])],
        [outsideTrusted],
      ),
      matchedBy: "state",
      drifted: true,
    });
    expect(text).to.contain(`  update     named location Office (${OFFICE_ID})`);
    expect(text).to.contain("             ipRanges: [203.0.113.0/24] → [203.0.113.0/24, 10.0.0.0/8]");
    // Wider than 120 columns: it continues on the next line, two columns in.
    expect(text.replace(/\n {15}/g, " ")).to.contain(
      `             ⚠️ weakens "${outsideTrusted.displayName}": it excludes trusted locations, which now also reach 10.0.0.0/8`,
    );
  });

  describe("plan --against live, against the Graph double", () => {
    let double: GraphDouble;
    useGraphDouble((started) => (double = started));

    it("shows the tenant's location narrower than the stack's as an update that weakens, and exits drifted", async () => {
      double.tenant.securityDefaults = false;
      double.tenant.namedLocations.set(OFFICE_ID, graphOffice(["203.0.113.0/24"]));
      const config = {
        "entra-baseline:plan": "p2",
        "entra-baseline:protection": "conditionalAccess",
        "entra-baseline:policyState": "enabled",
        "entra-baseline:breakGlassUsers": JSON.stringify([BREAK_GLASS_USER]),
        "entra-baseline:namedLocations": JSON.stringify({
          office: { id: OFFICE_ID, displayName: "Office", ipRanges: ["203.0.113.0/24", "10.0.0.0/8"], trusted: true },
        }),
        "entra-baseline:customPolicies": JSON.stringify({ outsideTrusted: { ...outsideTrusted } }),
      };
      const result = await runPlan({ stack: "nl-drift", config, readTenant: () => readTenant(clientFor(double)) });
      expect(result.drift!.drifted).to.equal(true);
      const office = result.drift!.namedLocations!.find((l) => l.displayName === "Office")!;
      expect(office).to.deep.include({ status: "update", id: OFFICE_ID });
      expect(office.effects.map((e) => [e.policy, e.kind, e.weakens])).to.deep.equal([[outsideTrusted.displayName, "widened", true]]);
    });
  });
});
