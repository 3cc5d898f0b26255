import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { PlanResult } from "../documents/planResult";
import { exitCodeOf } from "../diff/format";
import { semanticDiff } from "../diff/semanticDiff";
import { CHANGE_KIND_TABLE, type PolicyChange } from "../diff/changeKinds";
import { ADMINS, ALL_USERS, LEGACY, P2_ENFORCED, PILOT } from "./fixtures/diffPlans";

const BASE = P2_ENFORCED;
const BG = "break-glass account 4b7e2c1a-9d3f-4e8b-a6c5-1f2e3d4c5b6a and break-glass account 8c9d0e1f-2a3b-4c5d-8e7f-9a0b1c2d3e4f";

/** A deep copy of the enforced p2 plan, changed by `mutate`. */
function variant(mutate: (plan: any) => void, from: PlanResult = BASE): PlanResult {
  const copy = JSON.parse(JSON.stringify(from));
  mutate(copy);
  return copy;
}

function policy(plan: any, displayName: string): any {
  return plan.conditionalAccessPolicies.find((p: any) => p.displayName === displayName);
}

const fields = (c: PolicyChange) => ({ kind: c.kind, weakens: c.weakens, risk: c.risk, policy: c.policy, sentence: c.sentence });

describe("semanticDiff", () => {
  it("finds no change between a plan and itself, and exits 0", () => {
    const report = semanticDiff(BASE, BASE);
    expect(report.changes).to.deep.equal([]);
    expect(exitCodeOf(report)).to.equal(0);
  });

  it("ignores the order of policies and of every list", () => {
    const shuffled = variant((p) => {
      p.conditionalAccessPolicies.reverse();
      for (const pol of p.conditionalAccessPolicies) {
        pol.conditions.users.includeRoles.reverse();
        pol.conditions.users.excludeUsers.reverse();
        pol.conditions.clientAppTypes.reverse();
        pol.grantControls.builtInControls.reverse();
      }
    });
    expect(semanticDiff(BASE, shuffled).changes).to.deep.equal([]);
  });

  it("reports a removed break-glass exclusion as weakening, high risk", () => {
    const head = variant((p) => (policy(p, ALL_USERS).conditions.users.excludeUsers = []));
    const report = semanticDiff(BASE, head);
    const sentence = `the break-glass exclusion is removed: ${BG} now need MFA, so emergency access can be locked out`;
    expect(report.changes.map(fields)).to.deep.equal([{ kind: "break-glass-exclusion-removed", weakens: true, risk: "high", policy: ALL_USERS, sentence }]);
    expect(exitCodeOf(report)).to.equal(4);
  });

  it("counts the admin roles that lose MFA when roles are dropped", () => {
    const head = variant((p) => policy(p, ADMINS).conditions.users.includeRoles.splice(2));
    const sentence =
      "12 admin roles lose Phishing-resistant MFA: SharePoint Administrator, Exchange Administrator, Conditional Access Administrator and 9 more";
    expect(semanticDiff(BASE, head).changes.map(fields)).to.deep.equal([{ kind: "roles-removed", weakens: true, risk: "high", policy: ADMINS, sentence }]);
  });

  it("reports report-only → enforced as high risk that does not weaken, exit 5", () => {
    const base = variant((p) => (policy(p, ADMINS).state = "enabledForReportingButNotEnforced"));
    const report = semanticDiff(base, BASE);
    const sentence = "goes from report-only to enforced: matching sign-ins are now asked for Phishing-resistant MFA";
    expect(report.changes.map(fields)).to.deep.equal([{ kind: "state-enforced", weakens: false, risk: "high", policy: ADMINS, sentence }]);
    expect(exitCodeOf(report)).to.equal(5);
  });

  it("reports enforced → report-only as weakening", () => {
    const head = variant((p) => (policy(p, LEGACY).state = "enabledForReportingButNotEnforced"));
    const sentence = "goes from enforced to report-only: sign-ins are only logged, no longer blocked";
    expect(semanticDiff(BASE, head).changes.map(fields)).to.deep.equal([{ kind: "state-relaxed", weakens: true, risk: "high", policy: LEGACY, sentence }]);
  });

  it("says legacy authentication is no longer blocked when the enforced block policy is removed", () => {
    const head = variant((p) => (p.conditionalAccessPolicies = p.conditionalAccessPolicies.filter((x: any) => x.displayName !== LEGACY)));
    const report = semanticDiff(BASE, head);
    expect(report.changes.map(fields)).to.deep.equal([
      { kind: "policy-removed", weakens: true, risk: "high", policy: LEGACY, sentence: "policy removed: legacy authentication is no longer blocked" },
    ]);
    expect(report.summary).to.deep.include({ policiesRemoved: 1, weakening: 1 });
  });

  it("reports a legacy client type dropped from the block", () => {
    const head = variant((p) => (policy(p, LEGACY).conditions.clientAppTypes = ["exchangeActiveSync"]));
    expect(semanticDiff(BASE, head).changes.map(fields)).to.deep.equal([
      { kind: "client-apps-narrowed", weakens: true, risk: "high", policy: LEGACY, sentence: "no longer blocks other clients (legacy authentication)" },
    ]);
  });

  it("reports a removed report-only policy as weakening with medium risk", () => {
    const base = variant((p) => (policy(p, ALL_USERS).state = "enabledForReportingButNotEnforced"));
    const head = variant((p) => (p.conditionalAccessPolicies = p.conditionalAccessPolicies.filter((x: any) => x.displayName !== ALL_USERS)), base);
    const sentence = "policy removed: it was report-only, with MFA for all users on all cloud apps";
    expect(semanticDiff(base, head).changes.map(fields)).to.deep.equal([
      { kind: "policy-removed", weakens: true, risk: "medium", policy: ALL_USERS, sentence },
    ]);
  });

  it("reports a pilot widened to all users", () => {
    const base = variant((p) => {
      policy(p, ALL_USERS).conditions.users.includeUsers = [];
      policy(p, ALL_USERS).conditions.users.includeGroups = [PILOT];
    });
    expect(semanticDiff(base, BASE).changes.map(fields)).to.deep.equal([
      { kind: "users-widened", weakens: false, risk: "high", policy: ALL_USERS, sentence: `now applies to all users (was group ${PILOT})` },
    ]);
    expect(semanticDiff(BASE, base).changes.map(fields)).to.deep.equal([
      { kind: "users-narrowed", weakens: true, risk: "high", policy: ALL_USERS, sentence: `no longer applies to all users, only to group ${PILOT}` },
    ]);
  });

  it("reports Security Defaults turned off with nothing enforced instead as weakening", () => {
    const staging = variant((p) => {
      p.securityDefaults = { isEnabled: true };
      for (const pol of p.conditionalAccessPolicies) pol.state = "enabledForReportingButNotEnforced";
    });
    const head = variant((p) => (p.securityDefaults = { isEnabled: false }), staging);
    const sentence =
      "Security Defaults are turned off and the enforced Conditional Access policies do not give " +
      "MFA for administrators, MFA for all users, legacy authentication blocked, MFA for Azure management";
    expect(semanticDiff(staging, head).changes.map(fields)).to.deep.equal([
      { kind: "security-defaults-disabled", weakens: true, risk: "high", policy: undefined, sentence },
    ]);
  });

  it("reports the cut-over (Security Defaults off, policies enforced) as high risk that does not weaken", () => {
    const base = variant((p) => (p.securityDefaults = { isEnabled: true }));
    const [change] = semanticDiff(base, BASE).changes;
    expect(fields(change)).to.deep.equal({
      kind: "security-defaults-disabled",
      weakens: false,
      risk: "high",
      policy: undefined,
      sentence:
        "Security Defaults are turned off: enforced Conditional Access policies take over every protection they gave " +
        "(MFA for administrators and all users, legacy authentication blocked, MFA for Azure management)",
    });
  });

  it("reports the grant going from the phishing-resistant strength to MFA as weakening", () => {
    const head = variant((p) => (policy(p, ADMINS).grantControls = { operator: "OR", builtInControls: ["mfa"] }));
    expect(semanticDiff(BASE, head).changes.map(fields)).to.deep.equal([
      { kind: "grant-weakened", weakens: true, risk: "high", policy: ADMINS, sentence: "asks for any MFA method instead of Phishing-resistant MFA" },
    ]);
  });

  it("reports a new alternative under OR as weakening and AND → OR as weakening", () => {
    const head = variant((p) => (policy(p, ALL_USERS).grantControls = { operator: "OR", builtInControls: ["mfa", "compliantDevice"] }));
    expect(semanticDiff(BASE, head).changes.map(fields)).to.deep.equal([
      { kind: "grant-weakened", weakens: true, risk: "high", policy: ALL_USERS, sentence: "now also accepts a compliant device instead of MFA" },
    ]);
    const and = variant((p) => (policy(p, ALL_USERS).grantControls = { operator: "AND", builtInControls: ["mfa", "compliantDevice"] }));
    const sentence = "requires one of MFA or a compliant device instead of all of them";
    expect(semanticDiff(and, head).changes.map(fields)).to.deep.equal([
      { kind: "grant-operator-changed", weakens: true, risk: "high", policy: ALL_USERS, sentence },
    ]);
  });

  it("reports guests excluded, an app excluded and risk levels narrowed", () => {
    const head = variant((p) => {
      policy(p, ALL_USERS).conditions.users.excludeUsers.push("GuestsOrExternalUsers");
      policy(p, ALL_USERS).conditions.applications.excludeApplications = ["797f4846-ba00-4fd7-ba43-dac1f8f63013"];
      policy(p, "entra-baseline: Require multifactor authentication for risky sign-ins").conditions.signInRiskLevels = ["high"];
    });
    expect(semanticDiff(BASE, head).changes.map((c) => [c.kind, c.weakens, c.sentence])).to.deep.equal([
      ["guests-excluded", true, "now excludes guests and external users: they lose MFA"],
      ["apps-narrowed", true, "now excludes Azure management from MFA"],
      ["risk-levels-narrowed", true, "no longer applies at medium sign-in risk"],
    ]);
  });

  it("reports guest or external user types excluded (today's admin center shape) as weakening, and reincluded as widening", () => {
    const scope = { guestOrExternalUserTypes: "b2bCollaborationGuest,serviceProvider", externalTenants: { membershipKind: "all" } };
    const head = variant((p) => (policy(p, ALL_USERS).conditions.users.excludeGuestsOrExternalUsers = scope));
    expect(semanticDiff(BASE, head).changes.map((c) => [c.kind, c.weakens, c.sentence])).to.deep.equal([
      ["guests-excluded", true, "now excludes guest or external users: b2bCollaborationGuest, serviceProvider; they lose MFA"],
    ]);
    expect(semanticDiff(head, BASE).changes.map((c) => [c.kind, c.weakens])).to.deep.equal([["guests-included", false]]);
  });

  it("reports a guest scope narrowed to one tenant as a narrowing of who the policy covers", () => {
    const base = variant((p) => {
      policy(p, ADMINS).conditions.users.includeGuestsOrExternalUsers = {
        guestOrExternalUserTypes: "serviceProvider",
        externalTenants: { membershipKind: "all" },
      };
    });
    const head = variant((p) => {
      policy(p, ADMINS).conditions.users.includeGuestsOrExternalUsers = null;
    }, base);
    expect(semanticDiff(base, head).changes.map((c) => [c.kind, c.weakens])).to.deep.equal([["guests-excluded", true]]);
  });

  describe("guest scopes, type by type and tenant by tenant", () => {
    const TENANT = "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    const guests = (types: string, members?: string[]) => ({
      guestOrExternalUserTypes: types,
      externalTenants: members ? { membershipKind: "enumerated", members } : { membershipKind: "all" },
    });
    const including = (scope: object) => variant((p) => (policy(p, ADMINS).conditions.users.includeGuestsOrExternalUsers = scope));
    const excluding = (scope: object) => variant((p) => (policy(p, ALL_USERS).conditions.users.excludeGuestsOrExternalUsers = scope));
    const kinds = (base: PlanResult, head: PlanResult) => semanticDiff(base, head).changes.map((c) => [c.kind, c.weakens, c.sentence]);

    it("reports a type dropped from the included guests as weakening, and one added as widening", () => {
      const two = including(guests("internalGuest,b2bCollaborationGuest"));
      const one = including(guests("internalGuest"));
      expect(kinds(two, one)).to.deep.equal([
        ["guests-excluded", true, "no longer applies to guest or external users: b2bCollaborationGuest; they lose Phishing-resistant MFA"],
      ]);
      expect(kinds(one, two)).to.deep.equal([["guests-included", false, "now applies to guest or external users: b2bCollaborationGuest"]]);
    });

    it("reports included guests narrowed from any tenant to one as weakening", () => {
      expect(kinds(including(guests("serviceProvider")), including(guests("serviceProvider", [TENANT])))).to.deep.equal([
        [
          "guests-excluded",
          true,
          `no longer applies to guest or external users: serviceProvider from tenants other than ${TENANT}; they lose Phishing-resistant MFA`,
        ],
      ]);
    });

    it("reports excluded guests widened from one tenant to any as weakening, and the reverse as widening", () => {
      const one = excluding(guests("b2bCollaborationGuest", [TENANT]));
      const any = excluding(guests("b2bCollaborationGuest"));
      expect(kinds(one, any)).to.deep.equal([
        ["guests-excluded", true, "now excludes guest or external users: b2bCollaborationGuest from any tenant; they lose MFA"],
      ]);
      expect(kinds(any, one).map(([kind, weakens]) => [kind, weakens])).to.deep.equal([["guests-included", false]]);
    });

    it("finds no change when only the spelling differs: type order, tenant ids' case, Graph's @odata.type", () => {
      const base = including(guests("internalGuest,serviceProvider", [TENANT]));
      const head = including({
        guestOrExternalUserTypes: "serviceProvider,internalGuest",
        externalTenants: {
          "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
          membershipKind: "enumerated",
          members: [TENANT.toUpperCase()],
        },
      });
      expect(semanticDiff(base, head).changes).to.deep.equal([]);
    });
  });

  it("reads a session-only policy (grantControls null) without failing, and its grant added as strengthening", () => {
    const base = variant((p) => (policy(p, ADMINS).grantControls = null));
    const head = variant((p) => (policy(p, ADMINS).grantControls = { operator: "OR", builtInControls: ["mfa"] }));
    expect(semanticDiff(base, base).changes).to.deep.equal([]);
    expect(semanticDiff(base, head).changes.map((c) => [c.kind, c.weakens])).to.deep.equal([["grant-strengthened", false]]);
    expect(semanticDiff(head, base).changes.map((c) => [c.kind, c.weakens])).to.deep.equal([["grant-weakened", true]]);
  });

  it("reports a longer sign-in frequency as a weaker session", () => {
    const every = (value: number, type: "hours" | "days") => ({
      signInFrequency: { isEnabled: true, authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "timeBased", value, type },
    });
    const base = variant((p) => (policy(p, ADMINS).sessionControls = every(4, "hours")));
    const head = variant((p) => (policy(p, ADMINS).sessionControls = every(7, "days")));
    const sentence = "session: reauthentication every 7 days instead of reauthentication every 4 hours";
    expect(semanticDiff(base, head).changes.map(fields)).to.deep.equal([{ kind: "session-weakened", weakens: true, risk: "medium", policy: ADMINS, sentence }]);
  });

  it("ranks weakening changes first, then by risk", () => {
    const base = variant((p) => (policy(p, ADMINS).state = "enabledForReportingButNotEnforced"));
    const head = variant((p) => {
      p.conditionalAccessPolicies.push({ ...policy(p, ALL_USERS), displayName: "entra-baseline: pilot", state: "disabled" });
      policy(p, LEGACY).conditions.users.excludeUsers = [];
    });
    expect(semanticDiff(base, head).changes.map((c) => [c.kind, c.weakens, c.risk])).to.deep.equal([
      ["break-glass-exclusion-removed", true, "high"],
      ["state-enforced", false, "high"],
      ["policy-added", false, "low"],
    ]);
  });

  it("reports a reduced set of break-glass accounts once, as weakening", () => {
    const head = variant((p) => {
      p.breakGlass.users = [p.breakGlass.users[0]];
      for (const pol of p.conditionalAccessPolicies) pol.conditions.users.excludeUsers = pol.conditions.users.excludeUsers.slice(0, 1);
    });
    const sentence = "break-glass accounts change: user 8c9d0e1f-2a3b-4c5d-8e7f-9a0b1c2d3e4f is no longer excluded as emergency access";
    expect(semanticDiff(BASE, head).changes.map(fields)).to.deep.equal([
      { kind: "break-glass-accounts-changed", weakens: true, risk: "high", policy: undefined, sentence },
    ]);
  });

  it("lists the head's guard findings, errors first, marking new ones", () => {
    const base = variant((p) => (p.findings = [{ rule: "EB-SD-STAGING", severity: "info", message: "staging" }]));
    const head = variant(
      (p) =>
        (p.findings = [
          { rule: "EB-SD-STAGING", severity: "info", message: "staging" },
          { rule: "EB-EXAMPLE-ID", severity: "warning", message: "example ids" },
        ]),
    );
    expect(semanticDiff(base, head).headFindings).to.deep.equal([
      { rule: "EB-EXAMPLE-ID", severity: "warning", message: "example ids", isNew: true },
      { rule: "EB-SD-STAGING", severity: "info", message: "staging", isNew: false },
    ]);
  });
});

describe("semanticDiff of terms of use and custom controls", () => {
  const TERMS = "3c2d1e0f-9a8b-4c7d-8e6f-5a4b3c2d1e0f";
  const withGrant = (grant: Record<string, unknown>) => variant((p) => Object.assign(policy(p, ALL_USERS).grantControls, grant));

  it("reports terms of use accepted instead of MFA (OR) as weakening, exit 4", () => {
    const report = semanticDiff(BASE, withGrant({ termsOfUse: [TERMS] }));
    expect(report.changes.map(fields)).to.deep.equal([
      { kind: "grant-weakened", weakens: true, risk: "high", policy: ALL_USERS, sentence: `now also accepts terms of use ${TERMS} instead of MFA` },
    ]);
    expect(exitCodeOf(report)).to.equal(4);
  });

  it("reports terms of use required beside MFA (AND) as strengthening, and dropped again as weakening", () => {
    const both = withGrant({ operator: "AND", termsOfUse: [TERMS.toUpperCase()] });
    expect(semanticDiff(BASE, both).changes.map((c) => [c.kind, c.sentence])).to.deep.equal([
      ["grant-strengthened", `now also requires terms of use ${TERMS}`],
    ]);
    expect(semanticDiff(both, withGrant({ operator: "AND" })).changes.map((c) => [c.kind, c.weakens, c.sentence])).to.deep.equal([
      ["grant-weakened", true, `no longer requires terms of use ${TERMS}`],
    ]);
  });

  it("does not call MFA added beside terms of use (OR) a strengthening: the terms still let users through", () => {
    const termsOnly = withGrant({ builtInControls: [], termsOfUse: [TERMS] });
    const changes = semanticDiff(termsOnly, withGrant({ termsOfUse: [TERMS] })).changes;
    expect(changes.map((c) => [c.kind, c.weakens, c.sentence])).to.deep.equal([
      ["grant-changed", false, `asks for any MFA method instead of no MFA; terms of use ${TERMS} still lets users through without it`],
    ]);
  });

  it("reports a weaker strength beside a compliant device (OR) as weakening: users without the device get in with less", () => {
    const strength = (id: string) => withGrant({ builtInControls: ["compliantDevice"], authenticationStrength: { id } });
    const changes = semanticDiff(strength("00000000-0000-0000-0000-000000000004"), strength("00000000-0000-0000-0000-000000000002")).changes;
    expect(changes.map((c) => [c.kind, c.weakens])).to.deep.equal([["grant-weakened", true]]);
  });

  it("reports a custom control accepted instead of MFA as weakening", () => {
    expect(semanticDiff(BASE, withGrant({ customAuthenticationFactors: ["duo"] })).changes.map((c) => [c.kind, c.sentence])).to.deep.equal([
      ["grant-weakened", "now also accepts custom control duo instead of MFA"],
    ]);
  });
});

describe("docs/semantic-diff.md", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "semantic-diff.md"), "utf8");

  it("shows the change kind table as the code declares it: every kind, when it weakens, an example, and no other row", () => {
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (.*) \| (.*) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).to.deep.equal(Object.entries(CHANGE_KIND_TABLE).map(([kind, record]) => [kind, record.when, record.example]));
  });

  it("says yes for a kind whose every change weakens and no for one that never does", () => {
    for (const [kind, record] of Object.entries(CHANGE_KIND_TABLE)) {
      if (record.weakens === "judged") continue;
      expect(record.when.startsWith(record.weakens ? "**yes**" : "no"), kind).to.equal(true);
    }
  });
});
