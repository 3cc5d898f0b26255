import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { EntraBaseline } from "../components/entraBaseline";
import { buildBaselinePolicies } from "../policies/baseline";
import { validateConfig } from "../config/validate";
import { waitForRegistrations } from "../plan/mockEngine";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { recorder } from "./support/mockEngine";
import { formatMarkdown } from "../diff/format";
import { previewDiff } from "../diff/semanticDiff";
import { PreviewFormatError, readPreview } from "../diff/previewReader";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "diff", name), "utf8"));
const PLAN = fixture("p2-enforced.json");

describe("previewReader", () => {
  it("reads back what the component registers: a first deployment of the p2 baseline", async () => {
    const raw = { plan: "p2", breakGlassUsers: [BREAK_GLASS_USER], policyState: "enabled" } as const;
    recorder.reset();
    new EntraBaseline("preview", raw);
    await waitForRegistrations();
    const steps = recorder.resources.map((r) => ({
      op: "create",
      urn: `urn:pulumi:dev::entra-baseline::${r.type}::${r.name}`,
      newState: { type: r.type, inputs: r.inputs },
    }));
    const { base, head } = readPreview({ steps });
    const validation = validateConfig(raw);
    if (!validation.ok) throw new Error("the p2 stack is valid");
    expect(head.policies).to.have.deep.members(buildBaselinePolicies(validation.config).map((p) => p.policy));
    expect(head.securityDefaults).to.deep.equal({ isEnabled: false });
    expect([base.policies, base.securityDefaults]).to.deep.equal([[], undefined]);
  });

  it("turns old and new states back into Graph-shaped policies and Security Defaults", () => {
    const { base, head } = readPreview(fixture("preview-cutover.json"));
    expect(base.securityDefaults).to.deep.equal({ isEnabled: true });
    expect(head.securityDefaults).to.deep.equal({ isEnabled: false });
    expect(base.policies.map((p) => p.displayName)).to.have.length(6);
    // the delete leaves the legacy block out of the head; the same step keeps the password-change policy
    expect(head.policies.map((p) => p.displayName)).to.deep.equal(
      PLAN.conditionalAccessPolicies.map((p: any) => p.displayName).filter((n: string) => n !== "entra-baseline: Block legacy authentication"),
    );
    const admins = head.policies.find((p) => p.displayName.endsWith("for admins"))!;
    expect(admins).to.deep.equal(PLAN.conditionalAccessPolicies.find((p: { displayName: string }) => p.displayName === admins.displayName));
  });

  it("infers the break-glass accounts: the ids every policy excludes", () => {
    const { base } = readPreview(fixture("preview-cutover.json"));
    expect(base.breakGlass).to.deep.equal({ users: PLAN.breakGlass.users, groups: [] });
  });

  it("reads the guard's warnings from the diagnostics", () => {
    const { head } = readPreview(fixture("preview-cutover.json"));
    expect(head.findings).to.deep.equal([
      { rule: "EB-EXAMPLE-ID", severity: "warning", message: "00000000-0000-0000-0000-0000000000b1 is an example id from the shipped stack files" },
    ]);
  });

  it("diffs a cut-over preview: the legacy block deleted weakens, Security Defaults off do not (all-users MFA on every client blocks legacy clients)", () => {
    const report = previewDiff(fixture("preview-cutover.json"));
    const enforced = ["admins", "all users", "Azure management", "risky sign-ins"].map((who) => [
      "state-enforced",
      false,
      `entra-baseline: Require multifactor authentication for ${who}`,
    ]);
    expect(report.changes.map((c) => [c.kind, c.weakens, c.policy ?? ""])).to.deep.equal([
      ["policy-removed", true, "entra-baseline: Block legacy authentication"],
      ["security-defaults-disabled", false, ""],
      ...enforced,
    ]);
    expect(report.notes).to.deep.equal([]);
  });

  it("diffs a replacement and notes that unchanged resources are missing without --show-sames", () => {
    const report = previewDiff(fixture("preview-replace.json"));
    expect(report.changes.map((c) => c.sentence)).to.deep.equal(["no longer applies to all users, only to group 6b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2b4d6f"]);
    expect(report.notes[0]).to.match(/--show-sames/);
    expect(formatMarkdown(report)).to.include("> unchanged resources are not in this preview");
  });

  it("diffs locations, platforms and terms of use from the provider's inputs: each taken from MFA weakens", () => {
    const replace = fixture("preview-replace.json");
    const [step] = replace.steps;
    const update = {
      ...step,
      op: "update",
      oldState: step.newState,
      newState: {
        ...step.newState,
        inputs: {
          ...step.newState.inputs,
          conditions: {
            ...step.newState.inputs.conditions,
            locations: { includedLocations: ["All"], excludedLocations: ["AllTrusted"] },
            platforms: { includedPlatforms: ["all"], excludedPlatforms: ["iOS"] },
          },
          grantControls: { ...step.newState.inputs.grantControls, termsOfUses: ["3c2d1e0f-9a8b-4c7d-8e6f-5a4b3c2d1e0f"] },
        },
      },
    };
    const report = previewDiff({ ...replace, steps: [update] });
    expect(report.changes.map((c) => [c.kind, c.weakens, c.sentence])).to.deep.equal([
      ["grant-weakened", true, "now also accepts terms of use 3c2d1e0f-9a8b-4c7d-8e6f-5a4b3c2d1e0f instead of MFA"],
      ["locations-narrowed", true, "sign-ins from trusted locations are now excluded: they lose MFA"],
      ["platforms-narrowed", true, "sign-ins from iOS are now excluded: they lose MFA"],
    ]);
  });

  it("reads a first deployment as policies added, Security Defaults unknown before", () => {
    const report = previewDiff(fixture("preview-first-deploy.json"));
    expect(report.changes.map((c) => [c.kind, c.risk])).to.deep.equal(Array(4).fill(["policy-added", "low"]));
    expect(report.notes).to.deep.equal([]);
  });

  it("finds no change in a preview without steps", () => {
    expect(previewDiff({ steps: [], diagnostics: [] }).changes).to.deep.equal([]);
  });

  it("rejects a document that is not an object", () => {
    expect(() => readPreview([1, 2])).to.throw(PreviewFormatError, "expected a JSON object with a steps list");
  });

  it("rejects steps without op and urn", () => {
    expect(() => readPreview({ steps: [{ op: "create" }] })).to.throw(PreviewFormatError, "steps[0] has no op and urn");
  });
});
