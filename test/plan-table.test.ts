import { expect } from "chai";
import { formatPlan } from "../format/formatPlan";
import { ALL_USERS, P2_ENFORCED } from "./fixtures/diffPlans";

const BASE = P2_ENFORCED;

/** The plan table's row of the all-users policy, changed by `mutate`: its name line and the lines of targets wrapped under it, as one line. */
function rowOf(mutate: (p: any) => void): string {
  const plan = JSON.parse(JSON.stringify(BASE));
  mutate(plan.conditionalAccessPolicies.find((p: any) => p.displayName === ALL_USERS));
  const lines = formatPlan(plan).split("\n");
  const at = lines.findIndex((line) => line.includes("Require MFA for all users"));
  const end = lines.findIndex((line, i) => i > at && !line.startsWith("      "));
  return lines
    .slice(at, end)
    .map((line) => line.trim())
    .join(" ");
}

describe("the plan table", () => {
  it("shows guest and external scopes in the users column, included and excluded, with their tenants", () => {
    const row = rowOf((p) => {
      p.conditions.users.includeUsers = ["GuestsOrExternalUsers"];
      p.conditions.users.excludeGuestsOrExternalUsers = {
        guestOrExternalUserTypes: "b2bCollaborationGuest,serviceProvider",
        externalTenants: { membershipKind: "enumerated", members: ["0b3c1e52-6a7d-4f8e-9a0b-1c2d3e4f5a6b"] },
      };
    });
    expect(row).to.contain("guests and external users (−3 excluded, − guests (B2B guests, service providers) of 1 tenant)");
    const typed = rowOf((p) => {
      p.conditions.users.includeUsers = [];
      p.conditions.users.includeGuestsOrExternalUsers = { guestOrExternalUserTypes: "internalGuest", externalTenants: { membershipKind: "all" } };
    });
    expect(typed).to.contain("guests (internal guests)");
  });

  it("shows the conditions beyond the baseline's: filters, flows, insider and service principal risk", () => {
    const row = rowOf((p) => {
      p.conditions.devices = { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' } };
      p.conditions.authenticationFlows = { transferMethods: "deviceCodeFlow" };
      p.conditions.insiderRiskLevels = "moderate,elevated";
      p.conditions.servicePrincipalRiskLevels = ["high"];
    });
    expect(row).to.contain("service principal risk: high; insider risk: moderate, elevated; flows: deviceCodeFlow; device filter (exclude)");
  });
});
