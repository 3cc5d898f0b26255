import { expect } from "chai";
import type { UserRegistration } from "../graph/registrationDetails";
import { authMethodsBreakGlass } from "../live/rules/authMethodsBreakGlass";
import { authMethodsOff } from "../live/rules/authMethodsOff";
import { step1Aggregator, step1Unavailable } from "../step1/step1Report";
import { normalizeAuthenticationMethods } from "../policies/authenticationMethods";
import { inputFor } from "./fixtures/guardInputs";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { tenant } from "./fixtures/tenants";
import { defaultAuthenticationMethodsPolicy, defaultMethodConfigurations } from "./graph-double/authenticationMethods";
import { mixedRegistrations, userIdOf } from "./graph-double/registrationDetails";

/** The double's default tenant policy (SMS on, voice off), read as the live checks read it. */
const tenantMethods = () =>
  normalizeAuthenticationMethods({ ...defaultAuthenticationMethodsPolicy(), authenticationMethodConfigurations: defaultMethodConfigurations() });

function step1Of(count: number, breakGlassUsers: string[] = []) {
  const source = mixedRegistrations(count);
  const aggregate = step1Aggregator({ securityDefaults: true, policies: [], groupMembers: new Map(), roleHolders: new Map(), breakGlassUsers });
  const page: UserRegistration[] = [];
  for (let i = 0; i < count; i++) page.push(source.at(i) as unknown as UserRegistration);
  aggregate.add(page);
  return aggregate.result();
}

const stack = (authenticationMethods: unknown, extra: Record<string, unknown> = {}) =>
  inputFor({ plan: "p1", protection: "securityDefaults", breakGlassUsers: [BREAK_GLASS_USER], authenticationMethods, ...extra });

describe("EB-LIVE-AUTH-METHOD-OFF: no method is turned off while users have no other usable method", () => {
  it("rejects turning SMS off while SMS-only users exist, with the count and the next step", () => {
    const [finding] = authMethodsOff.check(tenant({ authenticationMethods: tenantMethods(), step1: step1Of(1000) }), stack({}));
    expect(finding.severity).to.equal("error");
    // i % 10 == 5 registered only a mobile phone; office-phone-only users (i % 10 == 7) already cannot use voice (off in the tenant).
    expect(finding.message).to.contain("turns sms off").and.contain("100 users and 0 admins (of 1000)");
    expect(finding.message).to.contain("registrationCampaign: true").and.contain("Temporary Access Pass");
  });

  it("passes when SMS stays for everyone", () => {
    expect(
      authMethodsOff.check(tenant({ authenticationMethods: tenantMethods(), step1: step1Of(1000) }), stack({ methods: { sms: "enabled" } })),
    ).to.deep.equal([]);
  });

  it("passes when the tenant has SMS off already: nobody loses anything", () => {
    const methods = tenantMethods();
    const off = { ...methods, methods: { ...methods.methods, sms: { state: "disabled" as const, target: "all_users" } } };
    expect(authMethodsOff.check(tenant({ authenticationMethods: off, step1: step1Of(1000) }), stack({}))).to.deep.equal([]);
  });

  it("counts admins apart when an admin would lose their only method", () => {
    // Users 0, 50, … are admins with the Authenticator app only: turning it off leaves them nothing.
    const [finding] = authMethodsOff.check(
      tenant({ authenticationMethods: tenantMethods(), step1: step1Of(1000) }),
      stack({ methods: { microsoftAuthenticator: "disabled", sms: "enabled" } }),
    );
    expect(finding.message).to.match(/\d+ users and 20 admins/);
  });

  it("warns in a preview, and refuses at pulumi up on p1, when the registration details cannot be read", () => {
    const unreadable = tenant({
      authenticationMethods: tenantMethods(),
      step1: step1Unavailable("permission", "GET …: the app lacks AuditLog.Read.All (403)", true),
    });
    expect(authMethodsOff.check(unreadable, stack({}))[0].severity).to.equal("warning");
    const [atUp] = authMethodsOff.check(unreadable, { ...stack({}), phase: "update" });
    expect(atUp.severity).to.equal("error");
    expect(atUp.message).to.contain("AuditLog.Read.All");
  });

  it("only warns on plan free, where the registration details need a P1 licence", () => {
    const free = tenant({ authenticationMethods: tenantMethods(), step1: step1Unavailable("licence", "no P1", true) });
    const [finding] = authMethodsOff.check(free, { ...inputFor({ plan: "free", authenticationMethods: {} }), phase: "update" });
    expect(finding.severity).to.equal("warning");
    expect(finding.message).to.contain("without P1");
  });

  it("does not apply when the stack does not manage methods, or takes none away", () => {
    expect(authMethodsOff.check(tenant({ step1: step1Of(100) }), stack(false))).to.deep.equal([]);
    expect(
      authMethodsOff.check(tenant({ authenticationMethods: tenantMethods(), step1: step1Of(100) }), stack({ methods: { sms: "enabled", voice: "enabled" } })),
    ).to.deep.equal([]);
  });
});

describe("EB-LIVE-AUTH-BREAK-GLASS: every break-glass account keeps a registered method the policy allows", () => {
  const smsOnly = userIdOf(5);
  const passkey = userIdOf(4);

  it("passes a break-glass account with a passkey", () => {
    const input = stack({}, { breakGlassUsers: [passkey] });
    expect(authMethodsBreakGlass.check(tenant({ authenticationMethods: tenantMethods(), step1: step1Of(100, [passkey]) }), input)).to.deep.equal([]);
  });

  it("rejects turning off the only method a break-glass account registered", () => {
    const input = stack({}, { breakGlassUsers: [smsOnly] });
    const [finding] = authMethodsBreakGlass.check(tenant({ authenticationMethods: tenantMethods(), step1: step1Of(100, [smsOnly]) }), input);
    expect(finding.severity).to.equal("error");
    expect(finding.message).to.contain(smsOnly).and.contain("registered sms").and.contain("FIDO2 key or passkey");
  });

  it("warns about a break-glass account the report does not list", () => {
    const [finding] = authMethodsBreakGlass.check(tenant({ authenticationMethods: tenantMethods(), step1: step1Of(100, [BREAK_GLASS_USER]) }), stack({}));
    expect(finding.severity).to.equal("warning");
  });

  it("does not apply without registration details or a managed policy", () => {
    expect(authMethodsBreakGlass.check(tenant({ step1: step1Unavailable("licence", "no P1", true) }), stack({}))).to.deep.equal([]);
    expect(authMethodsBreakGlass.check(tenant({ step1: step1Of(10, [BREAK_GLASS_USER]) }), stack(false))).to.deep.equal([]);
  });
});
