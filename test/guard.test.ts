import { expect } from "chai";
import { decideBaseline } from "../components/decideBaseline";
import type { GuardInput, GuardRule } from "../guard/input";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { authMethodsKeepOne } from "../guard/rules/authMethodsKeepOne";
import { authMethodsMigration } from "../guard/rules/authMethodsMigration";
import { blockAllUsers } from "../guard/rules/blockAllUsers";
import { breakGlassExcluded } from "../guard/rules/breakGlassExcluded";
import { breakGlassIncluded } from "../guard/rules/breakGlassIncluded";
import { duplicateNames } from "../guard/rules/duplicateNames";
import { exampleIds } from "../guard/rules/exampleIds";
import { GUARD_RULES } from "../guard/rules";
import { breakGlassUnconfirmed } from "../guard/rules/breakGlassUnconfirmed";
import { licenceFreeCa } from "../guard/rules/licenceFreeCa";
import { perUserMfaDisableSafe } from "../guard/rules/perUserMfaDisableSafe";
import { perUserMfaEnforce } from "../guard/rules/perUserMfaEnforce";
import { registrationCampaignCa } from "../guard/rules/registrationCampaignCa";
import { lockoutProof } from "../guard/rules/lockoutProof";
import { licenceRiskP2 } from "../guard/rules/licenceRiskP2";
import { pilotNotBreakGlass } from "../guard/rules/pilotNotBreakGlass";
import { policyLimit } from "../guard/rules/policyLimit";
import { riskConditionsSeparate } from "../guard/rules/riskConditionsSeparate";
import { sdCaConflict } from "../guard/rules/sdCaConflict";
import { sdParity } from "../guard/rules/sdParity";
import { sdStaging } from "../guard/rules/sdStaging";
import { coverageProof } from "../guard/rules/coverageProof";
import { formatRejection, runGuard } from "../guard/runGuard";
import { enforcedP2, freeTenant, inputFor, stagingP1, policyOf, withPolicy, withUsers } from "./fixtures/guardInputs";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER, PILOT_GROUP, SERVICE_ACCOUNT } from "./fixtures/ids";

const ADMIN = "adminMfa";
const ALL_USERS = "allUsersMfa";
const LEGACY = "blockLegacyAuth";
const RISKY_SIGN_IN = "signInRiskMfa";

/** The all-users MFA policy as Microsoft's template suggests for offices: everywhere but trusted locations. */
const skippingTrustedLocations = (p: ConditionalAccessPolicy): ConditionalAccessPolicy =>
  ({ ...p, conditions: { ...p.conditions, locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } }) as ConditionalAccessPolicy;

/** Each rule: the compliant case passes, the non-compliant case is found, the not-applicable case is silent. */
interface RuleCases {
  readonly rule: GuardRule;
  readonly compliant: () => GuardInput;
  readonly nonCompliant: [string, () => GuardInput, string][];
  readonly notApplicable: () => GuardInput;
}

const TABLE: RuleCases[] = [
  {
    rule: sdCaConflict,
    compliant: stagingP1,
    nonCompliant: [["an enabled policy while Security Defaults stay on", () => ({ ...enforcedP2(), securityDefaults: { isEnabled: true } }), "error"]],
    notApplicable: enforcedP2,
  },
  {
    rule: licenceFreeCa,
    compliant: freeTenant,
    nonCompliant: [
      ["a CA policy on the free plan", () => ({ ...enforcedP2(), plan: "free" }), "error"],
      ["protection conditionalAccess on the free plan", () => inputFor({ plan: "free", protection: "conditionalAccess" }), "error"],
    ],
    notApplicable: enforcedP2,
  },
  {
    rule: licenceRiskP2,
    compliant: enforcedP2,
    nonCompliant: [["risk policies on p1", () => ({ ...enforcedP2(), plan: "p1" }), "error"]],
    notApplicable: freeTenant,
  },
  {
    rule: breakGlassExcluded,
    compliant: enforcedP2,
    nonCompliant: [
      ["a policy missing a break-glass exclusion", () => withPolicy(enforcedP2(), LEGACY, (p) => withUsers(p, { excludeUsers: [] })), "error"],
      ["policies without any break-glass account", () => ({ ...enforcedP2(), breakGlassUsers: [], breakGlassGroups: [] }), "error"],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: breakGlassIncluded,
    compliant: enforcedP2,
    nonCompliant: [
      [
        "a break-glass group as a policy's target",
        () => withPolicy(enforcedP2(), ALL_USERS, (p) => withUsers(p, { includeGroups: [BREAK_GLASS_GROUP] })),
        "error",
      ],
      ["a break-glass user as a policy's target", () => withPolicy(enforcedP2(), ADMIN, (p) => withUsers(p, { includeUsers: [BREAK_GLASS_USER] })), "error"],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: pilotNotBreakGlass,
    compliant: () => inputFor({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], pilotGroup: PILOT_GROUP }),
    nonCompliant: [["a pilot group that is a break-glass group", () => ({ ...enforcedP2(), pilotGroup: BREAK_GLASS_GROUP }), "error"]],
    notApplicable: enforcedP2,
  },
  {
    rule: blockAllUsers,
    compliant: enforcedP2,
    nonCompliant: [
      [
        "a block over all users excluding nobody",
        () => withPolicy(enforcedP2(), LEGACY, (p) => withUsers(p, { excludeUsers: [], excludeGroups: [] })),
        "error",
      ],
    ],
    notApplicable: () => inputFor({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policies: { blockLegacyAuth: false } }),
  },
  {
    rule: riskConditionsSeparate,
    compliant: enforcedP2,
    nonCompliant: [
      [
        "sign-in risk and user risk in one policy",
        () => withPolicy(enforcedP2(), RISKY_SIGN_IN, (p) => ({ ...p, conditions: { ...p.conditions, userRiskLevels: ["high"] } })),
        "error",
      ],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: policyLimit,
    compliant: enforcedP2,
    nonCompliant: [
      [
        "196 policies",
        () => {
          const base = policyOf(enforcedP2().policies, ALL_USERS);
          return { ...enforcedP2(), policies: Array.from({ length: 196 }, (_, i) => ({ ...base, displayName: `policy ${i}` })) };
        },
        "error",
      ],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: duplicateNames,
    compliant: enforcedP2,
    nonCompliant: [
      [
        "two policies with one name",
        () => withPolicy(enforcedP2(), LEGACY, (p) => ({ ...p, displayName: policyOf(enforcedP2().policies, ADMIN).displayName })),
        "error",
      ],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: sdParity,
    compliant: enforcedP2,
    nonCompliant: [
      [
        "report-only policies with Security Defaults off",
        () => inputFor({ plan: "p1", protection: "conditionalAccess", breakGlassUsers: [BREAK_GLASS_USER] }),
        "error",
      ],
      [
        "legacy block disabled at cut-over while the all-users MFA policy covers modern clients only",
        () =>
          withPolicy(
            withPolicy(enforcedP2(), LEGACY, (p) => ({ ...p, state: "disabled" })),
            ALL_USERS,
            (p) => ({ ...p, conditions: { ...p.conditions, clientAppTypes: ["browser", "mobileAppsAndDesktopClients"] } }),
          ),
        "error",
      ],
      [
        "all-users MFA that accepts a compliant device instead",
        () => withPolicy(enforcedP2(), ALL_USERS, (p) => ({ ...p, grantControls: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] } })),
        "error",
      ],
      ["all-users MFA that skips trusted locations", () => withPolicy(enforcedP2(), ALL_USERS, skippingTrustedLocations), "error"],
      [
        "all-users MFA that skips guests",
        () => withPolicy(enforcedP2(), ALL_USERS, (p) => withUsers(p, { excludeUsers: [...p.conditions.users.excludeUsers, "GuestsOrExternalUsers"] })),
        "error",
      ],
      [
        "all-users MFA that skips Office 365",
        () =>
          withPolicy(enforcedP2(), ALL_USERS, (p) => ({
            ...p,
            conditions: { ...p.conditions, applications: { ...p.conditions.applications, excludeApplications: ["Office365"] } },
          })),
        "error",
      ],
    ],
    notApplicable: stagingP1,
  },
  {
    rule: coverageProof,
    compliant: enforcedP2,
    nonCompliant: [
      [
        "members outside the pilot at cut-over",
        () => inputFor({ plan: "p1", pilotGroup: PILOT_GROUP, policyState: "enabled", breakGlassUsers: [BREAK_GLASS_USER] }),
        "error",
      ],
      [
        "all-users MFA that accepts a compliant device instead",
        () => withPolicy(enforcedP2(), ALL_USERS, (p) => ({ ...p, grantControls: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] } })),
        "error",
      ],
      [
        "Security Defaults off with every policy report-only",
        () => inputFor({ plan: "p1", protection: "conditionalAccess", breakGlassUsers: [BREAK_GLASS_USER] }),
        "error",
      ],
    ],
    notApplicable: () => ({
      ...inputFor({ plan: "p1", protection: "conditionalAccess", breakGlassUsers: [BREAK_GLASS_USER] }),
      managesSecurityDefaults: false,
    }),
  },
  {
    rule: sdStaging,
    compliant: enforcedP2,
    nonCompliant: [["report-only policies beside Security Defaults", stagingP1, "info"]],
    notApplicable: freeTenant,
  },
  {
    rule: lockoutProof,
    compliant: enforcedP2,
    nonCompliant: [
      [
        "a break-glass account blocked on legacy clients",
        () => withPolicy(enforcedP2(), LEGACY, (p) => withUsers(p, { excludeUsers: ["9f9f9f9f-0000-4000-8000-000000000001"] })),
        "error",
      ],
      ["every admin blocked", () => withPolicy(enforcedP2(), ADMIN, (p) => ({ ...p, grantControls: { operator: "OR", builtInControls: ["block"] } })), "error"],
      [
        "admins asked for a compliant device only",
        () => withPolicy(enforcedP2(), ALL_USERS, (p) => ({ ...p, grantControls: { operator: "AND", builtInControls: ["mfa", "compliantDevice"] } })),
        "error",
      ],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: perUserMfaDisableSafe,
    compliant: () => ({ ...enforcedP2(), perUserMfa: "disable" }),
    nonCompliant: [
      [
        "disabling per-user MFA while the all-users policy is report-only and Security Defaults are off",
        () => ({ ...inputFor({ plan: "p1", protection: "conditionalAccess", breakGlassUsers: [BREAK_GLASS_USER] }), perUserMfa: "disable" }),
        "error",
      ],
      [
        "disabling per-user MFA while the all-users policy accepts MFA or a compliant device",
        () => ({
          ...withPolicy(enforcedP2(), ALL_USERS, (p) => ({ ...p, grantControls: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] } })),
          perUserMfa: "disable",
        }),
        "error",
      ],
      [
        "disabling per-user MFA while the all-users policy excludes guests",
        () => ({ ...withPolicy(enforcedP2(), ALL_USERS, (p) => withUsers(p, { excludeUsers: ["GuestsOrExternalUsers"] })), perUserMfa: "disable" }),
        "error",
      ],
      [
        "disabling per-user MFA while the all-users policy covers only a pilot",
        () => ({ ...inputFor({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled", pilotGroup: PILOT_GROUP }), perUserMfa: "disable" }),
        "error",
      ],
    ],
    notApplicable: enforcedP2,
  },
  {
    rule: perUserMfaEnforce,
    compliant: () => ({ ...enforcedP2(), perUserMfa: "disable" }),
    nonCompliant: [["keeping users on enforced per-user MFA", () => ({ ...enforcedP2(), perUserMfa: { enforce: [SERVICE_ACCOUNT] } }), "warning"]],
    notApplicable: freeTenant,
  },
  {
    rule: registrationCampaignCa,
    compliant: () => ({ ...enforcedP2(), registrationCampaign: true }),
    nonCompliant: [["the registration campaign beside Security Defaults", () => ({ ...stagingP1(), registrationCampaign: true }), "error"]],
    notApplicable: freeTenant,
  },
  {
    rule: breakGlassUnconfirmed,
    compliant: () => ({ ...enforcedP2(), breakGlassConfirmed: true }),
    nonCompliant: [
      ["export's break-glass candidates in a preview", () => ({ ...enforcedP2(), breakGlassConfirmed: false }), "warning"],
      ["export's break-glass candidates at pulumi up", () => ({ ...enforcedP2(), breakGlassConfirmed: false, phase: "update" }), "error"],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: exampleIds,
    compliant: enforcedP2,
    nonCompliant: [
      ["an example break-glass id in a preview", () => ({ ...enforcedP2(), breakGlassUsers: ["00000000-0000-0000-0000-0000000000b1"] }), "warning"],
      [
        "an example break-glass id at pulumi up",
        () => ({ ...enforcedP2(), breakGlassUsers: ["00000000-0000-0000-0000-0000000000b1"], phase: "update" }),
        "error",
      ],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: authMethodsKeepOne,
    compliant: () => inputFor({ plan: "free", authenticationMethods: { methods: { sms: "disabled", voice: "disabled" } } }),
    nonCompliant: [
      [
        "every MFA method off or limited to a group",
        () =>
          inputFor({
            plan: "free",
            authenticationMethods: {
              methods: { microsoftAuthenticator: "disabled", fido2: { group: PILOT_GROUP }, softwareOath: "disabled", sms: "disabled", voice: "disabled" },
            },
          }),
        "error",
      ],
    ],
    notApplicable: freeTenant,
  },
  {
    rule: authMethodsMigration,
    compliant: () => inputFor({ plan: "free", authenticationMethods: { migrationComplete: false } }),
    nonCompliant: [["the migration marked complete", () => inputFor({ plan: "free", authenticationMethods: {} }), "warning"]],
    notApplicable: freeTenant,
  },
];

describe("guard rules", () => {
  it("every registered rule has a row in this table, and ids are unique", () => {
    expect(TABLE.map((c) => c.rule.id)).to.have.members(GUARD_RULES.map((r) => r.id));
    expect(new Set(GUARD_RULES.map((r) => r.id)).size).to.equal(GUARD_RULES.length);
  });

  for (const { rule, compliant, nonCompliant, notApplicable } of TABLE) {
    describe(`${rule.id}: ${rule.description}`, () => {
      it("passes a compliant configuration", () => {
        expect(rule.check(compliant())).to.deep.equal([]);
      });
      for (const [what, input, severity] of nonCompliant) {
        it(`rejects ${what} (${severity})`, () => {
          const findings = rule.check(input());
          expect(findings).to.not.be.empty;
          expect(findings.every((f) => f.rule === rule.id && f.severity === severity)).to.equal(true);
        });
      }
      it("is silent where it does not apply", () => {
        expect(rule.check(notApplicable())).to.deep.equal([]);
      });
    });
  }
});

describe("guard messages", () => {
  it("name the policy, the bad value and the fix", () => {
    const [finding] = breakGlassExcluded.check(withPolicy(enforcedP2(), LEGACY, (p) => withUsers(p, { excludeUsers: [] })));
    expect(finding.policy).to.equal("entra-baseline: Block legacy authentication");
    expect(finding.message).to.contain(BREAK_GLASS_USER).and.contain("add them to its excludeUsers");
  });

  it("tell which Security Defaults protection is lost and how to restore it", () => {
    const messages = sdParity.check(inputFor({ plan: "p1", protection: "conditionalAccess", breakGlassUsers: [BREAK_GLASS_USER] })).map((f) => f.message);
    expect(messages).to.have.length(4);
    expect(messages.join("\n"))
      .to.contain("MFA for administrators")
      .and.contain("legacy authentication blocked")
      .and.contain("policies.blockLegacyAuth.state: enabled");
  });

  it("in a pilot, tell that all-users protections wait for the pilot to end", () => {
    const input = inputFor({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], pilotGroup: PILOT_GROUP, policyState: "enabled" });
    const messages = sdParity.check(input).map((f) => f.message);
    expect(messages).to.have.length(3);
    expect(messages[0]).to.contain("remove pilotGroup");
  });
});

describe("EB-PER-USER-ENFORCE for break-glass", () => {
  it("rejects enforcing per-user MFA on a break-glass account", () => {
    const findings = perUserMfaEnforce.check({ ...enforcedP2(), perUserMfa: { enforce: [SERVICE_ACCOUNT, BREAK_GLASS_USER] } });
    expect(findings.map((f) => f.severity)).to.deep.equal(["warning", "error"]);
    expect(findings[1].message).to.contain(BREAK_GLASS_USER).and.contain("remove it from perUserMfa.enforce");
  });
});

describe("runGuard", () => {
  it("collects the findings of every rule", () => {
    const input = { ...enforcedP2(), plan: "p1" as const, securityDefaults: { isEnabled: true } };
    const rules = new Set(runGuard(input).map((f) => f.rule));
    expect([...rules]).to.include.members(["EB-SD-CA-CONFLICT", "EB-LICENCE-RISK-P2"]);
  });

  it("reports a rule that throws as an error instead of passing it", () => {
    const broken: GuardRule = {
      id: "EB-BROKEN",
      description: "throws",
      check: () => {
        throw new Error("boom");
      },
    };
    expect(runGuard(enforcedP2(), [broken])).to.deep.equal([
      { rule: "EB-BROKEN", severity: "error", message: "the rule could not be evaluated (boom); fix the input it names or report a bug" },
    ]);
  });

  it("formats a rejection as one heading and one line per error, warnings left out", () => {
    const findings = [
      { rule: "EB-A", severity: "error" as const, message: "first" },
      { rule: "EB-B", severity: "warning" as const, message: "second" },
      { rule: "EB-C", severity: "error" as const, message: "third" },
    ];
    expect(formatRejection(findings)).to.equal(
      "entra-baseline guard refused the configuration due to the following finding(s):\n  - [EB-A] first\n  - [EB-C] third",
    );
  });
});

describe("decideBaseline", () => {
  it("accepts the staging configuration with its info finding", () => {
    const decision = decideBaseline({ plan: "p2", protection: "securityDefaults", breakGlassUsers: [BREAK_GLASS_USER] });
    expect(decision.ok).to.equal(true);
    if (decision.ok) expect(decision.declaration.findings.map((f) => f.rule)).to.deep.equal(["EB-SD-STAGING"]);
  });

  it("rejects Security Defaults with enabled policies", () => {
    const decision = decideBaseline({ plan: "p1", protection: "securityDefaults", policyState: "enabled", breakGlassUsers: [BREAK_GLASS_USER] });
    expect(decision.ok).to.equal(false);
    if (!decision.ok) expect(decision.findings.filter((f) => f.severity === "error")).to.have.length(4);
  });

  it("rejects configuration errors before running the guard", () => {
    const decision = decideBaseline({ plan: "p4" });
    expect(decision).to.deep.include({ ok: false, findings: [] });
  });

  it("rejects risk policies named in a p1 stack", () => {
    const decision = decideBaseline({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], policies: { userRiskPasswordChange: {} } });
    expect(decision.ok).to.equal(false);
    if (!decision.ok) expect(decision.findings.map((f) => f.rule)).to.include("EB-LICENCE-RISK-P2");
  });
});

describe("EB-COVERAGE-PROOF and the stack's MFA trusted IPs", () => {
  const MFA_TRUSTED_IPS = "00000000-0000-0000-0000-000000000000";
  /** All-users MFA except from the legacy MFA service's trusted IPs. */
  const skipsTrustedIps = () =>
    withPolicy(enforcedP2(), ALL_USERS, (p) => ({
      ...p,
      conditions: { ...p.conditions, locations: { includeLocations: ["All"], excludeLocations: [MFA_TRUSTED_IPS] } },
    }));
  const simulated = (input: GuardInput) => coverageProof.check(input).filter((f) => f.message.startsWith("simulated sign-ins"));

  it("without the ranges, evaluates the policy both ways: the way from inside them is a gap", () => {
    expect(simulated(skipsTrustedIps())).to.have.length.greaterThan(0);
  });

  it("with the ranges the stack declares, signs in from outside them, as the lockout proof does: asked for MFA, no simulated gap", () => {
    expect(simulated({ ...skipsTrustedIps(), mfaTrustedIps: { ipRanges: ["203.0.113.0/24"] } })).to.deep.equal([]);
  });
});
