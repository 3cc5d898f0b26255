import { expect } from "chai";
import fc from "fast-check";
import { exitCodeOf } from "../diff/format";
import { semanticDiff } from "../diff/semanticDiff";
import type { PolicyChange } from "../diff/changeKinds";
import type { PlanResult } from "../documents/planResult";
import { ALL_USERS, LEGACY, P2_ENFORCED } from "./fixtures/diffPlans";

const BASE = P2_ENFORCED;
const OFFICE = "5e0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b";
const BRANCH = "6f1d2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b3c";

type Where = { includeLocations?: string[]; excludeLocations?: string[]; includePlatforms?: string[]; excludePlatforms?: string[] };

/** The enforced p2 plan with the named policy's locations and platforms conditions set (an absent key: not configured). */
function withWhere(name: string, where: Where, from: PlanResult = BASE): PlanResult {
  const copy = JSON.parse(JSON.stringify(from));
  const conditions = copy.conditionalAccessPolicies.find((p: { displayName: string }) => p.displayName === name).conditions;
  if (where.includeLocations || where.excludeLocations) {
    conditions.locations = { includeLocations: where.includeLocations ?? [], excludeLocations: where.excludeLocations ?? [] };
  }
  if (where.includePlatforms || where.excludePlatforms) {
    conditions.platforms = { includePlatforms: where.includePlatforms ?? [], excludePlatforms: where.excludePlatforms ?? [] };
  }
  return copy;
}

const fields = (c: PolicyChange) => ({ kind: c.kind, weakens: c.weakens, risk: c.risk, sentence: c.sentence });

/** A case of one change to the all-users policy: its title, its places before and after (undefined: as the plan has them), the change, the exit code. */
type OneChange = [string, Where | undefined, Where | undefined, ReturnType<typeof fields>, number?];

/** The diff of the all-users policy's places finds exactly this change (and exits with this code, when given). */
function expectOneChange(before: Where | undefined, after: Where | undefined, change: ReturnType<typeof fields>, exit?: number): void {
  const report = semanticDiff(before ? withWhere(ALL_USERS, before) : BASE, after ? withWhere(ALL_USERS, after) : BASE);
  expect(report.changes.map(fields)).to.deep.equal([change]);
  if (exit !== undefined) expect(exitCodeOf(report)).to.equal(exit);
}

describe("semantic diff of named locations and device platforms", () => {
  describe("locations", () => {
    for (const [title, before, after, change, exit] of [
      [
        "reports trusted locations excluded from MFA for all users as weakening, exit 4",
        undefined,
        { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
        { kind: "locations-narrowed", weakens: true, risk: "medium", sentence: "sign-ins from trusted locations are now excluded: they lose MFA" },
        4,
      ],
      [
        "reports a policy narrowed from any location to one named location as weakening, high risk",
        undefined,
        { includeLocations: [OFFICE] },
        {
          kind: "locations-narrowed",
          weakens: true,
          risk: "high",
          sentence: `now applies only to sign-ins from named location ${OFFICE} (was any location): sign-ins from anywhere else lose MFA`,
        },
      ],
      [
        "reports an exclusion taken back as widening, exit 5",
        { includeLocations: ["All"], excludeLocations: ["AllTrusted", OFFICE] },
        { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
        {
          kind: "locations-widened",
          weakens: false,
          risk: "medium",
          sentence: `sign-ins from named location ${OFFICE} are no longer excluded: they now need MFA`,
        },
        5,
      ],
    ] as OneChange[]) {
      it(title, () => expectOneChange(before, after, change, exit));
    }

    it("reports a block no longer applied at a location in the block's words", () => {
      const head = withWhere(LEGACY, { includeLocations: ["All"], excludeLocations: [OFFICE] });
      expect(semanticDiff(BASE, head).changes.map((c) => c.sentence)).to.deep.equal([
        `sign-ins from named location ${OFFICE} are now excluded: they are no longer blocked`,
      ]);
    });

    it("reports each location a listed scope loses and gains", () => {
      const base = withWhere(ALL_USERS, { includeLocations: [OFFICE] });
      const head = withWhere(ALL_USERS, { includeLocations: [BRANCH] });
      expect(semanticDiff(base, head).changes.map((c) => [c.kind, c.sentence])).to.deep.equal([
        ["locations-narrowed", `no longer applies to sign-ins from named location ${OFFICE}: they lose MFA`],
        ["locations-widened", `now also applies to sign-ins from named location ${BRANCH}: they now need MFA`],
      ]);
    });

    it("reads a condition that includes All, in any letter case, as no condition, and ignores list order and id case", () => {
      expect(semanticDiff(BASE, withWhere(ALL_USERS, { includeLocations: ["all"] })).changes).to.deep.equal([]);
      const base = withWhere(ALL_USERS, { includeLocations: [OFFICE, BRANCH] });
      const head = withWhere(ALL_USERS, { includeLocations: [BRANCH.toUpperCase(), OFFICE] });
      expect(semanticDiff(base, head).changes).to.deep.equal([]);
    });

    it("is low risk on a report-only policy, and still says that it weakens", () => {
      const reportOnly = JSON.parse(JSON.stringify(BASE));
      for (const p of reportOnly.conditionalAccessPolicies) p.state = "enabledForReportingButNotEnforced";
      const [change] = semanticDiff(reportOnly, withWhere(ALL_USERS, { includeLocations: ["All"], excludeLocations: ["AllTrusted"] }, reportOnly)).changes;
      expect([change.kind, change.weakens, change.risk]).to.deep.equal(["locations-narrowed", true, "low"]);
    });
  });

  describe("device platforms", () => {
    for (const [title, before, after, change] of [
      [
        "reports a platform excluded from MFA as weakening, naming it as Entra does",
        undefined,
        { includePlatforms: ["all"], excludePlatforms: ["ios", "macOS"] },
        { kind: "platforms-narrowed", weakens: true, risk: "medium", sentence: "sign-ins from iOS and macOS are now excluded: they lose MFA" },
      ],
      [
        "reports a policy narrowed to listed platforms as weakening (other and unknown platforms lose it), high risk",
        undefined,
        { includePlatforms: ["windows", "android"] },
        {
          kind: "platforms-narrowed",
          weakens: true,
          risk: "high",
          sentence: "now applies only to sign-ins from Windows and Android (was any device platform): sign-ins from anywhere else lose MFA",
        },
      ],
      [
        "reports a policy widened to every platform",
        { includePlatforms: ["windows"] },
        undefined,
        {
          kind: "platforms-widened",
          weakens: false,
          risk: "high",
          sentence: "now applies to sign-ins from any device platform (was only Windows): they now need MFA",
        },
      ],
    ] as OneChange[]) {
      it(title, () => expectOneChange(before, after, change));
    }

    it("compares platforms in any letter case", () => {
      const base = withWhere(ALL_USERS, { includePlatforms: ["iOS", "Android"] });
      const head = withWhere(ALL_USERS, { includePlatforms: ["android", "IOS"] });
      expect(semanticDiff(base, head).changes).to.deep.equal([]);
    });
  });

  describe("a policy added or removed", () => {
    it("says where from it applies", () => {
      const base = withWhere(ALL_USERS, {
        includeLocations: ["All"],
        excludeLocations: ["AllTrusted"],
        includePlatforms: ["all"],
        excludePlatforms: ["linux"],
      });
      const head = JSON.parse(JSON.stringify(base));
      head.conditionalAccessPolicies = head.conditionalAccessPolicies.filter((p: { displayName: string }) => p.displayName !== ALL_USERS);
      const [removed] = semanticDiff(base, head).changes;
      expect(removed.sentence).to.equal(
        "policy removed: it enforced MFA for all users on all cloud apps, from any location except trusted locations, from any device platform except Linux",
      );
      const [added] = semanticDiff(head, base).changes;
      expect(added.sentence).to.equal(
        "new policy, enforced: MFA for all users on all cloud apps, from any location except trusted locations, from any device platform except Linux",
      );
    });
  });

  describe("no silent weakening (property)", () => {
    // Each sign-in's place: a named location (trusted or not) or none, and a platform (or one Entra cannot identify).
    const PLACES = [
      { id: OFFICE, trusted: true },
      { id: BRANCH, trusted: false },
      { id: "7a2e3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", trusted: true },
      { id: undefined, trusted: false },
    ];
    const PLATFORMS = ["android", "iOS", "windows", "windowsPhone", "macOS", "linux", "unknown"];
    const locationValues = fc.constantFrom("All", "AllTrusted", OFFICE, BRANCH, "7a2e3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    const platformValues = fc.constantFrom("all", "android", "iOS", "IOS", "windows", "windowsPhone", "macOS", "linux");
    const where = fc.record(
      {
        includeLocations: fc.array(locationValues, { minLength: 1, maxLength: 3 }),
        excludeLocations: fc.array(locationValues, { maxLength: 2 }),
        includePlatforms: fc.array(platformValues, { minLength: 1, maxLength: 3 }),
        excludePlatforms: fc.array(platformValues, { maxLength: 2 }),
      },
      { requiredKeys: [] },
    );

    // Microsoft's documented reading: a list matches "All", "AllTrusted" for a trusted location, or the location's id; an
    // unconfigured condition covers every sign-in; "all" platforms covers any, a listed one only itself.
    const locationMatches = (list: string[], place: (typeof PLACES)[number]) =>
      list.includes("All") || (list.includes("AllTrusted") && place.trusted) || (place.id !== undefined && list.includes(place.id));
    const platformMatches = (list: string[], platform: string) => list.some((p) => p.toLowerCase() === "all" || p.toLowerCase() === platform.toLowerCase());
    const covers = (w: Where, place: (typeof PLACES)[number], platform: string) =>
      (w.includeLocations === undefined && w.excludeLocations === undefined
        ? true
        : locationMatches(w.includeLocations ?? [], place) && !locationMatches(w.excludeLocations ?? [], place)) &&
      (w.includePlatforms === undefined && w.excludePlatforms === undefined
        ? true
        : platformMatches(w.includePlatforms ?? [], platform) && !platformMatches(w.excludePlatforms ?? [], platform));

    it("reports a weakening whenever a sign-in the base covered is no longer covered, and some change whenever coverage differs", () => {
      fc.assert(
        fc.property(where, where, (before, after) => {
          const report = semanticDiff(withWhere(ALL_USERS, before), withWhere(ALL_USERS, after));
          const lost = PLACES.some((place) => PLATFORMS.some((platform) => covers(before, place, platform) && !covers(after, place, platform)));
          const gained = PLACES.some((place) => PLATFORMS.some((platform) => !covers(before, place, platform) && covers(after, place, platform)));
          if (lost)
            expect(
              report.changes.some((c) => c.weakens),
              JSON.stringify({ before, after }),
            ).to.equal(true);
          if (lost || gained) expect(report.changes, JSON.stringify({ before, after })).not.to.deep.equal([]);
        }),
        { numRuns: 300 },
      );
    });
  });
});
