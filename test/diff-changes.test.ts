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
/** The policy's users and applications conditions. */
const users = (p: any) => p.conditions.users;
const apps = (p: any) => p.conditions.applications;
const MFA_OR_DEVICE = grant("OR", ["mfa", "compliantDevice"]);
const MFA_AND_DEVICE = grant("AND", ["mfa", "compliantDevice"]);
/** The pilot (instead of all users), changed further. */
const pilotWith =
  (change: Change): Change =>
  (p) => (pilot(p), change(p));
const frequency =
  (value: Record<string, unknown> | undefined): Change =>
  (p) => {
    p.sessionControls = value ? { signInFrequency: { isEnabled: true, authenticationType: "primaryAndSecondaryAuthentication", ...value } } : undefined;
  };

const cond = (p: any) => p.conditions;
const GLOBAL_ADMIN_EXCLUDED: Change = (p) => users(p).excludeRoles.push(GLOBAL_ADMIN);
const GUESTS_EXCLUDED: Change = (p) => users(p).excludeUsers.push(GUESTS);
const PARTNERS_EXCLUDED: Change = (p) => users(p).excludeGroups.push(PARTNERS);
const PILOT_AND_PARTNERS = pilotWith((p) => users(p).includeGroups.push(PARTNERS));
const PILOT_AND_GUESTS = pilotWith((p) => users(p).includeUsers.push(GUESTS));
const EVERY_TIME = frequency({ frequencyInterval: "everyTime" });
const every = (value: number, type: "hours" | "days") => frequency({ frequencyInterval: "timeBased", value, type });
const secondFactorOnly: Change = (p) => (p.sessionControls.signInFrequency.authenticationType = "secondaryAuthentication");

const CASES: Record<string, Case[]> = {
  "grant controls": [
    ["a block added", "allUsersMfa", grant("OR", ["block"]), "grant-block-added", false, "now blocks access (was MFA)"],
    ["a block replaced by MFA", "blockLegacyAuth", grant("OR", ["mfa"]), "grant-block-removed", true, "no longer blocks access; it asks for MFA instead"],
    ["a block replaced by nothing", "blockLegacyAuth", grant("OR", []), "grant-block-removed", true, "no longer blocks access"],
    ["MFA raised to phishing-resistant", "allUsersMfa", grant("OR", [], PHISHING_RESISTANT), "grant-strengthened", false, "instead of any MFA method"],
    ["phishing-resistant lowered to passwordless", "adminMfa", grant("AND", [], PASSWORDLESS), "grant-weakened", true, "instead of"],
    ["MFA swapped for a custom strength of equal rank", "allUsersMfa", grant("OR", [], CUSTOM_STRENGTH), "grant-changed", false, "instead of any MFA method"],
    ["a compliant device required as well (AND)", "allUsersMfa", MFA_AND_DEVICE, "grant-strengthened", false, "now also requires"],
    ["a compliant device accepted instead (OR)", "allUsersMfa", MFA_OR_DEVICE, "grant-weakened", true, "now also accepts"],
    ["the password change dropped (AND)", "userRiskPasswordChange", grant("AND", ["mfa"]), "grant-weakened", true, "no longer requires"],
    ["an alternative dropped (OR)", "allUsersMfa", grant("OR", ["mfa"]), "grant-strengthened", false, "no longer accepts", MFA_OR_DEVICE],
    ["all of two controls relaxed to one", "userRiskPasswordChange", grant("OR", ["mfa", "passwordChange"]), "grant-operator-changed", true, "requires one of"],
    ["one of two controls tightened to all", "allUsersMfa", MFA_AND_DEVICE, "grant-operator-changed", false, "requires all of", MFA_OR_DEVICE],
  ],
  "session controls": [
    ["every-time reauthentication dropped", "signInRiskMfa", frequency(undefined), "session-weakened", true, "session:"],
    ["every time relaxed to every 4 hours", "signInRiskMfa", every(4, "hours"), "session-weakened", true, "session:"],
    ["every day tightened to every time", "signInRiskMfa", EVERY_TIME, "session-strengthened", false, "session:", every(1, "days")],
    ["reauthentication with the second factor only", "signInRiskMfa", secondFactorOnly, "session-weakened", true, "the second factor only (was both factors)"],
    ["both factors again", "signInRiskMfa", EVERY_TIME, "session-strengthened", false, "both factors (was the second factor only)", secondFactorOnly],
  ],
  "risk levels": [
    ["sign-in risk medium dropped", "signInRiskMfa", (p) => (p.conditions.signInRiskLevels = ["high"]), "risk-levels-narrowed", true, "medium"],
    ["sign-in risk low added", "signInRiskMfa", (p) => (p.conditions.signInRiskLevels = ["low", "medium", "high"]), "risk-levels-widened", false, "low"],
    ["the user risk condition cleared", "userRiskPasswordChange", (p) => (cond(p).userRiskLevels = []), "risk-levels-widened", false, "user risk"],
    ["a user risk condition set", "allUsersMfa", (p) => (cond(p).userRiskLevels = ["high"]), "risk-levels-narrowed", true, "user risk"],
  ],
  "client apps": [
    ["legacy block narrowed to others", "blockLegacyAuth", (p) => (p.conditions.clientAppTypes = ["other"]), "client-apps-narrowed", true, "no longer blocks"],
    ["MFA narrowed to browsers", "allUsersMfa", (p) => (p.conditions.clientAppTypes = ["browser"]), "client-apps-narrowed", true, "no longer requires"],
    ["legacy block widened to every client", "blockLegacyAuth", (p) => (p.conditions.clientAppTypes = ["all"]), "client-apps-widened", false, "browser"],
  ],
  applications: [
    ["all apps narrowed to Exchange Online", "allUsersMfa", (p) => (apps(p).includeApplications = [EXCHANGE_ONLINE]), "apps-narrowed", true, ""],
    ["an app excluded", "allUsersMfa", (p) => (apps(p).excludeApplications = [EXCHANGE_ONLINE]), "apps-narrowed", true, ""],
    ["Azure management widened to all apps", "azureManagementMfa", (p) => (apps(p).includeApplications = ["All"]), "apps-widened", false, ""],
  ],
  users: [
    ["a partner group excluded", "allUsersMfa", PARTNERS_EXCLUDED, "users-narrowed", true, `now excludes group ${PARTNERS}`],
    ["guests excluded", "allUsersMfa", GUESTS_EXCLUDED, "guests-excluded", true, "guests and external users"],
    ["an admin role no longer covered", "adminMfa", (p) => users(p).includeRoles.shift(), "roles-removed", true, "Global Administrator"],
    ["an admin role covered", "adminMfa", (p) => users(p).includeRoles.push(EXTRA_ROLE), "roles-added", false, "now need"],
    ["an admin role excluded", "adminMfa", GLOBAL_ADMIN_EXCLUDED, "roles-removed", true, "(now excluded)"],
    ["an admin role no longer excluded", "adminMfa", (p) => (users(p).excludeRoles = []), "roles-added", false, "no longer excludes", GLOBAL_ADMIN_EXCLUDED],
    ["guests no longer excluded", "allUsersMfa", (p) => users(p).excludeUsers.pop(), "guests-included", false, "no longer excludes guests", GUESTS_EXCLUDED],
    ["a partner group no longer excluded", "allUsersMfa", (p) => users(p).excludeGroups.pop(), "users-widened", false, "no longer excludes", PARTNERS_EXCLUDED],
    ["a second group in the pilot", "allUsersMfa", (p) => users(p).includeGroups.push(PARTNERS), "users-widened", false, "now also applies to", pilot],
    ["a group out of the pilot", "allUsersMfa", (p) => (users(p).includeGroups = [PILOT]), "users-narrowed", true, "no longer applies to", PILOT_AND_PARTNERS],
    ["guests added to the pilot", "allUsersMfa", (p) => users(p).includeUsers.push(GUESTS), "guests-included", false, "now applies to guests", pilot],
    [
      "guests taken out of the pilot",
      "allUsersMfa",
      (p) => (users(p).includeUsers = []),
      "guests-excluded",
      true,
      "no longer applies to guests",
      PILOT_AND_GUESTS,
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
