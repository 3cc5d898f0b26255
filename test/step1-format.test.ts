import { expect } from "chai";
import { authMethodsOff } from "../live/rules/authMethodsOff";
import { step1Aggregator, step1Unavailable } from "../step1/step1Report";
import { formatAuthenticationMethodsDrift } from "../format/formatDrift";
import { formatStep1 } from "../step1/formatStep1";
import { inputFor } from "./fixtures/guardInputs";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { tenant } from "./fixtures/tenants";

describe("Step 1 report, as the plan prints it", () => {
  const perUserMfa = { audited: 10, enabled: 2, enforced: 1 };

  it("prints the three results, admins apart, per-user MFA, break-glass registrations and each gap", () => {
    const aggregate = step1Aggregator({
      securityDefaults: true,
      policies: [],
      groupMembers: new Map(),
      roleHolders: new Map(),
      breakGlassUsers: [BREAK_GLASS_USER, "b2"],
    });
    aggregate.add([
      {
        id: BREAK_GLASS_USER,
        isAdmin: true,
        isMfaRegistered: true,
        isMfaCapable: true,
        isSsprEnabled: true,
        isSsprRegistered: true,
        isSsprCapable: true,
        methodsRegistered: ["fido2SecurityKey"],
      },
      { id: "u1", userType: "guest", isMfaRegistered: false, methodsRegistered: null },
    ]);
    const text = formatStep1(aggregate.result(perUserMfa, false));
    expect(text).to.contain("users without an admin role (1)").and.contain("admins (1)");
    expect(text).to.contain(`break-glass ${BREAK_GLASS_USER}: fido2`).and.contain("break-glass b2: not in the registration report");
    expect(text).to.contain("still on per-user MFA: 3 of 10").and.contain("allowedToUseSSPR): false");
    expect(text).to.contain("registered (users, 1): set registrationCampaign: true").and.contain("perUserMfa (users, 3)");
  });

  it("says what a tenant without P1 cannot show, and that Security Defaults leave no gap in result 1", () => {
    const text = formatStep1(step1Unavailable("licence", "no P1", true, perUserMfa));
    expect(text).to.contain("registration details unavailable (licence): no P1").and.contain("everyone, by Security Defaults");
    expect(text).to.contain("cannot show: who registered MFA").and.contain("still on per-user MFA: 3 of 10");
  });

  it("without Security Defaults and without the details, says result 1 cannot be counted", () => {
    const report = step1Unavailable("permission", "the app lacks AuditLog.Read.All", false);
    expect(formatStep1(report)).to.contain("unknown without the registration details").and.contain("npm run whatif");
    expect(report.cannotShow).to.deep.equal(["the registration details, until the permission is granted (see message)"]);
  });

  it("prints the methods policy drift and number matching as enforced by Microsoft", () => {
    const text = formatAuthenticationMethodsDrift({
      changes: [{ field: "methods.sms", tenant: "enabled", declared: "disabled" }],
      enforcedByMicrosoft: { numberMatching: "enabled" },
    });
    expect(text).to.equal(
      "authentication methods policy: differs\n  methods.sms: enabled → disabled\n  number matching: enabled (enforced by Microsoft, reported, not managed)",
    );
    expect(formatAuthenticationMethodsDrift({ changes: [], enforcedByMicrosoft: { numberMatching: "enabled" } })).to.contain("matches the stack");
  });

  it("EB-LIVE-AUTH-METHOD-OFF warns in a preview when the registration details were not read at all", () => {
    const input = inputFor({ plan: "p1", protection: "securityDefaults", breakGlassUsers: [BREAK_GLASS_USER], authenticationMethods: {} });
    const [finding] = authMethodsOff.check(tenant(), input);
    expect(finding).to.deep.include({ severity: "warning" });
    expect(finding.message).to.contain("were not read").and.contain("Grant AuditLog.Read.All");
  });
});
