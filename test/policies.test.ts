import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { adminMfaPolicy } from "../policies/adminMfa";
import { allUsersMfaPolicy } from "../policies/allUsersMfa";
import { azureManagementMfaPolicy } from "../policies/azureManagementMfa";
import { buildBaselinePolicies } from "../policies/baseline";
import type { BaselinePolicy } from "../policies/baselinePolicy";
import { blockLegacyAuthPolicy } from "../policies/blockLegacyAuth";
import type { PolicyContext } from "../policies/context";
import { signInRiskMfaPolicy } from "../policies/signInRiskMfa";
import { userRiskPasswordChangePolicy } from "../policies/userRiskPasswordChange";
import { DISPLAY_NAME_PREFIX } from "../policies/wellKnownIds";
import { validateConfig } from "../config/validate";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER, EXTRA_ROLE, PILOT_GROUP, SERVICE_ACCOUNT } from "./fixtures/ids";

const TEMPLATES = path.join(__dirname, "..", "vendor", "ms-ca-templates");
const PORTAL_PLACEHOLDER = "Current administrator will be excluded";

/** Microsoft's template `details`, with Graph's nulls, `@odata` keys and the portal placeholder removed. */
function template(file: string): any {
  const strip = (value: any): any => {
    if (Array.isArray(value)) return value.filter((v) => v !== PORTAL_PLACEHOLDER).map(strip);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k, v]) => v !== null && !k.includes("@odata"))
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return value;
  };
  return strip(JSON.parse(fs.readFileSync(path.join(TEMPLATES, file), "utf8")).details);
}

/** Our policy in the template's terms: the documented differences (name, state, break-glass) taken out. */
function comparable(built: BaselinePolicy, ctx: PolicyContext): any {
  const { displayName, state, ...rest } = built.policy;
  const users = rest.conditions.users;
  return JSON.parse(
    JSON.stringify({
      ...rest,
      conditions: {
        ...rest.conditions,
        users: {
          ...users,
          excludeUsers: users.excludeUsers.filter((id) => !ctx.breakGlassUsers.includes(id)),
          excludeGroups: users.excludeGroups.filter((id) => !ctx.breakGlassGroups.includes(id)),
        },
      },
    }),
  );
}

/** The template's fields that this project emits (Graph fields it leaves unset are not compared). */
function templateSubset(t: any): any {
  const c = t.conditions;
  const subset: any = {
    conditions: {
      users: {
        includeUsers: c.users.includeUsers,
        excludeUsers: c.users.excludeUsers,
        includeGroups: c.users.includeGroups,
        excludeGroups: c.users.excludeGroups,
        includeRoles: c.users.includeRoles,
        excludeRoles: c.users.excludeRoles,
      },
      applications: {
        includeApplications: c.applications.includeApplications,
        excludeApplications: c.applications.excludeApplications,
        includeUserActions: c.applications.includeUserActions,
      },
      clientAppTypes: c.clientAppTypes,
      signInRiskLevels: c.signInRiskLevels,
      userRiskLevels: c.userRiskLevels,
    },
    grantControls: {
      operator: t.grantControls.operator,
      builtInControls: t.grantControls.builtInControls,
      ...(t.grantControls.authenticationStrength ? { authenticationStrength: { id: t.grantControls.authenticationStrength.id } } : {}),
    },
  };
  if (t.sessionControls?.signInFrequency) {
    const f = t.sessionControls.signInFrequency;
    subset.sessionControls = { signInFrequency: { isEnabled: f.isEnabled, authenticationType: f.authenticationType, frequencyInterval: f.frequencyInterval } };
  }
  return subset;
}

const ctx: PolicyContext = {
  state: "enabledForReportingButNotEnforced",
  breakGlassUsers: [BREAK_GLASS_USER],
  breakGlassGroups: [BREAK_GLASS_GROUP],
};

describe("baseline policies match Microsoft's templates field by field", () => {
  const cases: [string, BaselinePolicy, string][] = [
    ["require MFA for admins", adminMfaPolicy(ctx), "template-mfa-admins.json"],
    ["require MFA for all users", allUsersMfaPolicy(ctx), "template-mfa-all-users.json"],
    ["block legacy authentication", blockLegacyAuthPolicy(ctx), "template-block-legacy-auth.json"],
    ["require MFA for risky sign-ins", signInRiskMfaPolicy(ctx), "template-mfa-risky-signin.json"],
    ["require password change for high-risk users", userRiskPasswordChangePolicy(ctx), "template-password-change-high-user-risk.json"],
  ];
  for (const [name, built, file] of cases) {
    it(`${name} equals ${file} but for name, state and the break-glass exclusion`, () => {
      expect(comparable(built, ctx)).to.deep.equal(templateSubset(template(file)));
    });
  }

  it("require MFA for Azure management equals Microsoft's template d8c51a9a from the full list", () => {
    const list = JSON.parse(fs.readFileSync(path.join(TEMPLATES, "graph-beta-conditionalAccess-templates.list.json"), "utf8"));
    const azure = list.value.find((t: any) => t.id === "d8c51a9a-e6b1-454d-86af-554e7872e2c1");
    const stripped = JSON.parse(JSON.stringify(azure.details, (k, v) => (v === null ? undefined : v)));
    stripped.conditions.users.excludeUsers = stripped.conditions.users.excludeUsers.filter((v: string) => v !== PORTAL_PLACEHOLDER);
    expect(comparable(azureManagementMfaPolicy(ctx), ctx)).to.deep.equal(templateSubset(stripped));
  });

  it("phishing-resistant admin MFA uses the template's grant (strength 00000000-…-0004, operator AND) on the 14 roles", () => {
    const built = adminMfaPolicy(ctx, { strength: "phishingResistant" });
    const t = templateSubset(template("template-phishing-resistant-mfa-admins.json"));
    expect(built.policy.grantControls).to.deep.equal(t.grantControls);
    expect(built.policy.conditions.users.includeRoles).to.have.length(14);
    expect(t.conditions.users.includeRoles).to.include.members(built.policy.conditions.users.includeRoles as string[]);
  });
});

describe("every baseline policy", () => {
  const all = [
    adminMfaPolicy(ctx),
    allUsersMfaPolicy(ctx),
    blockLegacyAuthPolicy(ctx),
    azureManagementMfaPolicy(ctx),
    signInRiskMfaPolicy(ctx),
    userRiskPasswordChangePolicy(ctx),
  ];

  it("excludes the break-glass users and groups", () => {
    for (const { policy } of all) {
      expect(policy.conditions.users.excludeUsers, policy.displayName).to.include(BREAK_GLASS_USER);
      expect(policy.conditions.users.excludeGroups, policy.displayName).to.include(BREAK_GLASS_GROUP);
    }
  });

  it("has a stable, prefixed, unique display name", () => {
    const names = all.map((b) => b.policy.displayName);
    expect(new Set(names).size).to.equal(names.length);
    for (const n of names) expect(n.startsWith(`${DISPLAY_NAME_PREFIX} `)).to.equal(true);
    expect(adminMfaPolicy(ctx, { strength: "phishingResistant" }).policy.displayName).to.equal(adminMfaPolicy(ctx).policy.displayName);
  });

  it("never combines sign-in risk and user risk", () => {
    for (const { policy } of all) {
      expect(policy.conditions.signInRiskLevels.length > 0 && policy.conditions.userRiskLevels.length > 0).to.equal(false);
    }
  });

  it("takes the state it is given", () => {
    for (const { policy } of all) expect(policy.state).to.equal("enabledForReportingButNotEnforced");
  });
});

describe("policy options", () => {
  it("adds extraRoles to the admin roles", () => {
    expect(adminMfaPolicy(ctx, { extraRoles: [EXTRA_ROLE] }).policy.conditions.users.includeRoles)
      .to.have.length(15)
      .and.include(EXTRA_ROLE);
  });

  it("excludes service accounts from all-users MFA beside break-glass and directory sync", () => {
    const users = allUsersMfaPolicy(ctx, { excludeUsers: [SERVICE_ACCOUNT] }).policy.conditions.users;
    expect(users.excludeUsers).to.deep.equal([BREAK_GLASS_USER, SERVICE_ACCOUNT]);
    expect(users.excludeRoles).to.deep.equal(["d29b2b05-8046-44ba-8758-1e26182fcf32"]);
  });

  it("orders custom sign-in risk levels as Microsoft does, highest first", () => {
    expect(signInRiskMfaPolicy(ctx, { levels: ["low", "high"] }).policy.conditions.signInRiskLevels).to.deep.equal(["high", "low"]);
  });

  it("targets only the pilot group in all-users policies while one is set, admin MFA still by role", () => {
    const pilot = { ...ctx, pilotGroup: PILOT_GROUP };
    for (const built of [allUsersMfaPolicy(pilot), blockLegacyAuthPolicy(pilot), azureManagementMfaPolicy(pilot), signInRiskMfaPolicy(pilot)]) {
      expect(built.policy.conditions.users.includeUsers).to.deep.equal([]);
      expect(built.policy.conditions.users.includeGroups).to.deep.equal([PILOT_GROUP]);
    }
    expect(adminMfaPolicy(pilot).policy.conditions.users.includeGroups).to.deep.equal([]);
  });
});

describe("buildBaselinePolicies", () => {
  const build = (raw: Record<string, unknown>) => {
    const v = validateConfig(raw);
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    return buildBaselinePolicies(v.config);
  };

  it("declares the four P1 policies on p1 and all six on p2", () => {
    expect(build({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER] }).map((p) => p.key)).to.deep.equal([
      "adminMfa",
      "allUsersMfa",
      "blockLegacyAuth",
      "azureManagementMfa",
    ]);
    expect(build({ plan: "p2", breakGlassUsers: [BREAK_GLASS_USER] })).to.have.length(6);
  });

  it("declares nothing on free", () => {
    expect(build({ plan: "free" })).to.deep.equal([]);
  });

  it("omits a policy set to false and lets a policy's own state win over policyState", () => {
    const built = build({
      plan: "p2",
      breakGlassUsers: [BREAK_GLASS_USER],
      policyState: "enabled",
      policies: { userRiskPasswordChange: false, signInRiskMfa: { state: "reportOnly" } },
    });
    expect(built.map((p) => p.key)).to.not.include("userRiskPasswordChange");
    expect(built.find((p) => p.key === "signInRiskMfa")!.policy.state).to.equal("enabledForReportingButNotEnforced");
    expect(built.find((p) => p.key === "adminMfa")!.policy.state).to.equal("enabled");
  });
});
