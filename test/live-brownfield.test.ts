import { expect } from "chai";
import fc from "fast-check";
import { isEquivalent, unmodelledParts } from "../live/equivalence";
import { matchStackPolicies } from "../live/policyMatch";
import { adoptedPolicies } from "../live/rules/adoptedPolicies";
import { liveDuplicateNames } from "../live/rules/duplicateNames";
import { equivalentPolicies } from "../live/rules/equivalentPolicies";
import { unmanagedPolicies } from "../live/rules/unmanagedPolicies";
import { normalizeTenantPolicy, TenantPolicy } from "../live/tenant";
import { asTenantPolicy, tenant } from "./fixtures/tenants";
import { caNumbered, declared, HAND_MADE_IDS, handMade, p1Stack, sameNamed } from "./fixtures/brownfield";
import { SERVICE_ACCOUNT } from "./fixtures/ids";

const cutover = (policies: readonly TenantPolicy[]) => tenant({ securityDefaults: { isEnabled: false }, policies });
const rulesOf = (findings: { rule: string; severity: string }[]) => findings.map((f) => `${f.rule} ${f.severity}`);

describe("brownfield: equivalence of tenant policies", () => {
  const stack = p1Stack();

  it("finds a policy equivalent whatever its name, state, list order or id case", () => {
    const policy = declared(stack, "adminMfa");
    const roles = [...policy.conditions.users.includeRoles].reverse().map((r) => r.toUpperCase());
    const tenantCopy = asTenantPolicy(
      { ...policy, displayName: "CA001", state: "disabled", conditions: { ...policy.conditions, users: { ...policy.conditions.users, includeRoles: roles } } },
      "x",
    );
    expect(isEquivalent(policy, tenantCopy)).to.equal(true);
  });

  it("reads a tenant policy as Graph answers it: null lists, client apps spelled out or as `all`, controls in any case", () => {
    const policy = declared(stack, "allUsersMfa");
    expect(policy.conditions.clientAppTypes).to.deep.equal(["all"]);
    const asGraphSendsIt = {
      ...policy,
      conditions: {
        ...policy.conditions,
        clientAppTypes: ["browser", "mobileAppsAndDesktopClients", "easSupported", "other"],
        applications: { ...policy.conditions.applications, includeUserActions: null },
        users: { ...policy.conditions.users, includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null },
      },
      grantControls: { ...policy.grantControls, builtInControls: ["MFA"], termsOfUse: [], customAuthenticationFactors: [] },
      sessionControls: null,
    } as unknown as typeof policy;
    expect(isEquivalent(policy, asTenantPolicy(asGraphSendsIt, "x"))).to.equal(true);
    const block = declared(stack, "blockLegacyAuth");
    const legacy = { ...block, conditions: { ...block.conditions, clientAppTypes: ["other", "easSupported"] } } as unknown as typeof block;
    expect(isEquivalent(block, asTenantPolicy(legacy, "y"))).to.equal(true);
  });

  it("does not find a policy equivalent when users, apps, client apps, risk or grant differ", () => {
    const policy = declared(stack, "allUsersMfa");
    const variants = {
      users: {
        ...policy,
        conditions: { ...policy.conditions, users: { ...policy.conditions.users, excludeUsers: [...policy.conditions.users.excludeUsers, SERVICE_ACCOUNT] } },
      },
      apps: { ...policy, conditions: { ...policy.conditions, applications: { ...policy.conditions.applications, includeApplications: ["Office365"] } } },
      clientApps: { ...policy, conditions: { ...policy.conditions, clientAppTypes: ["browser" as const] } },
      risk: { ...policy, conditions: { ...policy.conditions, signInRiskLevels: ["high" as const] } },
      grant: { ...policy, grantControls: { operator: "OR" as const, builtInControls: ["mfa" as const, "compliantDevice" as const] } },
    };
    for (const [what, variant] of Object.entries(variants)) expect(isEquivalent(policy, asTenantPolicy(variant, "x")), what).to.equal(false);
  });

  it("does not find a policy equivalent when Graph shows any other field set (locations, guests, flows, session controls …)", () => {
    const policy = declared(stack, "allUsersMfa");
    const asRead = (graph: Record<string, any>): TenantPolicy => {
      const raw = { ...policy, id: "x", ...graph, conditions: { ...policy.conditions, ...graph.conditions } };
      return { ...normalizeTenantPolicy(raw), graph: raw };
    };
    const others: Record<string, Record<string, any>> = {
      locations: { conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] }, platforms: null } },
      guests: {
        conditions: {
          users: { ...policy.conditions.users, excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: null } },
        },
      },
      flows: { conditions: { authenticationFlows: { transferMethods: "none,deviceCodeFlow" } } },
      deviceFilter: { conditions: { devices: { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' } } } },
      insiderRisk: { conditions: { insiderRiskLevels: "elevated" } },
      persistentBrowser: { sessionControls: { persistentBrowser: { isEnabled: true, mode: "never" } } },
      appEnforced: { sessionControls: { applicationEnforcedRestrictions: { isEnabled: true } } },
    };
    for (const [what, graph] of Object.entries(others)) {
      expect(unmodelledParts(asRead(graph).graph), what).to.deep.equal([]);
      expect(isEquivalent(policy, asRead(graph)), what).to.equal(false);
    }
    const off = {
      conditions: { authenticationFlows: { transferMethods: "none" }, insiderRiskLevels: "none", platforms: null, locations: null, devices: null },
      grantControls: { ...policy.grantControls, termsOfUse: [], "authenticationStrength@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x" },
      sessionControls: { disableResilienceDefaults: false, persistentBrowser: { isEnabled: false, mode: "always" } },
    };
    expect(isEquivalent(policy, asRead(off))).to.equal(true);
  });

  it("does not find a policy equivalent when Graph shows a part no field declares (beta-only, or added later)", () => {
    const policy = declared(stack, "allUsersMfa");
    const later = { conditions: { agentIdRiskLevels: "high" }, sessionControls: { secureSignInSession: { isEnabled: true } } };
    expect(unmodelledParts(later)).to.deep.equal(["conditions.agentIdRiskLevels", "sessionControls.secureSignInSession"]);
    expect(isEquivalent(policy, { ...asTenantPolicy(policy, "x"), graph: later })).to.equal(false);
  });

  it("does not find a tenant policy equivalent to a declared custom policy that sets guests, locations or terms of use", () => {
    const policy = declared(stack, "allUsersMfa");
    const tenantCopy = asTenantPolicy(policy, "x");
    const users = { ...policy.conditions.users, excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest" } };
    const sparingGuests = { ...policy, conditions: { ...policy.conditions, users } } as typeof policy;
    const outsideTrusted = { ...policy, conditions: { ...policy.conditions, locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } };
    for (const custom of [sparingGuests, outsideTrusted]) expect(isEquivalent(custom, tenantCopy)).to.equal(false);
    expect(isEquivalent(policy, tenantCopy)).to.equal(true);
  });

  it("never finds a Microsoft-managed policy equivalent", () => {
    const policy = declared(stack, "adminMfa");
    expect(isEquivalent(policy, asTenantPolicy({ ...policy, displayName: "Microsoft-managed: Multifactor authentication for admins" }, "ms"))).to.equal(false);
  });
});

describe("brownfield: matching the stack's policies in the tenant", () => {
  it("matches by the adopted id, then the id in the state, else by name when the state is unknown", () => {
    const stack = p1Stack({ adopt: { adminMfa: HAND_MADE_IDS.adminMfa }, stateIds: { allUsersMfa: "d0000000-0000-4000-8000-000000000002" } });
    const policies = [...caNumbered(stack), handMade(stack, "allUsersMfa", "renamed in the portal", "enabled", "D0000000-0000-4000-8000-000000000002")];
    const matches = matchStackPolicies(policies, stack.ownership!);
    const by = Object.fromEntries(matches.map((m) => [m.key, { id: m.tenant?.id, matchedBy: m.matchedBy }]));
    expect(by.adminMfa).to.deep.equal({ id: HAND_MADE_IDS.adminMfa, matchedBy: "adopt" });
    expect(by.allUsersMfa).to.deep.equal({ id: "D0000000-0000-4000-8000-000000000002", matchedBy: "state" });
    expect(by.blockLegacyAuth).to.deep.equal({ id: undefined, matchedBy: undefined }, "state known: no name fallback");
    const unknownState = matchStackPolicies(sameNamed(p1Stack()), p1Stack().ownership!);
    expect(unknownState.map((m) => m.matchedBy)).to.deep.equal(["name", "name", "name", "name"]);
  });

  it("reports an id of the state the tenant no longer has as missing", () => {
    const stack = p1Stack({ stateIds: { adminMfa: "d0000000-0000-4000-8000-0000000000ff" } });
    expect(matchStackPolicies([], stack.ownership!)[0]).to.deep.include({ key: "adminMfa", missingId: "d0000000-0000-4000-8000-0000000000ff" });
  });
});

describe("EB-LIVE-EQUIVALENT: no baseline policy beside a tenant policy that enforces the same", () => {
  it("refuses pulumi up creating the p1 baseline beside CA001…CA004, giving each adopt step", () => {
    const stack = p1Stack({}, "update");
    const findings = equivalentPolicies.check(cutover(caNumbered(stack)), stack);
    expect(rulesOf(findings)).to.deep.equal(Array(4).fill("EB-LIVE-EQUIVALENT error"));
    expect(findings[0].message).to.contain('"CA001"').and.contain(`pulumi config set --path 'entra-baseline:adopt.adminMfa' ${HAND_MADE_IDS.adminMfa}`);
  });

  it("warns in a preview, so the plan shows the step before pulumi up refuses", () => {
    const stack = p1Stack();
    expect(rulesOf(equivalentPolicies.check(cutover(caNumbered(stack)), stack))).to.deep.equal(Array(4).fill("EB-LIVE-EQUIVALENT warning"));
  });

  it("only suggests adopting an equivalent that is report-only or disabled", () => {
    const stack = p1Stack({}, "update");
    const findings = equivalentPolicies.check(cutover([handMade(stack, "adminMfa", "CA001", "enabledForReportingButNotEnforced")]), stack);
    expect(rulesOf(findings)).to.deep.equal(["EB-LIVE-EQUIVALENT info"]);
    expect(findings[0].message).to.contain("report-only");
  });

  it("passes once the equivalents are adopted, and for a tenant without equivalents", () => {
    const adopted = p1Stack({ adopt: HAND_MADE_IDS }, "update");
    expect(equivalentPolicies.check(cutover(caNumbered(adopted)), adopted)).to.deep.equal([]);
    expect(equivalentPolicies.check(cutover([]), p1Stack({}, "update"))).to.deep.equal([]);
  });

  it("warns about an enabled duplicate of a policy the stack manages", () => {
    const stack = p1Stack({ stateIds: { adminMfa: "d0000000-0000-4000-8000-000000000001" } }, "update");
    const own = handMade(stack, "adminMfa", declared(stack, "adminMfa").displayName, "enabled", "d0000000-0000-4000-8000-000000000001");
    const findings = equivalentPolicies.check(cutover([own, handMade(stack, "adminMfa", "CA001")]), stack);
    expect(rulesOf(findings)).to.deep.equal(["EB-LIVE-EQUIVALENT warning"]);
    expect(findings[0].message).to.contain("duplicates");
  });

  it("does not apply to Microsoft-managed policies", () => {
    const stack = p1Stack({}, "update");
    const microsoft = handMade(stack, "adminMfa", "Microsoft-managed: Multifactor authentication for admins accessing Microsoft Admin Portals");
    expect(equivalentPolicies.check(cutover([microsoft]), stack)).to.deep.equal([]);
  });
});

describe("EB-LIVE-DUPLICATE-NAME: unique display names, no policy created under a name the tenant holds", () => {
  it("refuses pulumi up when the state is known and the tenant holds the baseline's names outside it (lost state)", () => {
    const stack = p1Stack({ stateIds: {} }, "update");
    const findings = liveDuplicateNames.check(cutover(sameNamed(stack)), stack);
    expect(rulesOf(findings)).to.deep.equal(Array(4).fill("EB-LIVE-DUPLICATE-NAME error"));
    expect(findings[0].message).to.contain("second policy named").and.contain(`adopt.adminMfa' ${HAND_MADE_IDS.adminMfa}`);
  });

  it("warns about display names the tenant uses twice, Microsoft-managed ones aside", () => {
    const stack = p1Stack();
    const twins = [handMade(stack, "adminMfa", "Block countries", "disabled", "a1"), handMade(stack, "allUsersMfa", "Block countries", "enabled", "a2")];
    const microsoft = ["m1", "m2"].map((id) => handMade(stack, "adminMfa", "Microsoft-managed: MFA for admins", "enabled", id));
    const findings = liveDuplicateNames.check(cutover([...twins, ...microsoft]), stack);
    expect(rulesOf(findings)).to.deep.equal(["EB-LIVE-DUPLICATE-NAME warning"]);
    expect(findings[0].message).to.contain('"Block countries" is used by 2 tenant policies (a1, a2)');
  });

  it("passes a tenant whose same-named policies are the stack's own, by state or by name", () => {
    const stack = p1Stack();
    expect(liveDuplicateNames.check(cutover(sameNamed(stack)), stack)).to.deep.equal([]);
    const known = p1Stack({ stateIds: HAND_MADE_IDS }, "update");
    expect(liveDuplicateNames.check(cutover(sameNamed(known)), known)).to.deep.equal([]);
  });
});

describe("EB-LIVE-ADOPT: adopted ids exist, are not Microsoft's, not two policies, and equivalent or accepted", () => {
  it("rejects an id not in the tenant, naming the key", () => {
    const stack = p1Stack({ adopt: { adminMfa: "e0000000-0000-4000-8000-000000000009" } });
    const [finding] = adoptedPolicies.check(cutover(caNumbered(stack)), stack);
    expect(finding).to.deep.include({ rule: "EB-LIVE-ADOPT", severity: "error" });
    expect(finding.message).to.match(/^entra-baseline:adopt\.adminMfa: no Conditional Access policy has id e0000000/);
  });

  it("rejects adopting a policy that does not enforce the same, listing the change, unless it is accepted", () => {
    const stack = p1Stack({ adopt: { allUsersMfa: HAND_MADE_IDS.allUsersMfa } });
    const policy = declared(stack, "allUsersMfa");
    const wider = asTenantPolicy(
      { ...policy, displayName: "CA002", conditions: { ...policy.conditions, users: { ...policy.conditions.users, excludeUsers: [SERVICE_ACCOUNT] } } },
      HAND_MADE_IDS.allUsersMfa,
    );
    const [finding] = adoptedPolicies.check(cutover([wider]), stack);
    expect(finding.message).to.contain("entra-baseline:adopt.allUsersMfa").and.contain("conditions.users.excludeUsers").and.contain("acceptChanges: true");
    const accepted = p1Stack({ adopt: { allUsersMfa: { id: HAND_MADE_IDS.allUsersMfa, acceptChanges: true } } });
    expect(adoptedPolicies.check(cutover([wider]), accepted)).to.deep.equal([]);
  });

  it("rejects adopting a Microsoft-managed policy, and a policy the state holds under another key", () => {
    const microsoft = p1Stack({ adopt: { adminMfa: "m1" } });
    const ms = handMade(microsoft, "adminMfa", "Microsoft-managed: MFA for admins", "enabled", "m1");
    expect(adoptedPolicies.check(cutover([ms]), microsoft)[0].message).to.contain("Microsoft manages");
    const twice = p1Stack({ adopt: { allUsersMfa: HAND_MADE_IDS.adminMfa }, stateIds: { adminMfa: HAND_MADE_IDS.adminMfa } });
    expect(adoptedPolicies.check(cutover(caNumbered(twice)), twice)[0].message).to.contain("already managed by this stack as adminMfa");
  });

  it("passes an equivalent adoption, and a stack that adopts nothing", () => {
    const stack = p1Stack({ adopt: HAND_MADE_IDS });
    expect(adoptedPolicies.check(cutover(caNumbered(stack)), stack)).to.deep.equal([]);
    expect(adoptedPolicies.check(cutover(caNumbered(stack)), p1Stack())).to.deep.equal([]);
  });
});

describe("EB-LIVE-UNMANAGED with ownership", () => {
  it("leaves equivalents to EB-LIVE-EQUIVALENT and names a same-name copy outside the state", () => {
    const stack = p1Stack();
    expect(unmanagedPolicies.check(cutover(caNumbered(stack)), stack)).to.deep.equal([]);
    const narrower = {
      ...handMade(stack, "adminMfa", declared(stack, "adminMfa").displayName, "enabled", "copy-1"),
      grantControls: { operator: "OR" as const, builtInControls: ["compliantDevice" as const] },
    };
    const copies = [...sameNamed(stack), narrower];
    const findings = unmanagedPolicies.check(cutover(copies), p1Stack({ stateIds: HAND_MADE_IDS }));
    expect(rulesOf(findings)).to.deep.equal(["EB-LIVE-UNMANAGED warning"]);
  });
});

describe("EB-LIVE-ADOPT: adopting never quietly stops enforcing", () => {
  it("rejects adopting an enabled policy as a report-only one, unless accepted", () => {
    const reportOnly = { ...p1Stack({ adopt: { adminMfa: HAND_MADE_IDS.adminMfa } }) };
    const stack = { ...reportOnly, policies: reportOnly.policies.map((p) => ({ ...p, state: "enabledForReportingButNotEnforced" as const })) };
    const ownership = {
      ...stack.ownership!,
      declared: stack.ownership!.declared.map((d) => ({ ...d, policy: { ...d.policy, state: "enabledForReportingButNotEnforced" as const } })),
    };
    const [finding] = adoptedPolicies.check(cutover(caNumbered(stack)), { ...stack, ownership });
    expect(finding.message).to.contain("entra-baseline:adopt.adminMfa").and.contain("would stop enforcing it").and.contain("policies.adminMfa.state: enabled");
    const accepted = { ...ownership, adopt: { adminMfa: { id: HAND_MADE_IDS.adminMfa, acceptChanges: true } } };
    expect(adoptedPolicies.check(cutover(caNumbered(stack)), { ...stack, ownership: accepted })).to.deep.equal([]);
  });
});

describe("brownfield: equivalence, whatever the input (property)", () => {
  const stack = p1Stack();
  const USER_LISTS = ["includeUsers", "excludeUsers", "includeGroups", "excludeGroups", "includeRoles", "excludeRoles"] as const;
  const keys = stack.ownership!.declared.map((d) => d.key);
  const guid = fc.uuid().map((id) => id.toLowerCase());

  it("holds under any name, state, list order and id case", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.string(),
        fc.constantFrom("enabled", "disabled", "enabledForReportingButNotEnforced" as const),
        fc.integer(),
        (key, name, state, seed) => {
          const policy = stack.ownership!.declared.find((d) => d.key === key)!.policy;
          const shuffle = (list: readonly string[]) =>
            [...list].sort((a, b) => ((a.charCodeAt(0) * seed) % 7) - ((b.charCodeAt(0) * seed) % 7)).map((v, i) => (i % 2 ? v.toUpperCase() : v));
          const users = Object.fromEntries(USER_LISTS.map((l) => [l, shuffle(policy.conditions.users[l])])) as unknown as typeof policy.conditions.users;
          const copy = asTenantPolicy({ ...policy, displayName: name, state: state as never, conditions: { ...policy.conditions, users } }, "x");
          return isEquivalent(policy, copy);
        },
      ),
    );
  });

  it("breaks when any user list gains an id", () => {
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.constantFrom(...USER_LISTS), guid, (key, list, id) => {
        const policy = stack.ownership!.declared.find((d) => d.key === key)!.policy;
        fc.pre(!policy.conditions.users[list].includes(id));
        const users = { ...policy.conditions.users, [list]: [...policy.conditions.users[list], id] };
        return !isEquivalent(policy, asTenantPolicy({ ...policy, conditions: { ...policy.conditions, users } }, "x"));
      }),
    );
  });
});
