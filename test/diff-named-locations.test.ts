import { expect } from "chai";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as diffMain } from "../cli/diff";
import { NAMED_LOCATION_TYPE } from "../components/resourceTypes";
import { formatMarkdown } from "../diff/format";
import { previewDiff, semanticDiff } from "../diff/semanticDiff";
import type { PlanResult } from "../documents/planResult";
import { runPlan } from "../plan/runPlan";
import { cidrInterval, GraphNamedLocation, namedLocationEffects, reachChange, reachOf } from "../policies/facts";
import type { BuiltInControl, ConditionalAccessPolicy } from "../policies/graphTypes";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { policyForEveryone } from "./support/policies";
import { cutOverConfig } from "./support/stackConfig";
import { writeIn } from "./support/files";

const GROUP = "5c1a2b3c-0000-4000-8000-00000000f1e1";
const OFFICE = { displayName: "Office", ipRanges: ["203.0.113.0/24"], trusted: true };
const BLOCKED = { displayName: "Blocked countries", countries: ["KP", "IR"] };

/** A custom policy in Graph's shape: `who` the group (block policies must spare the admins), `locations` as given. */
function custom(displayName: string, locations: Record<string, string[]>, control: "block" | "mfa", group = control === "block") {
  return {
    displayName,
    state: "enabled",
    conditions: {
      users: group ? { includeGroups: [GROUP], excludeUsers: [BREAK_GLASS_USER] } : { includeUsers: ["All"], excludeUsers: [BREAK_GLASS_USER] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      locations,
    },
    grantControls: { operator: "OR", builtInControls: [control] },
  };
}

const POLICIES = {
  blockOutsideTrusted: custom("Block access from outside trusted locations", { includeLocations: ["All"], excludeLocations: ["AllTrusted"] }, "block"),
  mfaOutsideOffice: custom("MFA outside the office", { includeLocations: ["All"], excludeLocations: ["office"] }, "mfa"),
  blockCountries: custom("Block sign-ins from blocked countries", { includeLocations: ["blocked"], excludeLocations: [] }, "block", false),
};

function stack(locations: Record<string, unknown>, policies: Record<string, unknown> = POLICIES): Record<string, string> {
  return cutOverConfig({ customPolicies: policies, namedLocations: locations });
}

const plan = (locations: Record<string, unknown>, policies?: Record<string, unknown>) => runPlan({ stack: "locations", config: stack(locations, policies) });
const BASE = { office: OFFICE, blocked: BLOCKED };

const ip = (id: string, ranges: string[], isTrusted = false): GraphNamedLocation => ({
  id,
  "@odata.type": "#microsoft.graph.ipNamedLocation",
  displayName: id,
  isTrusted,
  ipRanges: ranges.map((cidrAddress) => ({ cidrAddress })),
});
const countries = (id: string, codes: string[], unknown = false, lookup?: string): GraphNamedLocation => ({
  id,
  "@odata.type": "#microsoft.graph.countryNamedLocation",
  displayName: id,
  countriesAndRegions: codes,
  includeUnknownCountriesAndRegions: unknown,
  ...(lookup ? { countryLookupMethod: lookup } : {}),
});
const policy = (name: string, include: string[], exclude: string[], control: BuiltInControl = "mfa"): ConditionalAccessPolicy =>
  policyForEveryone(name, { locations: { includeLocations: include, excludeLocations: exclude } }, { operator: "OR", builtInControls: [control] });
const effects = (base: GraphNamedLocation | undefined, head: GraphNamedLocation | undefined, policies: ConditionalAccessPolicy[]) =>
  namedLocationEffects("loc", base, head, policies).map((e) => ({ policy: e.policy.displayName, kind: e.kind, weakens: e.weakens, reach: e.reach }));

describe("named locations: what a location reaches (pure)", () => {
  it("compares IP ranges as address space: a range split in two, or merged, is no change", () => {
    expect(reachChange(reachOf(ip("a", ["10.0.0.0/8"])), reachOf(ip("a", ["10.0.0.0/9", "10.128.0.0/9"])))).to.deep.equal({ added: [], removed: [] });
    expect(reachChange(reachOf(ip("a", ["10.0.0.0/9", "10.128.0.0/9"])), reachOf(ip("a", ["10.0.0.0/8"])))).to.deep.equal({ added: [], removed: [] });
    expect(reachChange(reachOf(ip("a", ["2001:db8::/32"])), reachOf(ip("a", ["2001:DB8::/32"])))).to.deep.equal({ added: [], removed: [] });
  });

  it("names the ranges that reach further, and those that no longer reach", () => {
    const change = reachChange(reachOf(ip("a", ["203.0.113.0/24", "192.0.2.0/24"])), reachOf(ip("a", ["203.0.113.0/24", "10.0.0.0/8", "2001:db8::/48"])));
    expect(change).to.deep.equal({ added: ["10.0.0.0/8", "2001:db8::/48"], removed: ["192.0.2.0/24"] });
  });

  it("keeps IPv4 and IPv6 apart: ::/0 does not reach an IPv4 address", () => {
    expect(reachChange(reachOf(ip("a", ["::/0"])), reachOf(ip("a", ["::/0", "0.0.0.0/0"]))).added).to.deep.equal(["0.0.0.0/0"]);
  });

  it("compares countries in any case, and unknown countries and regions", () => {
    expect(reachChange(reachOf(countries("c", ["kp", "IR"])), reachOf(countries("c", ["KP", "CU"], true)))).to.deep.equal({
      added: ["CU", "unknown countries and regions"],
      removed: ["IR"],
    });
  });

  it("counts a range it cannot parse as new reach, never as nothing", () => {
    for (const bad of ["10.0.0.0/33", "10.0.0/8", "not-a-range", "10.0.0.0/8/8", "1.2.3.256/32", "012.1.1.1/32"]) {
      expect(cidrInterval(bad), bad).to.equal(undefined);
      expect(reachChange(reachOf(ip("a", [])), reachOf(ip("a", [bad]))).added, bad).to.deep.equal([bad]);
    }
    expect(reachChange(reachOf(ip("a", ["nonsense"])), reachOf(ip("a", ["nonsense"])))).to.deep.equal({ added: [], removed: [] }, "the same text: unchanged");
  });

  it("reads a location Graph sends with nulls and no type as Graph means it", () => {
    const bare = { id: "x", ipRanges: null, countriesAndRegions: null } as unknown as GraphNamedLocation;
    expect(reachOf(bare)).to.deep.equal({ ranges: [], countries: [], unknownCountries: false, trusted: false });
    expect(reachOf({ id: "c", countriesAndRegions: ["nl"] })).to.include({ lookup: "clientIpAddress" });
  });

  it("never loses address space: widening by any range reaches no less (property)", () => {
    const cidr = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }))
      .map(([a, b, p]) => `${a}.${b}.0.0/${p}`);
    fc.assert(
      fc.property(fc.array(cidr, { maxLength: 6 }), fc.array(cidr, { maxLength: 6 }), (base, extra) => {
        const change = reachChange(reachOf(ip("a", base)), reachOf(ip("a", [...base, ...extra])));
        expect(change.removed).to.deep.equal([]);
        expect(change.added.every((r) => extra.includes(r))).to.equal(true);
      }),
    );
  });
});

describe("named locations: each change judged by how each policy uses the location (pure)", () => {
  const excludes = policy("excludes", ["All"], ["loc"]);
  const includes = policy("includes", ["loc"], [], "block");
  const outsideTrusted = policy("outside trusted", ["All"], ["AllTrusted"], "block");
  const onlyTrusted = policy("only trusted", ["AllTrusted"], []);

  it("widening a location a policy excludes weakens it; one a policy includes strengthens it", () => {
    expect(effects(ip("loc", ["203.0.113.0/24"]), ip("loc", ["203.0.113.0/24", "10.0.0.0/8"]), [excludes, includes])).to.deep.equal([
      { policy: "excludes", kind: "widened", weakens: true, reach: ["10.0.0.0/8"] },
      { policy: "includes", kind: "widened", weakens: false, reach: ["10.0.0.0/8"] },
    ]);
  });

  it("narrowing a location a policy includes weakens it; one a policy excludes strengthens it", () => {
    expect(effects(countries("loc", ["KP", "IR"]), countries("loc", ["KP"]), [includes, excludes])).to.deep.equal([
      { policy: "includes", kind: "narrowed", weakens: true, reach: ["IR"] },
      { policy: "excludes", kind: "narrowed", weakens: false, reach: ["IR"] },
    ]);
  });

  it("widening a trusted location weakens each policy that excludes AllTrusted, also one that does not name it", () => {
    expect(effects(ip("loc", ["203.0.113.0/24"], true), ip("loc", ["203.0.113.0/24", "10.0.0.0/8"], true), [outsideTrusted, onlyTrusted])).to.deep.equal([
      { policy: "outside trusted", kind: "widened", weakens: true, reach: ["10.0.0.0/8"] },
      { policy: "only trusted", kind: "widened", weakens: false, reach: ["10.0.0.0/8"] },
    ]);
  });

  it("widening an untrusted location changes nothing for AllTrusted", () => {
    expect(effects(ip("loc", ["203.0.113.0/24"]), ip("loc", ["10.0.0.0/8"]), [outsideTrusted])).to.deep.equal([]);
  });

  it("marking a location trusted weakens every policy that excludes AllTrusted; unmarking it strengthens them", () => {
    expect(effects(ip("loc", ["198.51.100.0/24"]), ip("loc", ["198.51.100.0/24"], true), [outsideTrusted, onlyTrusted])).to.deep.equal([
      { policy: "outside trusted", kind: "trusted", weakens: true, reach: ["198.51.100.0/24"] },
      { policy: "only trusted", kind: "trusted", weakens: false, reach: ["198.51.100.0/24"] },
    ]);
    expect(effects(ip("loc", ["198.51.100.0/24"], true), ip("loc", ["198.51.100.0/24"]), [outsideTrusted, onlyTrusted])).to.deep.equal([
      { policy: "outside trusted", kind: "untrusted", weakens: false, reach: ["198.51.100.0/24"] },
      { policy: "only trusted", kind: "untrusted", weakens: true, reach: ["198.51.100.0/24"] },
    ]);
  });

  it("a new trusted location weakens the policies that exclude AllTrusted; a removed one strengthens them", () => {
    expect(effects(undefined, ip("loc", ["0.0.0.0/0"], true), [outsideTrusted])).to.deep.equal([
      { policy: "outside trusted", kind: "trusted", weakens: true, reach: ["0.0.0.0/0"] },
    ]);
    expect(effects(ip("loc", ["0.0.0.0/0"], true), undefined, [outsideTrusted])[0]).to.include({ kind: "untrusted", weakens: false });
  });

  it("a new country lookup method weakens every policy that uses the location", () => {
    expect(effects(countries("loc", ["KP"]), countries("loc", ["KP"], false, "authenticatorAppGps"), [includes, excludes]).map((e) => e.weakens)).to.deep.equal(
      [true, true],
    );
    expect(effects(countries("loc", ["KP"]), countries("loc", ["KP"], false, "clientIpAddress"), [includes])).to.deep.equal([], "Graph's default, spelled out");
  });

  it("a location no policy uses changes nothing, and ids match in any case", () => {
    expect(effects(ip("loc", ["10.0.0.0/8"]), ip("loc", ["0.0.0.0/0"]), [policy("other", ["All"], ["elsewhere"])])).to.deep.equal([]);
    expect(namedLocationEffects("LOC", ip("loc", []), ip("loc", ["10.0.0.0/8"]), [excludes])).to.have.length(1);
  });
});

describe("named locations in the semantic diff of two plans", () => {
  let base: PlanResult;
  before(async () => {
    base = await plan(BASE);
  });

  it("carries the named locations in the plan, in Graph's shape, by the id the policies name", () => {
    const office = base.namedLocations!.find((l) => l.displayName === "Office")!;
    expect(office).to.deep.include({ "@odata.type": "#microsoft.graph.ipNamedLocation", isTrusted: true, ipRanges: [{ cidrAddress: "203.0.113.0/24" }] });
    const user = base.conditionalAccessPolicies.find((p) => p.displayName === "MFA outside the office")!;
    expect(user.conditions.locations?.excludeLocations).to.deep.equal([office.id]);
  });

  it("reports 10.0.0.0/8 added to a trusted location a block policy excludes as weakening, naming the location and each policy", async () => {
    const report = semanticDiff(base, await plan({ ...BASE, office: { ...OFFICE, ipRanges: ["203.0.113.0/24", "10.0.0.0/8"] } }));
    expect(report.changes.map((c) => [c.kind, c.policy, c.weakens, c.risk])).to.deep.equal([
      ["named-location-widened", "Block access from outside trusted locations", true, "high"],
      ["named-location-widened", "MFA outside the office", true, "high"],
    ]);
    const markdown = formatMarkdown(report);
    expect(markdown).to.contain("### ⚠️ Sign-in security diff: 2 changes, 2 weaken protection");
    expect(markdown).to.contain(
      '| ⚠️ | high | Block access from outside trusted locations | named location "Office" now also covers 10.0.0.0/8, and it is trusted; ' +
        "the policy excludes trusted locations, so sign-ins from there are no longer blocked |",
    );
    expect(markdown).to.contain(
      '| ⚠️ | high | MFA outside the office | named location "Office" now also covers 10.0.0.0/8; the policy excludes it, so sign-ins from there lose MFA |',
    );
  });

  it("reports countries removed from a blocked-countries location as weakening the block", async () => {
    const report = semanticDiff(base, await plan({ ...BASE, blocked: { ...BLOCKED, countries: ["KP"] } }));
    expect(report.summary).to.include({ changes: 1, weakening: 1 });
    expect(formatMarkdown(report)).to.contain(
      '| ⚠️ | high | Block sign-ins from blocked countries | named location "Blocked countries" no longer covers IR; ' +
        "the policy includes it, so sign-ins from there are no longer blocked |",
    );
  });

  it("reports marking a location trusted as weakening each policy that excludes trusted locations", async () => {
    const vpn = { displayName: "VPN", ipRanges: ["198.51.100.0/24"] };
    const before = await plan({ ...BASE, vpn });
    const report = semanticDiff(before, await plan({ ...BASE, vpn: { ...vpn, trusted: true } }));
    expect(report.changes.map((c) => [c.kind, c.policy, c.weakens])).to.deep.equal([
      ["named-location-trusted", "Block access from outside trusted locations", true],
    ]);
    expect(report.changes[0].sentence).to.equal(
      'named location "VPN" (198.51.100.0/24) is now marked trusted; the policy excludes trusted locations, so sign-ins from there are no longer blocked',
    );
  });

  it("reports the reverse changes as strengthening (exit 5, not 4)", async () => {
    const narrower = await plan({ office: { ...OFFICE, trusted: false }, blocked: { ...BLOCKED, countries: ["KP", "IR", "CU"] } });
    const report = semanticDiff(base, narrower);
    expect(report.changes.length).to.be.greaterThan(0);
    expect(report.changes.filter((c) => c.weakens)).to.deep.equal([]);
    expect(report.changes.map((c) => c.kind)).to.have.members(["named-location-untrusted", "named-location-widened"]);
  });

  it("sees no change when a range is only split, or a country's case changes", async () => {
    const same = await plan({ office: { ...OFFICE, ipRanges: ["203.0.113.0/25", "203.0.113.128/25"] }, blocked: { ...BLOCKED, countries: ["IR", "KP"] } });
    expect(semanticDiff(base, same).changes).to.deep.equal([]);
  });

  it("names a location a policy starts to exclude by its display name, not its id", async () => {
    const excludesOffice = {
      ...POLICIES.blockCountries,
      conditions: { ...POLICIES.blockCountries.conditions, locations: { includeLocations: ["blocked"], excludeLocations: ["office"] } },
    };
    const report = semanticDiff(base, await plan(BASE, { ...POLICIES, blockCountries: excludesOffice }));
    expect(report.changes.map((c) => c.sentence)).to.deep.equal(['sign-ins from named location "Office" are now excluded: they are no longer blocked']);
  });

  it("exits 4 from the CLI, and reads a plan written before plans carried named locations", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-nl-"));
    const write = (name: string, value: unknown) => writeIn(dir, name, value);
    const head = await plan({ ...BASE, office: { ...OFFICE, ipRanges: ["203.0.113.0/24", "10.0.0.0/8"] } });
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s) };
    expect(await diffMain(["--base", write("base.json", base), "--head", write("head.json", head)], io)).to.equal(4);
    const { namedLocations: _n, ...old } = base;
    expect(await diffMain(["--base", write("old.json", old), "--head", write("old2.json", old)], io)).to.equal(0);
  });

  it("rejects a plan whose named locations are malformed, naming the field (exit 2)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-nl-"));
    const bad = path.join(dir, "bad.json");
    const err: string[] = [];
    for (const namedLocations of [[{ displayName: "no id" }], [{ id: "x", ipRanges: "10.0.0.0/8" }], [{ id: "x", isTrusted: "yes" }], { id: "x" }]) {
      fs.writeFileSync(bad, JSON.stringify({ ...base, namedLocations }));
      expect(await diffMain(["--base", bad, "--head", bad], { stdout: () => undefined, stderr: (s) => err.push(s) })).to.equal(2);
    }
    expect(err.join("")).to.contain("namedLocations");
  });
});

describe("named locations in the diff of a pulumi preview", () => {
  const inputs = (ranges: string[], trusted: boolean) => ({ displayName: "Office", ip: { ipRanges: ranges, trusted } });
  const policyState = (name: string, exclude: string[]) => ({
    type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
    inputs: {
      displayName: name,
      state: "enabled",
      conditions: {
        clientAppTypes: ["all"],
        users: { includedUsers: ["All"], excludedUsers: [BREAK_GLASS_USER] },
        applications: { includedApplications: ["All"] },
        locations: { includedLocations: ["All"], excludedLocations: exclude },
      },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    },
  });
  const locationStep = (op: string) => ({
    op,
    urn: "urn:pulumi:contoso::entra-baseline::azuread:index/namedLocation:NamedLocation::office",
    oldState: { type: NAMED_LOCATION_TYPE, id: "0c6e3d1f-5b0a-4c39-9a51-2f1d6a7e8b90", inputs: inputs(["203.0.113.0/24"], true) },
    newState: { type: NAMED_LOCATION_TYPE, id: "0c6e3d1f-5b0a-4c39-9a51-2f1d6a7e8b90", inputs: inputs(["203.0.113.0/24", "10.0.0.0/8"], true) },
  });

  it("judges a named location update by the unchanged policies beside it (--show-sames)", () => {
    const same = policyState("Block outside trusted", ["AllTrusted"]);
    const report = previewDiff({
      steps: [locationStep("update"), { op: "same", urn: "urn:pulumi:contoso::entra-baseline::p::block", oldState: same, newState: same }],
      changeSummary: { update: 1, same: 1 },
    });
    expect(report.changes.map((c) => [c.kind, c.policy, c.weakens])).to.deep.equal([["named-location-widened", "Block outside trusted", true]]);
  });

  it("takes a location change to weaken when the policies that use it are not in the preview, and says how to see them", () => {
    const report = previewDiff({ steps: [locationStep("update")], changeSummary: { update: 1, same: 6 } });
    expect(report.changes).to.have.length(1);
    expect(report.changes[0]).to.deep.include({ kind: "named-location-widened", weakens: true, location: "Office" });
    const markdown = formatMarkdown(report);
    expect(markdown).to.contain('| ⚠️ | high | named location "Office" | named location "Office" now also covers 10.0.0.0/8;');
    expect(markdown).to.contain("--show-sames");
  });
});
