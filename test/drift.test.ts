import { expect } from "chai";
import { computeDrift, policyChanges } from "../live/drift";
import { normalizeTenantPolicy } from "../live/tenant";
import { formatDrift } from "../format/formatDrift";
import { graphPolicy } from "./fixtures/exportTenant";
import { enforcedP2, policyOf } from "./fixtures/guardInputs";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { asTenantPolicy, tenant } from "./fixtures/tenants";

const declared = () => ({ securityDefaults: { isEnabled: false }, conditionalAccessPolicies: enforcedP2().policies });
const deployed = () => enforcedP2().policies.map((p, i) => asTenantPolicy(p, `id-${i}`));

describe("drift against the tenant", () => {
  it("reports a tenant that matches the stack as unchanged, and not drifted", () => {
    const report = computeDrift(tenant({ securityDefaults: { isEnabled: false }, policies: deployed() }), declared());
    expect(report.drifted).to.equal(false);
    expect(report.securityDefaults.status).to.equal("unchanged");
    expect(report.policies.every((p) => p.status === "unchanged")).to.equal(true);
  });

  it("ignores list order, which Graph does not keep", () => {
    const [first, ...rest] = deployed();
    const reordered = {
      ...first,
      conditions: { ...first.conditions, users: { ...first.conditions.users, includeRoles: [...first.conditions.users.includeRoles].reverse() } },
    };
    expect(computeDrift(tenant({ securityDefaults: { isEnabled: false }, policies: [reordered, ...rest] }), declared()).drifted).to.equal(false);
  });

  it("reports a policy changed in the portal field by field, in Graph terms", () => {
    const legacy = policyOf(deployed(), "blockLegacyAuth");
    const changed = { ...legacy, state: "disabled" as const, conditions: { ...legacy.conditions, users: { ...legacy.conditions.users, excludeUsers: [] } } };
    const policies = deployed().map((p) => (p.displayName === legacy.displayName ? changed : p));
    const report = computeDrift(tenant({ securityDefaults: { isEnabled: false }, policies }), declared());
    expect(report.drifted).to.equal(true);
    const drift = report.policies.find((p) => p.status === "update");
    expect(drift).to.deep.equal({
      displayName: "entra-baseline: Block legacy authentication",
      status: "update",
      id: "id-2",
      matchedBy: "name",
      changes: [
        { field: "conditions.users.excludeUsers", tenant: [], declared: [BREAK_GLASS_USER] },
        { field: "state", tenant: "disabled", declared: "enabled" },
      ],
    });
  });

  describe("what a tenant policy sets beyond the declared shape", () => {
    const ALL_USERS = policyOf(enforcedP2().policies, "allUsersMfa");
    /** The declared all-users policy as Graph answers a GET of it: every property present, nulls where unset. */
    const answered = () => {
      const raw = graphPolicy("id-1", ALL_USERS.displayName, ALL_USERS.state);
      Object.assign(raw.conditions.users, ALL_USERS.conditions.users);
      raw.conditions.clientAppTypes = [...ALL_USERS.conditions.clientAppTypes];
      raw.grantControls = { ...raw.grantControls, ...ALL_USERS.grantControls };
      return raw;
    };
    const driftOf = (raw: Record<string, any>) => {
      const others = deployed().filter((p) => p.displayName !== ALL_USERS.displayName);
      const report = computeDrift(
        tenant({ securityDefaults: { isEnabled: false }, policies: [...others, { ...normalizeTenantPolicy(raw), graph: raw }] }),
        declared(),
      );
      return { report, policy: report.policies.find((p) => p.displayName === ALL_USERS.displayName)! };
    };

    it("finds nothing in Graph's nulls, empty lists and switched-off session controls", () => {
      const raw = answered();
      raw.sessionControls = { disableResilienceDefaults: false, persistentBrowser: { isEnabled: false, mode: "always" }, signInFrequency: null };
      const { report, policy } = driftOf(raw);
      expect([report.drifted, policy.status]).to.deep.equal([false, "unchanged"]);
    });

    it("reports a guest exclusion and a device filter field by field, and a condition Graph added later as 'not declared'", () => {
      const raw = answered();
      const guests = { guestOrExternalUserTypes: "b2bCollaborationGuest,b2bDirectConnectUser", externalTenants: { membershipKind: "all" } };
      const filter = { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' } };
      raw.conditions.users.excludeGuestsOrExternalUsers = guests;
      raw.conditions.devices = filter;
      raw.conditions.agentIdRiskLevels = "high";
      const { report, policy } = driftOf(raw);
      expect(report.drifted).to.equal(true);
      expect(policy).to.deep.include({ status: "update", id: "id-1" });
      expect(policy.status === "update" && policy.changes).to.deep.equal(
        [
          { field: "conditions.users.excludeGuestsOrExternalUsers.externalTenants.membershipKind", tenant: "all", declared: undefined },
          { field: "conditions.users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes", tenant: guests.guestOrExternalUserTypes, declared: undefined },
          { field: "conditions.devices.deviceFilter.mode", tenant: "exclude", declared: undefined },
          { field: "conditions.devices.deviceFilter.rule", tenant: filter.deviceFilter.rule, declared: undefined },
          { field: "conditions.agentIdRiskLevels", tenant: "high", declared: undefined },
        ].sort((a, b) => (a.field.startsWith("conditions.agentId") ? 1 : b.field.startsWith("conditions.agentId") ? -1 : a.field.localeCompare(b.field))),
      );
      expect(formatDrift(report)).to.contain('conditions.devices.deviceFilter.mode: "exclude" → (not declared)');
    });
  });

  it("writes a value the tenant lacks as (not set), and one the stack cannot declare as (not declared)", () => {
    const risky = policyOf(deployed(), "signInRiskMfa");
    const { sessionControls: _dropped, ...withoutFrequency } = risky;
    const policies = deployed().map((p) => (p.displayName === risky.displayName ? withoutFrequency : p));
    const text = formatDrift(computeDrift(tenant({ securityDefaults: { isEnabled: false }, policies }), declared()));
    expect(text).to.contain("sessionControls.signInFrequency.isEnabled: (not set) → true").and.not.contain("(not declared) → true");
  });

  it("reports missing policies as create and Security Defaults left on as change", () => {
    const report = computeDrift(tenant({ securityDefaults: { isEnabled: true }, policies: [] }), declared());
    expect(report.policies.map((p) => p.status)).to.deep.equal(Array(6).fill("create"));
    expect(report.securityDefaults).to.deep.equal({ status: "change", tenant: true, declared: false });
  });

  it("reports policies only the tenant has as unmanaged; Microsoft-managed ones are not drift", () => {
    const microsoft = asTenantPolicy({ ...policyOf(enforcedP2().policies, "adminMfa"), displayName: "Microsoft-managed: MFA for admins" }, "ms-1");
    const quiet = computeDrift(tenant({ securityDefaults: { isEnabled: false }, policies: [...deployed(), microsoft] }), declared());
    expect(quiet.drifted).to.equal(false);
    expect(quiet.policies.at(-1)).to.deep.equal({ displayName: "Microsoft-managed: MFA for admins", status: "unmanaged", microsoftManaged: true, id: "ms-1" });
    const portal = asTenantPolicy({ ...policyOf(enforcedP2().policies, "adminMfa"), displayName: "Block countries" }, "p-1");
    expect(computeDrift(tenant({ securityDefaults: { isEnabled: false }, policies: [...deployed(), portal] }), declared()).drifted).to.equal(true);
  });

  it("policyChanges ignores the tenant's id", () => {
    expect(policyChanges(policyOf(deployed(), "adminMfa"), policyOf(enforcedP2().policies, "adminMfa"))).to.deep.equal([]);
  });
});
