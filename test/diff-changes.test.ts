import { expect } from "chai";
import { semanticDiff } from "../diff/semanticDiff";
import type { PolicyKey } from "../config/types";
import { clientAppName, controlName } from "../diff/names";
import { BUILT_IN_CONTROLS, CLIENT_APP_TYPES } from "../policies/graphTypes";
import { policyOf } from "./fixtures/guardInputs";
import { EXTRA_ROLE } from "./fixtures/ids";
import { P2_ENFORCED, PILOT } from "./fixtures/diffPlans";

const BASE = P2_ENFORCED;
const PHISHING_RESISTANT = "00000000-0000-0000-0000-000000000004";
const PASSWORDLESS = "00000000-0000-0000-0000-000000000003";
const CUSTOM_STRENGTH = "5a0e3f1c-0000-4000-8000-00000000c0de";
const PARTNERS = "9d8c7b6a-0000-4000-8000-0000000000aa";
const EXCHANGE_ONLINE = "00000002-0000-0ff1-ce00-000000000000";
const GUESTS = "GuestsOrExternalUsers";
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

/** Changes one policy of the enforced p2 plan (a deep copy), selected by its config key. */
type Change = (policy: any) => void;

function diffOf(key: PolicyKey, change: Change, baseChange?: Change) {
  const copy = () => JSON.parse(JSON.stringify(BASE));
  const base = copy();
  if (baseChange) baseChange(policyOf<any>(base.conditionalAccessPolicies, key));
  const head = JSON.parse(JSON.stringify(base));
  change(policyOf<any>(head.conditionalAccessPolicies, key));
  return semanticDiff(base, head).changes.map((c) => ({ kind: c.kind, weakens: c.weakens, sentence: c.sentence }));
}

/** [what changes, policy, change of the head, expected kind, weakens, a phrase of the sentence, optional change of the base first] */
type Case = [string, PolicyKey, Change, string, boolean, string, Change?];

const grant =
  (operator: "AND" | "OR", builtInControls: string[], authenticationStrength?: string): Change =>
  (p) => {
    p.grantControls = { operator, builtInControls, ...(authenticationStrength ? { authenticationStrength: { id: authenticationStrength } } : {}) };
  };
/** The policy targets the pilot group instead of all users. */
const pilot: Change = (p) => {
  p.conditions.users.includeUsers = [];
  p.conditions.users.includeGroups = [PILOT];
};
const frequency =
  (value: Record<string, unknown> | undefined): Change =>
  (p) => {
    p.sessionControls = value ? { signInFrequency: { isEnabled: true, authenticationType: "primaryAndSecondaryAuthentication", ...value } } : undefined;
  };

const CASES: Record<string, Case[]> = {
  "grant controls": [
    ["a block added", "allUsersMfa", grant("OR", ["block"]), "grant-block-added", false, "now blocks access (was MFA)"],
    ["a block replaced by MFA", "blockLegacyAuth", grant("OR", ["mfa"]), "grant-block-removed", true, "no longer blocks access; it asks for MFA instead"],
    ["a block replaced by nothing", "blockLegacyAuth", grant("OR", []), "grant-block-removed", true, "no longer blocks access"],
    ["MFA raised to phishing-resistant", "allUsersMfa", grant("OR", [], PHISHING_RESISTANT), "grant-strengthened", false, "instead of any MFA method"],
    ["phishing-resistant lowered to passwordless", "adminMfa", grant("AND", [], PASSWORDLESS), "grant-weakened", true, "instead of"],
    [
      "MFA swapped for a custom strength of the same rank",
      "allUsersMfa",
      grant("OR", [], CUSTOM_STRENGTH),
      "grant-changed",
      false,
      "instead of any MFA method",
    ],
    ["a compliant device required as well (AND)", "allUsersMfa", grant("AND", ["mfa", "compliantDevice"]), "grant-strengthened", false, "now also requires"],
    ["a compliant device accepted instead (OR)", "allUsersMfa", grant("OR", ["mfa", "compliantDevice"]), "grant-weakened", true, "now also accepts"],
    ["the password change dropped (AND)", "userRiskPasswordChange", grant("AND", ["mfa"]), "grant-weakened", true, "no longer requires"],
    [
      "an alternative dropped (OR)",
      "allUsersMfa",
      grant("OR", ["mfa"]),
      "grant-strengthened",
      false,
      "no longer accepts",
      grant("OR", ["mfa", "compliantDevice"]),
    ],
    [
      "all of two controls relaxed to one of them",
      "userRiskPasswordChange",
      grant("OR", ["mfa", "passwordChange"]),
      "grant-operator-changed",
      true,
      "requires one of",
    ],
    [
      "one of two controls tightened to all of them",
      "allUsersMfa",
      grant("AND", ["mfa", "compliantDevice"]),
      "grant-operator-changed",
      false,
      "requires all of",
      grant("OR", ["mfa", "compliantDevice"]),
    ],
  ],
  "session controls": [
    ["every-time reauthentication dropped", "signInRiskMfa", frequency(undefined), "session-weakened", true, "session:"],
    [
      "every time relaxed to every 4 hours",
      "signInRiskMfa",
      frequency({ frequencyInterval: "timeBased", value: 4, type: "hours" }),
      "session-weakened",
      true,
      "session:",
    ],
    [
      "every day tightened to every time",
      "signInRiskMfa",
      frequency({ frequencyInterval: "everyTime" }),
      "session-strengthened",
      false,
      "session:",
      frequency({ frequencyInterval: "timeBased", value: 1, type: "days" }),
    ],
    [
      "reauthentication with the second factor only",
      "signInRiskMfa",
      (p) => (p.sessionControls.signInFrequency.authenticationType = "secondaryAuthentication"),
      "session-weakened",
      true,
      "the second factor only (was both factors)",
    ],
    [
      "reauthentication with both factors again",
      "signInRiskMfa",
      frequency({ frequencyInterval: "everyTime" }),
      "session-strengthened",
      false,
      "both factors (was the second factor only)",
      (p) => (p.sessionControls.signInFrequency.authenticationType = "secondaryAuthentication"),
    ],
  ],
  "risk levels": [
    ["sign-in risk medium dropped", "signInRiskMfa", (p) => (p.conditions.signInRiskLevels = ["high"]), "risk-levels-narrowed", true, "medium"],
    ["sign-in risk low added", "signInRiskMfa", (p) => (p.conditions.signInRiskLevels = ["low", "medium", "high"]), "risk-levels-widened", false, "low"],
    [
      "the user risk condition cleared: any risk",
      "userRiskPasswordChange",
      (p) => (p.conditions.userRiskLevels = []),
      "risk-levels-widened",
      false,
      "user risk",
    ],
    [
      "a user risk condition set where there was none",
      "allUsersMfa",
      (p) => (p.conditions.userRiskLevels = ["high"]),
      "risk-levels-narrowed",
      true,
      "user risk",
    ],
  ],
  "client apps": [
    [
      "legacy block narrowed to other clients",
      "blockLegacyAuth",
      (p) => (p.conditions.clientAppTypes = ["other"]),
      "client-apps-narrowed",
      true,
      "no longer blocks",
    ],
    ["MFA narrowed to browsers", "allUsersMfa", (p) => (p.conditions.clientAppTypes = ["browser"]), "client-apps-narrowed", true, "no longer requires"],
    ["legacy block widened to every client", "blockLegacyAuth", (p) => (p.conditions.clientAppTypes = ["all"]), "client-apps-widened", false, "browser"],
  ],
  applications: [
    [
      "all apps narrowed to Exchange Online",
      "allUsersMfa",
      (p) => (p.conditions.applications.includeApplications = [EXCHANGE_ONLINE]),
      "apps-narrowed",
      true,
      "",
    ],
    ["an app excluded", "allUsersMfa", (p) => (p.conditions.applications.excludeApplications = [EXCHANGE_ONLINE]), "apps-narrowed", true, ""],
    ["Azure management widened to all apps", "azureManagementMfa", (p) => (p.conditions.applications.includeApplications = ["All"]), "apps-widened", false, ""],
  ],
  users: [
    [
      "a partner group excluded",
      "allUsersMfa",
      (p) => p.conditions.users.excludeGroups.push(PARTNERS),
      "users-narrowed",
      true,
      `now excludes group ${PARTNERS}`,
    ],
    [
      "guests excluded",
      "allUsersMfa",
      (p) => p.conditions.users.excludeUsers.push("GuestsOrExternalUsers"),
      "guests-excluded",
      true,
      "guests and external users",
    ],
    ["an admin role no longer covered", "adminMfa", (p) => p.conditions.users.includeRoles.shift(), "roles-removed", true, "Global Administrator"],
    ["an admin role covered", "adminMfa", (p) => p.conditions.users.includeRoles.push(EXTRA_ROLE), "roles-added", false, "now need"],
    ["an admin role excluded", "adminMfa", (p) => p.conditions.users.excludeRoles.push(GLOBAL_ADMIN), "roles-removed", true, "(now excluded)"],
    [
      "an admin role no longer excluded",
      "adminMfa",
      (p) => (p.conditions.users.excludeRoles = []),
      "roles-added",
      false,
      "no longer excludes",
      (p) => p.conditions.users.excludeRoles.push(GLOBAL_ADMIN),
    ],
    [
      "guests no longer excluded",
      "allUsersMfa",
      (p) => p.conditions.users.excludeUsers.pop(),
      "guests-included",
      false,
      "no longer excludes guests",
      (p) => p.conditions.users.excludeUsers.push(GUESTS),
    ],
    [
      "a partner group no longer excluded",
      "allUsersMfa",
      (p) => p.conditions.users.excludeGroups.pop(),
      "users-widened",
      false,
      "no longer excludes",
      (p) => p.conditions.users.excludeGroups.push(PARTNERS),
    ],
    [
      "a second group in the pilot",
      "allUsersMfa",
      (p) => p.conditions.users.includeGroups.push(PARTNERS),
      "users-widened",
      false,
      "now also applies to",
      pilot,
    ],
    [
      "a group out of the pilot",
      "allUsersMfa",
      (p) => (p.conditions.users.includeGroups = [PILOT]),
      "users-narrowed",
      true,
      "no longer applies to",
      (p) => (pilot(p), p.conditions.users.includeGroups.push(PARTNERS)),
    ],
    ["guests added to the pilot", "allUsersMfa", (p) => p.conditions.users.includeUsers.push(GUESTS), "guests-included", false, "now applies to guests", pilot],
    [
      "guests taken out of the pilot",
      "allUsersMfa",
      (p) => (p.conditions.users.includeUsers = []),
      "guests-excluded",
      true,
      "no longer applies to guests",
      (p) => (pilot(p), p.conditions.users.includeUsers.push(GUESTS)),
    ],
  ],
};

describe("semanticDiff, change by change", () => {
  for (const [area, cases] of Object.entries(CASES)) {
    describe(area, () => {
      for (const [what, key, change, kind, weakens, phrase, baseChange] of cases) {
        it(`${weakens ? "flags as weakening" : "reports"} ${what} (${kind})`, () => {
          const changes = diffOf(key, change, baseChange);
          const found = changes.find((c) => c.kind === kind);
          expect(found, JSON.stringify(changes)).to.not.equal(undefined);
          expect(found!.weakens).to.equal(weakens);
          expect(found!.sentence).to.contain(phrase);
        });
      }
    });
  }
});

describe("the diff's words for Graph's values", () => {
  it("names every built-in grant control and client app type in words, never as Graph's token", () => {
    for (const control of BUILT_IN_CONTROLS.filter((c) => c !== "mfa" && c !== "block")) expect(controlName(control), control).to.not.equal(control);
    for (const client of CLIENT_APP_TYPES.filter((c) => c !== "all" && c !== "browser")) expect(clientAppName(client), client).to.not.equal(client);
  });

  it("keeps a value Graph adds later as Graph names it", () => {
    expect(controlName("riskRemediation")).to.equal("riskRemediation");
    expect(clientAppName("unknownFutureValue")).to.equal("unknownFutureValue");
  });
});
