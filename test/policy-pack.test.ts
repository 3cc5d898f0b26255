import { expect } from "chai";
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { parse } from "yaml";
import { toProviderInputs } from "../components/providerArgs";
import { validateConfig } from "../config/validate";
import { buildBaselinePolicies } from "../policies/baseline";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { PRIVILEGED_ROLE_IDS, REPORT_ONLY } from "../policies/wellKnownIds";
import { packConfigFromStack } from "../policy-pack/configFromStack";
import { ADVISORY_POLICY, ENTRA_BASELINE_POLICIES, GUARD_POLICY } from "../policy-pack/policies";
import { runPlan } from "../plan/runPlan";
import { CONDITIONAL_ACCESS_POLICY_TYPE, SECURITY_DEFAULTS_TYPE } from "../policy-pack/stackGuard";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER } from "./fixtures/ids";

const STACK = "urn:pulumi:contoso::contoso-entra";

/** A resource as Pulumi's analyzer hands it to a stack validation: type, props, URN, name, options, relations. */
function policyResource(type: string, name: string, props: Record<string, unknown>): PolicyResource {
  return {
    type,
    name,
    props,
    urn: `${STACK}::${type}::${name}`,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  } as unknown as PolicyResource;
}

/** An `azuread.ConditionalAccessPolicy` as declared by hand (provider inputs), with the id the provider adds. */
const caResource = (name: string, policy: ConditionalAccessPolicy) =>
  policyResource(CONDITIONAL_ACCESS_POLICY_TYPE, name, { ...toProviderInputs(policy), id: `${name}-object-id` });

const securityDefaultsResource = (isEnabled: boolean) =>
  policyResource(SECURITY_DEFAULTS_TYPE, "entra-security-defaults", { isEnabled, cloud: "global", __provider: "exports.handler = __f0;" });

/** The resources of a stack declaring the baseline of a configuration (what the EntraBaseline component registers). */
function baselineStack(raw: Record<string, unknown>): PolicyResource[] {
  const validation = validateConfig(raw);
  if (!validation.ok) throw new Error(JSON.stringify(validation.issues));
  return [
    securityDefaultsResource(validation.config.protection === "securityDefaults"),
    ...buildBaselinePolicies(validation.config).map((b) => caResource(`entra-${b.key}`, b.policy)),
  ];
}

interface Reported {
  readonly message: string;
  readonly urn?: string;
}

/** Runs one of the pack's policies as the analyzer does; `notApplicable` ends it as the analyzer's does. */
function validate(policyName: string, resources: PolicyResource[], config: Record<string, unknown>): Reported[] | { notApplicable: string } {
  const policy = ENTRA_BASELINE_POLICIES.find((p) => p.name === policyName) as StackValidationPolicy;
  const reported: Reported[] = [];
  class NotApplicable extends Error {}
  const args: StackValidationArgs = {
    resources,
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  try {
    void policy.validateStack(args, (message, urn) => reported.push(urn === undefined ? { message } : { message, urn }));
  } catch (err) {
    if (err instanceof NotApplicable) return { notApplicable: err.message };
    throw err;
  }
  return reported;
}

const guard = (resources: PolicyResource[], config: Record<string, unknown>) => validate(GUARD_POLICY, resources, config) as Reported[];
const advisories = (resources: PolicyResource[], config: Record<string, unknown>) => validate(ADVISORY_POLICY, resources, config) as Reported[];
const rulesOf = (reported: Reported[]) => [...new Set(reported.map((r) => /^\[([A-Z0-9-]+)\]/.exec(r.message)?.[1]))];

const P1 = { plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], breakGlassGroups: [BREAK_GLASS_GROUP] };
const stagingP1 = () => baselineStack({ ...P1, protection: "securityDefaults" });
const enforcedP1 = () => baselineStack({ ...P1, policyState: "enabled" });
const byName = (resources: PolicyResource[], name: string) => resources.find((r) => r.name === name)!;

/** A hand-written policy in Graph's shape: MFA for all users on all apps, excluding the break-glass accounts. */
function handWritten(displayName: string, change: Partial<ConditionalAccessPolicy["conditions"]["users"]> = {}, state = "enabled"): ConditionalAccessPolicy {
  return {
    displayName,
    state: state as ConditionalAccessPolicy["state"],
    conditions: {
      users: {
        includeUsers: ["All"],
        excludeUsers: [BREAK_GLASS_USER],
        includeGroups: [],
        excludeGroups: [BREAK_GLASS_GROUP],
        includeRoles: [],
        excludeRoles: [],
        ...change,
      },
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ["all"],
      signInRiskLevels: [],
      userRiskLevels: [],
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  } as ConditionalAccessPolicy;
}

describe("the CrossGuard policy pack (policy-pack/)", () => {
  describe("its policies", () => {
    it("are one mandatory policy for the guard's errors and one advisory policy for its warnings", () => {
      expect(ENTRA_BASELINE_POLICIES.map((p) => [p.name, p.enforcementLevel])).to.deep.equal([
        [GUARD_POLICY, "mandatory"],
        [ADVISORY_POLICY, "advisory"],
      ]);
    });

    it("declare a config schema: plan required by the mandatory policy, break-glass ids as GUIDs, the accepted gaps", () => {
      const [mandatory, advisory] = ENTRA_BASELINE_POLICIES;
      expect(mandatory.configSchema?.required).to.deep.equal(["plan"]);
      expect(advisory.configSchema?.required).to.equal(undefined);
      expect(Object.keys(mandatory.configSchema!.properties)).to.deep.equal(["plan", "breakGlassUsers", "breakGlassGroups", "acceptedGaps"]);
      expect(mandatory.configSchema!.properties.breakGlassUsers).to.have.nested.property("items.pattern");
    });

    it("ship as a pack Pulumi can load: PulumiPolicy.yaml names the nodejs runtime and package.json the built program", () => {
      const root = path.join(__dirname, "..", "policy-pack");
      expect(parse(fs.readFileSync(path.join(root, "PulumiPolicy.yaml"), "utf8")).runtime.name).to.equal("nodejs");
      expect(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).main).to.equal("../dist/policy-pack/index.js");
    });
  });

  describe("over a stack that declares the baseline with the component", () => {
    it("accepts the staging step (Security Defaults on, policies report-only) and the cut-over", () => {
      expect(guard(stagingP1(), P1)).to.deep.equal([]);
      expect(guard(enforcedP1(), P1)).to.deep.equal([]);
      expect(advisories(enforcedP1(), P1)).to.deep.equal([]);
    });

    it("rejects enabled policies beside Security Defaults, one violation on each policy's URN with the fix (EB-SD-CA-CONFLICT)", () => {
      const resources = baselineStack({ ...P1, protection: "securityDefaults", policyState: "enabled" });
      const reported = guard(resources, P1);
      expect(rulesOf(reported)).to.deep.equal(["EB-SD-CA-CONFLICT"]);
      expect(reported.map((r) => r.urn)).to.have.members(resources.filter((r) => r.type === CONDITIONAL_ACCESS_POLICY_TYPE).map((r) => r.urn));
      expect(reported[0].message).to.contain("reportOnly");
    });

    it("rejects a policy above the licence: risk conditions on p1 (EB-LICENCE-RISK-P2), any policy on free (EB-LICENCE-FREE-CA)", () => {
      const p2 = baselineStack({ ...P1, plan: "p2", policyState: "enabled" });
      const risky = guard(p2, P1);
      expect(rulesOf(risky)).to.deep.equal(["EB-LICENCE-RISK-P2"]);
      expect(risky.map((r) => r.urn)).to.have.members([byName(p2, "entra-signInRiskMfa").urn, byName(p2, "entra-userRiskPasswordChange").urn]);
      const onFree = guard(enforcedP1(), { ...P1, plan: "free" });
      expect(rulesOf(onFree)).to.include("EB-LICENCE-FREE-CA");
      expect(onFree.find((r) => r.urn === byName(enforcedP1(), "entra-securityDefaults")?.urn)).to.equal(undefined);
    });

    it("refuses Security Defaults off without the protections they gave, on their resource (EB-SD-PARITY, EB-COVERAGE-PROOF)", () => {
      const resources = baselineStack({ ...P1, protection: "conditionalAccess" }); // policies report-only: nothing enforces MFA.
      const reported = guard(resources, P1);
      expect([...new Set(rulesOf(reported))]).to.have.members(["EB-SD-PARITY", "EB-COVERAGE-PROOF"]);
      expect(reported.every((r) => r.urn === byName(resources, "entra-security-defaults").urn)).to.equal(true);
      expect(advisories(resources, P1)).to.deep.equal([]);
    });

    it("shows a gap the stack accepts as an advisory with its reason, and refuses an acceptance that no longer applies", () => {
      const reason = "rollback step 1 (docs/migration.md): Security Defaults return in the next update";
      const acceptedGaps = { "EB-SD-PARITY": { reason }, "EB-COVERAGE-PROOF": { reason } };
      const resources = baselineStack({ ...P1, protection: "conditionalAccess" });
      expect(guard(resources, { ...P1, acceptedGaps })).to.deep.equal([]);
      const accepted = advisories(resources, { ...P1, acceptedGaps });
      expect(accepted.length).to.be.greaterThan(0);
      expect(accepted.every((r) => r.message.includes(reason))).to.equal(true);
      const stale = guard(enforcedP1(), { ...P1, acceptedGaps });
      expect(stale.map((r) => r.message.slice(0, 43))).to.deep.equal([
        "[EB-ACCEPTED-GAP] acceptedGaps.EB-SD-PARITY",
        "[EB-ACCEPTED-GAP] acceptedGaps.EB-COVERAGE-",
      ]);
    });

    it("rejects an accepted gap that names no gap rule or gives no reason, naming the pack's key", () => {
      const reported = guard(enforcedP1(), {
        ...P1,
        acceptedGaps: { "EB-LOCKOUT-PROOF": { reason: "we know what we do here" }, "EB-SD-PARITY": { reason: " " } },
      });
      expect(reported.map((r) => r.message)).to.satisfy((messages: string[]) =>
        messages.some((m) => m.startsWith(`policy pack config ${GUARD_POLICY}.acceptedGaps.EB-LOCKOUT-PROOF: names no gap rule`)),
      );
      expect(reported.map((r) => r.message).join("\n")).to.contain(`${GUARD_POLICY}.acceptedGaps.EB-SD-PARITY.reason`);
      const missing = guard(enforcedP1(), { ...P1, acceptedGaps: { "EB-SD-PARITY": {} } });
      expect(missing.map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.acceptedGaps.EB-SD-PARITY.reason: is required; ` +
          "set it to a sentence of at least 10 characters: why the gap is accepted and until when",
      ]);
    });
  });

  describe("over a stack that never used the component (hand-written azuread.ConditionalAccessPolicy)", () => {
    it("accepts a policy that excludes the break-glass accounts, without a Security Defaults resource", () => {
      expect(guard([caResource("mfa", handWritten("MFA for everyone"))], P1)).to.deep.equal([]);
      expect(validate(ADVISORY_POLICY, [caResource("mfa", handWritten("MFA for everyone"))], P1)).to.deep.equal([]);
    });

    it("rejects a policy that leaves out a break-glass account, on its URN, naming the account and the fix (EB-BREAKGLASS-EXCLUDED)", () => {
      const resource = caResource("mfa", handWritten("MFA for everyone", { excludeUsers: [] }));
      const reported = guard([resource], P1);
      expect(rulesOf(reported)).to.include("EB-BREAKGLASS-EXCLUDED");
      const finding = reported.find((r) => r.message.startsWith("[EB-BREAKGLASS-EXCLUDED]"))!;
      expect(finding.urn).to.equal(resource.urn);
      expect(finding.message).to.contain(BREAK_GLASS_USER).and.contain("excludeUsers");
    });

    it("rejects policies while no break-glass account is configured, on the stack", () => {
      const reported = guard([caResource("mfa", handWritten("MFA for everyone"))], { plan: "p1" });
      const finding = reported.find((r) => r.message.startsWith("[EB-BREAKGLASS-EXCLUDED]"))!;
      expect(finding.urn).to.equal(undefined);
      expect(finding.message).to.contain("no break-glass account is set").and.contain("breakGlassUsers");
    });

    it("rejects a lockout the simulated sign-ins prove: every admin role blocked (EB-LOCKOUT-PROOF)", () => {
      const blockAdmins = handWritten("Block admins", { includeUsers: [], includeRoles: [...PRIVILEGED_ROLE_IDS] });
      const resource = caResource("block-admins", { ...blockAdmins, grantControls: { operator: "OR", builtInControls: ["block"] } });
      const reported = guard([resource], P1);
      expect(rulesOf(reported)).to.deep.equal(["EB-LOCKOUT-PROOF"]);
      expect(reported[0].message).to.contain("Global Administrator");
    });

    it("rejects two resources with one display name, a violation on each (EB-DUPLICATE-NAME)", () => {
      const a = caResource("mfa-a", handWritten("MFA"));
      const b = caResource("mfa-b", handWritten("MFA", {}, REPORT_ONLY));
      const reported = guard([a, b], P1);
      expect(rulesOf(reported)).to.deep.equal(["EB-DUPLICATE-NAME"]);
      expect(reported.map((r) => r.urn)).to.have.members([a.urn, b.urn]);
    });

    it("finds Security Defaults declared as an unnamed dynamic resource by its provider", () => {
      const unnamed = policyResource("pulumi-nodejs:dynamic:Resource", "sd", {
        isEnabled: true,
        __provider: 'exports.handler = __f0; … "identitySecurityDefaultsEnforcementPolicy" …',
      });
      expect(rulesOf(guard([unnamed, caResource("mfa", handWritten("MFA"))], P1))).to.deep.equal(["EB-SD-CA-CONFLICT"]);
    });

    it("compares object ids case-insensitively, as Entra does", () => {
      expect(guard([caResource("mfa", handWritten("MFA"))], { ...P1, breakGlassUsers: [BREAK_GLASS_USER.toUpperCase()] })).to.deep.equal([]);
    });

    it("reports every policy that leaves out a break-glass account, exactly once, on its own URN (property)", () => {
      fc.assert(
        fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (excludes) => {
          const resources = excludes.map((excluded, i) =>
            caResource(`p${i}`, handWritten(`Policy ${i}`, { excludeUsers: excluded ? [BREAK_GLASS_USER] : [] })),
          );
          const reported = guard(resources, P1).filter((r) => r.message.startsWith("[EB-BREAKGLASS-EXCLUDED]"));
          expect(reported.map((r) => r.urn).sort()).to.deep.equal(
            resources
              .filter((_, i) => !excludes[i])
              .map((r) => r.urn)
              .sort(),
          );
        }),
        { numRuns: 50 },
      );
    });
  });

  describe("over this project's example stacks, as their offline plans declare them", () => {
    const stacksDir = path.join(__dirname, "..", "stacks");
    for (const file of fs.readdirSync(stacksDir).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
      const stack = file.replace(/^Pulumi\.|\.yaml$/g, "");
      it(`accepts ${stack} with the config its stack file gives (policy-pack/configFromStack.ts)`, async () => {
        const config = packConfigFromStack(fs.readFileSync(path.join(stacksDir, file), "utf8"));
        expect(Object.keys(config)).to.deep.equal([GUARD_POLICY, ADVISORY_POLICY]);
        const plan = await runPlan({ stack });
        const resources = plan.resources.map((r) => policyResource(r.type, r.name, r.inputs));
        expect(guard(resources, config[GUARD_POLICY])).to.deep.equal([]);
      });
    }
  });

  describe("its configuration", () => {
    it("rejects an unknown key, suggesting the key meant, and checks nothing until it is fixed", () => {
      const reported = guard([caResource("mfa", handWritten("MFA", { excludeUsers: [] }))], { ...P1, breakGlassUser: [BREAK_GLASS_USER] });
      expect(reported).to.deep.equal([
        {
          message:
            `policy pack config ${GUARD_POLICY}.breakGlassUser: unknown key; ` +
            `did you mean "breakGlassUsers"? A misspelt key could leave a break-glass account unchecked, so it is refused`,
        },
      ]);
    });

    it("rejects break-glass ids that are not GUIDs, naming each value and its position", () => {
      const reported = guard([], { plan: "p1", breakGlassUsers: ["breakglass1@contoso.com", BREAK_GLASS_USER], breakGlassGroups: ["Emergency access"] });
      expect(reported.map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.breakGlassUsers[0]: ` +
          `"breakglass1@contoso.com" is not an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21); ` +
          `use the account's or group's Object ID, not its name or UPN`,
        `policy pack config ${GUARD_POLICY}.breakGlassGroups[0]: ` +
          `"Emergency access" is not an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21); ` +
          `use the account's or group's Object ID, not its name or UPN`,
      ]);
    });

    it("rejects a missing or unknown plan, and a list that is not a list, all at once", () => {
      expect(guard([], { breakGlassUsers: BREAK_GLASS_USER }).map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.plan: is required; set it to the tenant's Entra ID licence: free, p1 or p2`,
        `policy pack config ${GUARD_POLICY}.breakGlassUsers: "${BREAK_GLASS_USER}" is not valid (must be array); ` +
          `set it to a list of the object ids (GUIDs) of your emergency-access (break-glass) accounts, copied from the Entra admin center`,
      ]);
      expect(guard([], { plan: "e5" }).map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.plan: "e5" is not one of free, p1, p2; set it to the tenant's Entra ID licence: free, p1 or p2`,
      ]);
    });

    it("leaves the advisory policy not applicable until it is configured", () => {
      expect(validate(ADVISORY_POLICY, baselineStack(P1), {}))
        .to.have.property("notApplicable")
        .that.contains(GUARD_POLICY);
    });
  });
});
