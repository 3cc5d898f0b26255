import { expect } from "chai";
import fc from "fast-check";
import { projectGraphPolicy } from "../policies/customPolicy";
import { GUEST_OR_EXTERNAL_USER_TYPES } from "../policies/facts";
import { fromProviderInputs, toProviderInputs } from "../components/providerArgs";
import { providerInputProblems } from "../components/providerValidation";
import { inputFor, policyOf } from "./fixtures/guardInputs";
import { BREAK_GLASS_USER, PILOT_GROUP } from "./fixtures/ids";

const p2 = inputFor({ plan: "p2", breakGlassUsers: [BREAK_GLASS_USER], policies: { adminMfa: { strength: "phishingResistant" } } }).policies;
const pilot = inputFor({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], pilotGroup: PILOT_GROUP }).policies;

describe("azuread provider inputs", () => {
  it("round-trips every baseline policy: Graph shape → provider inputs → Graph shape", () => {
    for (const policy of [...p2, ...pilot]) {
      expect(fromProviderInputs(toProviderInputs(policy)), policy.displayName).to.deep.equal(JSON.parse(JSON.stringify(policy)));
    }
  });

  it("maps the phishing-resistant strength to the provider's policy path", () => {
    expect(toProviderInputs(policyOf(p2, "adminMfa")).grantControls.authenticationStrengthPolicyId).to.equal(
      "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004",
    );
  });

  it("gives an every-time sign-in frequency no value or period", () => {
    expect(toProviderInputs(policyOf(p2, "signInRiskMfa")).sessionControls).to.deep.equal({
      signInFrequencyInterval: "everyTime",
      signInFrequencyAuthenticationType: "primaryAndSecondaryAuthentication",
    });
  });

  it("round-trips any guest condition in one spelling, whatever order, case or @odata.type Graph or a config wrote (property)", () => {
    const tenant = fc.uuid().map((id) => id.toUpperCase());
    const guests = fc.record({
      guestOrExternalUserTypes: fc.shuffledSubarray([...GUEST_OR_EXTERNAL_USER_TYPES], { minLength: 1 }).map((t) => t.join(",")),
      externalTenants: fc.oneof(
        fc.constant(null),
        fc.constant({ "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" }),
        fc.array(tenant, { minLength: 1, maxLength: 3 }).map((members) => ({ membershipKind: "enumerated", members })),
      ),
    });
    fc.assert(
      fc.property(fc.option(guests, { nil: undefined }), fc.option(guests, { nil: undefined }), (include, exclude) => {
        const base = policyOf(p2, "allUsersMfa");
        const raw = {
          ...base,
          conditions: { ...base.conditions, users: { ...base.conditions.users, includeGuestsOrExternalUsers: include, excludeGuestsOrExternalUsers: exclude } },
        };
        const projected = projectGraphPolicy(raw);
        const back = fromProviderInputs(JSON.parse(JSON.stringify(toProviderInputs(projected))));
        expect(back).to.deep.equal(JSON.parse(JSON.stringify(projected)));
        expect(providerInputProblems(toProviderInputs(projected))).to.deep.equal([]);
        if (include) {
          const types = projected.conditions.users.includeGuestsOrExternalUsers!.guestOrExternalUserTypes.split(",");
          expect(types).to.deep.equal(GUEST_OR_EXTERNAL_USER_TYPES.filter((t) => include.guestOrExternalUserTypes.split(",").includes(t)));
        }
      }),
    );
  });

  it("passes the provider's own checks for every baseline policy", () => {
    for (const policy of [...p2, ...pilot]) expect(providerInputProblems(toProviderInputs(policy)), policy.displayName).to.deep.equal([]);
  });
});

describe("providerInputProblems", () => {
  const good = () => JSON.parse(JSON.stringify(toProviderInputs(policyOf(p2, "allUsersMfa"))));

  const cases: [string, (i: any) => void, string][] = [
    ["an unknown client app type", (i) => (i.conditions.clientAppTypes = ["legacy"]), 'conditions.clientAppTypes: "legacy"'],
    ["an unknown built-in control", (i) => (i.grantControls.builtInControls = ["requireMfa"]), 'grantControls.builtInControls: "requireMfa"'],
    ["an unknown risk level", (i) => (i.conditions.signInRiskLevels = ["severe"]), 'conditions.signInRiskLevels: "severe"'],
    ["an unknown operator", (i) => (i.grantControls.operator = "XOR"), 'grantControls.operator: "XOR"'],
    ["the report-only state spelt as in this project's config", (i) => (i.state = "reportOnly"), 'state: "reportOnly"'],
    [
      "both applications and user actions",
      (i) => (i.conditions.applications.includedUserActions = ["urn:user:registersecurityinfo"]),
      "exactly one of includedApplications",
    ],
    ["neither applications nor user actions", (i) => delete i.conditions.applications.includedApplications, "exactly one of includedApplications"],
    ["a users block that includes nobody", (i) => (i.conditions.users.includedUsers = []), "include at least one of"],
    [
      "an every-time frequency with a period",
      (i) => (i.sessionControls = { signInFrequencyInterval: "everyTime", signInFrequency: 1, signInFrequencyPeriod: "hours" }),
      "takes no signInFrequency",
    ],
    ["a grant with no control", (i) => (i.grantControls.builtInControls = []), "set at least one of builtInControls"],
    // What terraform-provider-azuread v3.8.0 (bridged by @pulumi/azuread 6.9.1) refuses, or sends on for Graph to refuse.
    [
      "Graph's unknownFutureValue risk level, which the provider refuses",
      (i) => (i.conditions.signInRiskLevels = ["unknownFutureValue"]),
      '"unknownFutureValue"',
    ],
    [
      "Graph's unknownFutureValue control, which the provider refuses",
      (i) => (i.grantControls.builtInControls = ["unknownFutureValue"]),
      '"unknownFutureValue"',
    ],
    ["a missing state", (i) => delete i.state, "state: is required"],
    ["a missing grant operator", (i) => delete i.grantControls.operator, "grantControls.operator: is required"],
    ["an empty string in a list", (i) => (i.conditions.users.excludedGroups = [""]), 'conditions.users.excludedGroups: "" is not a value'],
    [
      "a location key that resolved to nothing",
      (i) => (i.conditions.locations = { includedLocations: ["All"], excludedLocations: [null] }),
      "null is not a value",
    ],
    ["an empty and a present user-action list together", (i) => (i.conditions.applications.includedUserActions = []), "exactly one of includedApplications"],
    [
      "a bare authentication strength id",
      (i) => (i.grantControls.authenticationStrengthPolicyId = "00000000-0000-0000-0000-000000000004"),
      "is not /policies/",
    ],
    [
      "a negative sign-in frequency",
      (i) => (i.sessionControls = { signInFrequencyInterval: "timeBased", signInFrequency: -1, signInFrequencyPeriod: "hours" }),
      "-1 is not a whole",
    ],
    ["a time-based frequency without its value", (i) => (i.sessionControls = { signInFrequencyInterval: "timeBased" }), "needs signInFrequency"],
    [
      "a session-only policy whose session block sets nothing",
      (i) => {
        delete i.grantControls;
        i.sessionControls = {};
      },
      "the policy would control nothing",
    ],
    ["excluded locations without included ones", (i) => (i.conditions.locations = { includedLocations: [], excludedLocations: ["AllTrusted"] }), 'use ["All"]'],
    ["excluded platforms without included ones", (i) => (i.conditions.platforms = { excludedPlatforms: ["iOS"] }), 'use ["all"]'],
    ["a platform in the wrong letter case", (i) => (i.conditions.platforms = { includedPlatforms: ["ios"] }), 'conditions.platforms.includedPlatforms: "ios"'],
    [
      "a guest type the provider does not know",
      (i) => (i.conditions.users.includedGuestsOrExternalUsers = [{ guestOrExternalUserTypes: ["b2bGuest"] }]),
      'includedGuestsOrExternalUsers.guestOrExternalUserTypes: "b2bGuest"',
    ],
    [
      "two guest blocks, of which the provider reads the first",
      (i) =>
        (i.conditions.users.excludedGuestsOrExternalUsers = [
          { guestOrExternalUserTypes: ["internalGuest"] },
          { guestOrExternalUserTypes: ["serviceProvider"] },
        ]),
      "give exactly one block",
    ],
    [
      "enumerated tenants without ids",
      (i) =>
        (i.conditions.users.excludedGuestsOrExternalUsers = [
          { guestOrExternalUserTypes: ["serviceProvider"], externalTenants: [{ membershipKind: "enumerated" }] },
        ]),
      "enumerated needs tenant ids",
    ],
    // The fields beyond the baseline, as terraform-provider-azuread v3.8.0 validates them.
    [
      "Graph's unknownFutureValue service principal risk",
      (i) => (i.conditions.servicePrincipalRiskLevels = ["unknownFutureValue"]),
      "servicePrincipalRiskLevels",
    ],
    [
      "two insider risk levels in one (the provider takes one)",
      (i) => (i.conditions.insiderRiskLevels = "minor,moderate"),
      'insiderRiskLevels: "minor,moderate"',
    ],
    ["an unknown insider risk level", (i) => (i.conditions.insiderRiskLevels = "severe"), 'insiderRiskLevels: "severe"'],
    ["a transfer method of none", (i) => (i.conditions.authenticationFlowTransferMethods = ["none"]), 'authenticationFlowTransferMethods: "none"'],
    [
      "a device filter without a mode",
      (i) => (i.conditions.devices = { filter: { rule: 'device.trustType -eq "ServerAD"' } }),
      "devices.filter.mode: is required",
    ],
    ["a device filter in an unknown mode", (i) => (i.conditions.devices = { filter: { mode: "allow", rule: "x" } }), 'devices.filter.mode: "allow"'],
    ["a device filter without a rule", (i) => (i.conditions.devices = { filter: { mode: "include", rule: " " } }), "devices.filter.rule: is required"],
    [
      "a service principal filter without a rule",
      (i) => (i.conditions.clientApplications = { includedServicePrincipals: ["ServicePrincipalsInMyTenant"], filter: { mode: "include" } }),
      "clientApplications.filter.rule: is required",
    ],
    [
      "an empty service principal id",
      (i) => (i.conditions.clientApplications = { includedServicePrincipals: [""] }),
      'includedServicePrincipals: "" is not a value',
    ],
    [
      "an unknown Defender for Cloud Apps policy",
      (i) => (i.sessionControls = { cloudAppSecurityPolicy: "blockUploads" }),
      'cloudAppSecurityPolicy: "blockUploads"',
    ],
    ["an unknown persistent browser mode", (i) => (i.sessionControls = { persistentBrowserMode: "sometimes" }), 'persistentBrowserMode: "sometimes"'],
    ["app-enforced restrictions not a boolean", (i) => (i.sessionControls = { applicationEnforcedRestrictionsEnabled: "yes" }), "is not true or false"],
    [
      "app-enforced restrictions beside an every-time frequency (the provider drops them)",
      (i) => (i.sessionControls = { signInFrequencyInterval: "everyTime", applicationEnforcedRestrictionsEnabled: true }),
      "applicationEnforcedRestrictionsEnabled: the provider drops it",
    ],
    [
      "resilience defaults disabled beside an every-time frequency (the provider drops it)",
      (i) => (i.sessionControls = { signInFrequencyInterval: "everyTime", disableResilienceDefaults: true }),
      "disableResilienceDefaults: the provider drops it",
    ],
    [
      "a session-only policy whose session block only switches things off",
      (i) => {
        delete i.grantControls;
        i.sessionControls = { applicationEnforcedRestrictionsEnabled: false, disableResilienceDefaults: false };
      },
      "the policy would control nothing",
    ],
    ["no client app types at all (the provider requires the list)", (i) => delete i.conditions.clientAppTypes, "conditions.clientAppTypes: is required"],
  ];

  it("accepts an empty client app type list, which the provider sends as it is", () => {
    const inputs = good();
    inputs.conditions.clientAppTypes = [];
    expect(providerInputProblems(inputs)).to.deep.equal([]);
  });

  for (const [what, breakIt, expected] of cases) {
    it(`rejects ${what}`, () => {
      const inputs = good();
      breakIt(inputs);
      expect(providerInputProblems(inputs).join("\n")).to.contain(expected);
    });
  }
});
