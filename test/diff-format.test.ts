import { expect } from "chai";
import type { PlanResult } from "../documents/planResult";
import { formatJson, formatMarkdown } from "../diff/format";
import { semanticDiff } from "../diff/semanticDiff";
import { policyOf } from "./fixtures/guardInputs";
import { P2_ENFORCED } from "./fixtures/diffPlans";

const BASE = P2_ENFORCED;

function weakened(): PlanResult {
  const head = JSON.parse(JSON.stringify(BASE));
  policyOf<any>(head.conditionalAccessPolicies, "adminMfa").state = "enabledForReportingButNotEnforced";
  policyOf<any>(head.conditionalAccessPolicies, "allUsersMfa").conditions.users.excludeUsers = [];
  head.findings = [
    {
      rule: "EB-BREAK-GLASS-EXCLUDED",
      severity: "error",
      message: "break-glass not excluded",
      policy: policyOf<any>(head.conditionalAccessPolicies, "allUsersMfa").displayName,
    },
  ];
  return head;
}

describe("formatMarkdown", () => {
  it("opens with a headline counting the weakening changes, marked with a warning", () => {
    const text = formatMarkdown(semanticDiff(BASE, weakened()));
    expect(text.split("\n")[0]).to.equal("### ⚠️ Sign-in security diff: 2 changes, 2 weaken protection");
  });

  it("lists the changes in a table, weakening first, with the policy's display name", () => {
    const base = JSON.parse(JSON.stringify(BASE));
    policyOf<any>(base.conditionalAccessPolicies, "blockLegacyAuth").state = "disabled";
    const rows = formatMarkdown(semanticDiff(base, weakened()))
      .split("\n")
      .filter((l) => l.startsWith("| "));
    expect(rows[0]).to.equal("| | risk | policy | what changes for sign-ins |");
    expect(rows.slice(1).map((r) => r.split(" | ").slice(0, 2).join(" | "))).to.deep.equal(["| ⚠️ | high", "| ⚠️ | high", "|  | high"]);
    expect(rows[1]).to.include("entra-baseline: Require multifactor authentication for admins");
    expect(rows[2]).to.include("entra-baseline: Require multifactor authentication for all users");
    expect(rows[3]).to.include("goes from disabled to enforced");
  });

  it("shows the head's guard findings with their rule", () => {
    expect(formatMarkdown(semanticDiff(BASE, weakened()))).to.include(
      "- ❌ `EB-BREAK-GLASS-EXCLUDED` **new** (entra-baseline: Require multifactor authentication for all users): break-glass not excluded",
    );
  });

  it("says there is no change in one line", () => {
    expect(formatMarkdown(semanticDiff(BASE, BASE)).split("\n")[0]).to.equal("### ✅ Sign-in security diff: no change to sign-in security");
  });

  it("keeps to one screen: rows past the limit are counted", () => {
    const head = JSON.parse(JSON.stringify(BASE));
    for (const p of head.conditionalAccessPolicies) p.state = "disabled";
    const text = formatMarkdown(semanticDiff(BASE, head), { maxRows: 2, title: "p2" });
    expect(text.split("\n").filter((l) => l.startsWith("| ⚠️"))).to.have.length(2);
    expect(text).to.include("… and 4 more changes (4 weakening): see `--format json`.");
    expect(text.split("\n")[0]).to.equal("### ⚠️ p2: 6 changes, 6 weaken protection");
  });

  it("escapes pipes in display names", () => {
    const base = JSON.parse(JSON.stringify(BASE));
    const head = JSON.parse(JSON.stringify(BASE));
    const [before, after] = [policyOf<any>(base.conditionalAccessPolicies, "adminMfa"), policyOf<any>(head.conditionalAccessPolicies, "adminMfa")];
    before.displayName = after.displayName = "a|b";
    after.state = "disabled";
    expect(formatMarkdown(semanticDiff(base, head))).to.include("| a\\|b |");
  });
});

describe("formatJson", () => {
  it("prints the report with its exit code for tools", () => {
    const parsed = JSON.parse(formatJson(semanticDiff(BASE, weakened())));
    expect(parsed.exitCode).to.equal(4);
    expect(parsed.summary).to.deep.equal({ changes: 2, weakening: 2, policiesAdded: 0, policiesRemoved: 0, policiesChanged: 2 });
    expect(parsed.changes[0]).to.have.keys("kind", "weakens", "risk", "policy", "sentence");
  });
});
