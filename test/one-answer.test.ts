import { expect } from "chai";
import fc from "fast-check";
import { diffPolicySets } from "../diff/semanticDiff";
import { exitCodeOf } from "../diff/exitCode";
import type { PolicySet } from "../diff/types";
import type { GuardInput } from "../guard/input";
import { coverageProof } from "../guard/rules/coverageProof";
import { sdParity } from "../guard/rules/sdParity";
import { securityDefaultsGaps } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { inputFor, withUsers } from "./fixtures/guardInputs";
import { BREAK_GLASS_USER, PILOT_GROUP } from "./fixtures/ids";

const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
import { EXIT } from "../documents/errors";

/** Changes a stack's author makes to a baseline policy, each a way a real tenant's policy differs from the template. */
const MUTATIONS: Readonly<Record<string, (p: ConditionalAccessPolicy) => ConditionalAccessPolicy>> = {
  skipsTrustedLocations: (p) => ({ ...p, conditions: { ...p.conditions, locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } }),
  skipsGuests: (p) => withUsers(p, { excludeUsers: [...p.conditions.users.excludeUsers, "GuestsOrExternalUsers"] }),
  skipsOffice365: (p) => ({ ...p, conditions: { ...p.conditions, applications: { ...p.conditions.applications, excludeApplications: ["Office365"] } } }),
  acceptsCompliantDevice: (p) => ({ ...p, grantControls: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] } }),
  modernClientsOnly: (p) => ({ ...p, conditions: { ...p.conditions, clientAppTypes: ["browser", "mobileAppsAndDesktopClients"] } }),
  pilotOnly: (p) => withUsers(p, { includeUsers: [], includeGroups: [PILOT_GROUP] }),
  skipsGlobalAdministrators: (p) => withUsers(p, { excludeRoles: [...p.conditions.users.excludeRoles, GLOBAL_ADMINISTRATOR] }),
  iosOnly: (p) => ({ ...p, conditions: { ...p.conditions, platforms: { includePlatforms: ["iOS"], excludePlatforms: [] } } }),
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

/** A random p2 stack: each baseline policy enforced or left report-only, with any of the mutations. */
const stacks = fc.record({
  enforced: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  mutations: fc.array(fc.array(fc.constantFrom(...MUTATION_NAMES), { maxLength: 2 }), { minLength: 6, maxLength: 6 }),
});

function sides({ enforced, mutations }: { enforced: boolean[]; mutations: string[][] }): { base: GuardInput; head: GuardInput } {
  const p2 = inputFor({ plan: "p2", policyState: "enabled", breakGlassUsers: [BREAK_GLASS_USER] });
  const policies = p2.policies.map((p, i) => mutations[i].reduce((policy, m) => MUTATIONS[m](policy), p));
  const staged = policies.map((p) => ({ ...p, state: "enabledForReportingButNotEnforced" as const }));
  return {
    // Staging: Security Defaults on, the same policies report-only.
    base: { ...p2, protection: "securityDefaults", securityDefaults: { isEnabled: true }, policies: staged },
    // The cut-over the author proposes: Security Defaults off, some policies enforced.
    head: { ...p2, policies: policies.map((p, i) => (enforced[i] ? p : staged[i])) },
  };
}

const policySet = (label: string, input: GuardInput): PolicySet => ({
  label,
  securityDefaults: input.securityDefaults,
  policies: input.policies,
  breakGlass: { users: input.breakGlassUsers, groups: input.breakGlassGroups },
  findings: [],
});

describe("one answer per Entra question: does Conditional Access give what Security Defaults gave?", () => {
  it("the diff calls turning Security Defaults off weakening exactly when the guard's parity or the coverage proof find a gap (property)", () => {
    fc.assert(
      fc.property(stacks, (stack) => {
        const { base, head } = sides(stack);
        const report = diffPolicySets(policySet("staging", base), policySet("cut-over", head));
        const sdOff = report.changes.find((c) => c.kind === "security-defaults-disabled")!;
        const gap = sdParity.check(head).length > 0 || coverageProof.check(head).length > 0;
        expect(sdOff.weakens, JSON.stringify(stack)).to.equal(gap);
        // Nothing else in this change weakens: the exit code is the parity answer (4 weakens, 5 changed).
        expect(exitCodeOf(report)).to.equal(gap ? EXIT.weakens : EXIT.changed);
      }),
      { numRuns: 150 },
    );
  });

  it("every gap the coverage proof finds is a Security Defaults protection the parity answer misses too (property)", () => {
    fc.assert(
      fc.property(stacks, (stack) => {
        const { head } = sides(stack);
        if (coverageProof.check(head).length > 0) expect(securityDefaultsGaps(head.policies)).to.not.deep.equal([]);
      }),
      { numRuns: 150 },
    );
  });

  for (const mutation of ["skipsTrustedLocations", "skipsGuests", "skipsOffice365"]) {
    it(`agrees on an all-users MFA policy that ${mutation.replace(/^skips/, "skips ")}: the guard refuses it, the diff calls it weakening (exit 4)`, () => {
      const { base, head } = sides({ enforced: Array(6).fill(true), mutations: [[], [mutation], [], [], [], []] });
      expect(sdParity.check(head).map((f) => f.message)).to.satisfy((messages: string[]) => messages.some((m) => m.includes("MFA for all users")));
      const report = diffPolicySets(policySet("staging", base), policySet("cut-over", head));
      expect(exitCodeOf(report)).to.equal(EXIT.weakens);
      expect(report.changes.find((c) => c.kind === "security-defaults-disabled")!.sentence).to.contain("do not give MFA for all users");
    });
  }

  it("agrees that the unmodified baseline, enforced, gives every protection: no parity gap, no coverage gap, exit 5", () => {
    const { base, head } = sides({ enforced: Array(6).fill(true), mutations: Array(6).fill([]) });
    expect([sdParity.check(head), coverageProof.check(head)]).to.deep.equal([[], []]);
    expect(exitCodeOf(diffPolicySets(policySet("staging", base), policySet("cut-over", head)))).to.equal(EXIT.changed);
  });
});
