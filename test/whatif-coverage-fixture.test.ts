import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { coverageReport } from "../whatif/coverage";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { handMadePlan, policyForEveryone } from "./support/policies";

const planOf = (policies: ConditionalAccessPolicy[]) => handMadePlan(policies);

/** An enabled policy for every user but break-glass, every app and client; `change` edits its conditions. */
const everyone = (name: string, change: Partial<ConditionalAccessPolicy["conditions"]>, grant: ConditionalAccessPolicy["grantControls"]) =>
  policyForEveryone(name, change, grant, [BREAK_GLASS_USER]);

describe("coverage report of a hand-made plan", () => {
  it("names the exact risk pairs left open when they are not every combination of levels", () => {
    const riskyOnly = everyone(
      "MFA when both risks are high",
      { signInRiskLevels: ["high"], userRiskLevels: ["high"] },
      { operator: "OR", builtInControls: ["mfa"] },
    );
    const report = coverageReport(planOf([riskyOnly]));
    const member = report.gaps.find((g) => g.persona === "member" && g.clientAppType === "browser");
    expect(member?.message).to.match(
      /^member on browser: allowed without MFA to any app, Office 365, Azure management, admin portals at sign-in\/user risk none\/none, none\/low, /,
    );
    expect(member?.message).to.not.contain("high/high");
  });

  it("names the levels left open when they are every combination of some levels", () => {
    const risky = everyone("MFA on high sign-in risk", { signInRiskLevels: ["high"] }, { operator: "OR", builtInControls: ["mfa"] });
    const member = coverageReport(planOf([risky])).gaps.find((g) => g.persona === "member" && g.clientAppType === "browser");
    expect(member?.message).to.contain("at sign-in risk none/low/medium, user risk none/low/medium/high");
  });

  it("counts MFA or a compliant device as a gap where the device lets the user in without MFA, and as MFA on an unregistered device", () => {
    const either = everyone("MFA or compliant device", {}, { operator: "OR", builtInControls: ["mfa", "compliantDevice"] });
    const report = coverageReport(planOf([either]));
    expect(report.table["member:compliantDevice"].browser).to.equal("allowed");
    expect(report.gaps.some((g) => g.persona === "member on a compliant managed device")).to.equal(true);
    expect(report.table.member.browser).to.equal("MFA");
    expect(report.table["member:unregisteredDevice"].browser).to.equal("MFA");
    expect(report.table["member:deviceCodeFlow"].browser).to.equal("MFA", "device code flow cannot pass the device's state");
  });

  it("shows a compliant-device requirement as a block for an unregistered device, and names the policy and control in an admin's lockout", () => {
    const device = everyone("compliant device", {}, { operator: "AND", builtInControls: ["compliantDevice"] });
    const report = coverageReport(planOf([device]));
    expect(report.table.member.browser).to.equal("blocked");
    expect(report.table["member:compliantDevice"].browser).to.equal("allowed");
    expect(report.table["member:hybridJoinedDevice"].browser).to.equal("blocked");
    const admin = report.lockouts.find((l) => l.persona === "Global Administrator")!;
    expect(admin.message).to.contain(
      '"compliant device" asks for compliantDevice, which this sign-in cannot meet (an unregistered device cannot be marked compliant)',
    );
  });

  it("finds a lockout when a block forgets the break-glass account", () => {
    const block = everyone("block legacy", { clientAppTypes: ["exchangeActiveSync", "other"] }, { operator: "OR", builtInControls: ["block"] });
    const careless = { ...block, conditions: { ...block.conditions, users: { ...block.conditions.users, excludeUsers: [] } } };
    const report = coverageReport(planOf([everyone("mfa", {}, { operator: "OR", builtInControls: ["mfa"] }), careless]));
    expect(report.lockouts.map((l) => l.persona)).to.deep.equal([`break-glass ${BREAK_GLASS_USER}`]);
    expect(report.lockouts[0].clientAppType).to.equal("exchangeActiveSync, other");
  });
});
