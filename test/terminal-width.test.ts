import { expect } from "chai";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as plan } from "../cli/plan";
import { reportFailure } from "../cli/runCommand";
import { formatConfigIssues } from "../config/format";
import { PlanRejectedError } from "../documents/errors";
import { formatAuthenticationMethodsDrift, formatDrift, formatPerUserMfa } from "../format/formatDrift";
import { formatRejection } from "../guard/runGuard";
import type { DriftReport, PolicyDrift } from "../live/drift";
import type { NamedLocationDrift } from "../live/namedLocationDrift";
import { formatStep1 } from "../step1/formatStep1";
import type { Step1Counts, Step1Gap, Step1Report } from "../step1/step1Report";
import { displayWidth, fitLines, printable, table, TERMINAL_WIDTH, wrap } from "../text/terminal";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { runCli } from "./support/cli";

/** What a terminal must never be handed from a tenant or a config: control characters (escape sequences, line breaks) and bidi overrides. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Every line within 120 columns, and nothing a terminal would act on. */
function expectFits(text: string, what: string): void {
  for (const line of text.split("\n")) {
    expect(displayWidth(line), `${what}: ${JSON.stringify(line)}`).to.be.at.most(TERMINAL_WIDTH);
    expect(UNSAFE.test(line), `${what}: ${JSON.stringify(line)}`).to.equal(false);
  }
}

/** Hostile text: any code point (escapes, newlines, bidi overrides, wide and combining characters), sometimes very long. */
const hostile = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 100, maxLength: 400 }),
  fc.constantFrom("\u001b[2J\u001b[31mEvil\u001b[0m", "line one\n  unchanged  forged", "\u202eeciffo", "漢字".repeat(90), "x".repeat(500)),
);
const count = fc.nat({ max: 10_000_000 });
const value = fc.oneof(hostile, fc.array(hostile, { maxLength: 6 }), fc.constant(undefined), fc.integer(), fc.boolean());
const change = fc.record({ field: hostile, tenant: value, declared: value });

const policyDrift: fc.Arbitrary<PolicyDrift> = fc.oneof(
  fc.record({
    displayName: hostile,
    status: fc.constant("create" as const),
    missingId: fc.option(hostile, { nil: undefined }),
    equivalents: fc.array(fc.record({ displayName: hostile, id: hostile, state: hostile }), { maxLength: 2 }),
    adoptStep: fc.option(hostile, { nil: undefined }),
  }) as fc.Arbitrary<PolicyDrift>,
  fc.record({
    displayName: hostile,
    status: fc.constant("update" as const),
    id: hostile,
    matchedBy: fc.constant("id"),
    changes: fc.array(change, { maxLength: 3 }),
  }),
  fc.record({ displayName: hostile, status: fc.constant("rename" as const), id: hostile, from: hostile, changes: fc.array(change, { maxLength: 3 }) }),
  fc.record({ displayName: hostile, status: fc.constant("duplicate" as const), id: hostile, of: hostile, sameName: fc.boolean() }),
  fc.record({
    displayName: hostile,
    status: fc.constant("unmanaged" as const),
    microsoftManaged: fc.boolean(),
    acknowledged: fc.option(hostile, { nil: undefined }),
  }),
) as fc.Arbitrary<PolicyDrift>;

const locationDrift: fc.Arbitrary<NamedLocationDrift> = fc.record({
  displayName: hostile,
  status: fc.constantFrom("create" as const, "update" as const, "unchanged" as const),
  id: fc.option(hostile, { nil: undefined }),
  changes: fc.array(fc.record({ field: hostile, tenant: value, declared: value }), { maxLength: 2 }),
  effects: fc.array(
    fc.record({
      policy: hostile,
      kind: fc.constantFrom("widened" as const, "narrowed" as const, "trusted" as const, "untrusted" as const, "lookup-changed" as const),
      use: fc.constantFrom("include" as const, "exclude" as const),
      via: fc.constantFrom("location" as const, "trusted" as const),
      reach: fc.array(hostile, { maxLength: 8 }),
      weakens: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
}) as fc.Arbitrary<NamedLocationDrift>;

const driftReport: fc.Arbitrary<DriftReport> = fc.record({
  securityDefaults: fc.record({ status: fc.constantFrom("unchanged" as const, "change" as const), tenant: fc.boolean(), declared: fc.boolean() }),
  policies: fc.array(policyDrift, { maxLength: 4 }),
  namedLocations: fc.array(locationDrift, { maxLength: 2 }),
  matchedBy: fc.constantFrom("state" as const, "name" as const),
  drifted: fc.boolean(),
});

const counts: fc.Arbitrary<Step1Counts> = fc.record({
  users: count,
  requiredBySecurityDefaults: count,
  requiredByConditionalAccess: count,
  requiredByNothing: count,
  mfaRegistered: count,
  mfaCapable: count,
  ssprEnabled: count,
  ssprRegistered: count,
  ssprCapable: count,
});
const gap: fc.Arbitrary<Step1Gap> = fc.record({
  result: fc.constantFrom("required" as const, "registered" as const, "capable" as const, "sspr" as const, "perUserMfa" as const),
  who: fc.constantFrom("users" as const, "admins" as const),
  count,
  nextStep: hostile,
});
const perUserMfa = fc.option(fc.record({ audited: count, enabled: count, enforced: count }), { nil: undefined });
const step1Report: fc.Arbitrary<Step1Report> = fc.oneof(
  fc.record({
    available: fc.constant(true as const),
    members: counts,
    admins: counts,
    registrations: fc.constant({}),
    breakGlass: fc.array(fc.record({ id: hostile, families: fc.option(fc.array(hostile, { maxLength: 5 }), { nil: null }) }), { maxLength: 3 }),
    perUserMfa,
    adminSspr: fc.option(fc.boolean(), { nil: undefined }),
    gaps: fc.array(gap, { maxLength: 5 }),
    pages: count,
  }),
  fc.record({
    available: fc.constant(false as const),
    reason: fc.constantFrom("licence" as const, "permission" as const, "error" as const),
    message: hostile,
    cannotShow: fc.array(hostile, { maxLength: 3 }),
    requiredBySecurityDefaults: fc.boolean(),
    perUserMfa,
    gaps: fc.array(gap, { maxLength: 3 }),
  }),
) as fc.Arbitrary<Step1Report>;

describe("text for people fits 120 columns, whatever the tenant or the config holds", () => {
  describe("fitLines (text/terminal.ts)", () => {
    it("keeps every line within the width, shows control characters as text, and loses no character (property)", () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom("", "  ", "  - ", "  update     ", " ".repeat(13)), hostile), { maxLength: 6 }), (parts) => {
          const lines = parts.map(([lead, text]) => `${lead}${text}`);
          const fitted = fitLines(lines).join("\n");
          expectFits(fitted, "fitLines");
          // wrap-ansi puts text in Unicode's composed form (NFC), the same characters on screen.
          expect(fitted.normalize().replace(/\s/g, "")).to.equal(lines.map(printable).join("").normalize().replace(/\s/g, ""));
        }),
        { numRuns: 300 },
      );
    });

    it("continues a too-wide line under its text: an item under its first word, a column line under its last column", () => {
      expect(fitLines([`  - [EB-X] ${"word ".repeat(30)}`])).to.deep.equal([`  - [EB-X] ${"word ".repeat(21)}word`, `    ${"word ".repeat(7)}word`]);
      const [first, second] = fitLines([`  duplicate  ${"name ".repeat(30)}`]);
      expect([first.startsWith("  duplicate  name"), second]).to.deep.equal([true, `             ${"name ".repeat(8)}name`]);
      expect(printable("a\u001b[31mb\nc\rd\te\u202e")).to.equal("a\\x1b[31mb\\nc\\rd e\\u202e");
    });
  });

  it("wrap and table show a hostile cell or message as text, within the width (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, hostile), { minLength: 1, maxLength: 5 }), hostile, (rows, message) => {
        expectFits(table([["policy", "state"], ...rows]).join("\n"), "table");
        expectFits(wrap(message, "  - ", "    ").join("\n"), "wrap");
      }),
      { numRuns: 150 },
    );
  });

  it("the drift section (format/formatDrift.ts): hostile display names, ids, fields and values (property)", () => {
    fc.assert(
      fc.property(driftReport, (report) => expectFits(formatDrift(report), "drift")),
      { numRuns: 150 },
    );
  });

  it("the per-user MFA list cuts a long name with an ellipsis, and the authentication methods drift wraps (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: hostile, userPrincipalName: fc.option(hostile, { nil: undefined }), state: fc.constantFrom("enabled", "enforced") }), {
          maxLength: 12,
        }),
        fc.array(fc.record({ field: hostile, tenant: hostile, declared: hostile }), { maxLength: 3 }),
        (users, changes) => {
          expectFits(formatPerUserMfa({ users, usersAudited: users.length } as never), "per-user MFA");
          expectFits(formatAuthenticationMethodsDrift({ changes, enforcedByMicrosoft: { numberMatching: "enabled" } } as never), "methods");
        },
      ),
      { numRuns: 100 },
    );
    const [line] = formatPerUserMfa({ users: [{ id: "x", userPrincipalName: `${"a".repeat(200)}@contoso.com`, state: "enabled" }], usersAudited: 1 } as never)
      .split("\n")
      .slice(1);
    expect(line).to.match(/^ {2}enabled {3}a+…$/);
  });

  it("the Step 1 section (step1/formatStep1.ts): hostile next steps, messages and break-glass ids, with a legend of its short names (property)", () => {
    fc.assert(
      fc.property(step1Report, (report) => {
        const text = formatStep1(report);
        expectFits(text, "Step 1");
        expect(text.split("\n").at(-1)).to.equal("  CA: Conditional Access; MFA: multifactor authentication; SSPR: self-service password reset");
      }),
      { numRuns: 150 },
    );
  });

  describe("rejections on stderr (cli/runCommand.ts)", () => {
    const stderrOf = (err: unknown) => {
      let written = "";
      reportFailure("plan", err, { stdout: () => undefined, stderr: (text) => (written += text) });
      return written;
    };

    it("wraps every config error and guard finding under its text, quoting hostile values as text (property)", () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ key: hostile, message: hostile }), { minLength: 1, maxLength: 5 }),
          fc.array(fc.record({ rule: hostile, severity: fc.constant("error" as const), message: hostile }), { minLength: 1, maxLength: 5 }),
          (issues, findings) => {
            expectFits(stderrOf(new PlanRejectedError(formatConfigIssues(issues), issues)), "config errors");
            expectFits(stderrOf(new PlanRejectedError(formatRejection(findings), [], findings)), "guard findings");
          },
        ),
        { numRuns: 150 },
      );
    });

    it("prints the plan command's rejection of a stack file with a long misspelt key and a long, hostile policy name within 120 columns", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-width-"));
      const longKey = `breakGlassUser${"s".repeat(150)}`;
      const name = `Block \u001b[31m${"legacy authentication for every account ".repeat(8)}`;
      fs.writeFileSync(
        path.join(dir, "Pulumi.wide.yaml"),
        [
          "config:",
          "  entra-baseline:plan: p1",
          `  entra-baseline:breakGlassUsers: ["${BREAK_GLASS_USER}"]`,
          `  entra-baseline:${longKey}: []`,
          `  entra-baseline:customPolicies: [{ displayName: ${JSON.stringify(name)}, state: enabledd }]`,
          "",
        ].join("\n"),
      );
      try {
        const run = await runCli(plan, ["--stack", "wide", "--stacks-dir", dir]);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.contain(longKey.slice(0, 60)).and.contain("nothing would be deployed.");
        expect(run.stderr.split("\n").filter((line) => displayWidth(line) > 100).length, "long lines were wrapped, not dropped").to.be.greaterThan(0);
        expectFits(run.stderr, "plan's stderr");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
