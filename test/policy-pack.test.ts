import { expect } from "chai";
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import * as os from "os";
import { parse, stringify } from "yaml";
import { toProviderInputs } from "../components/providerArgs";
import { validateConfig } from "../config/validate";
import { buildBaselinePolicies } from "../policies/baseline";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { PRIVILEGED_ROLE_IDS, REPORT_ONLY } from "../policies/wellKnownIds";
import { packConfigFromStack } from "../policy-pack/configFromStack";
import { ADVISORY_POLICY, ENTRA_BASELINE_POLICIES, GUARD_POLICY, stackPolicy } from "../policy-pack/policies";
import { GUARD_CONFIG_SCHEMA, readPackConfig } from "../policy-pack/config";
import { OBJECT_ID, USER_ID } from "../config/schemaParts";
import { lookUpUserNames } from "../graph/userNames";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { caFileFor, clientFor, pipelineEnvironment } from "./support/graphClient";
import { runPlan } from "../plan/runPlan";
import { CONDITIONAL_ACCESS_POLICY_TYPE, SECURITY_DEFAULTS_TYPE } from "../policy-pack/stackGuard";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER, SERVICE_ACCOUNT } from "./fixtures/ids";
import { exportTenant } from "../cli/export";
import { DEVICE_ID, riskyTenant } from "./fixtures/exportTenant";

const STACK = "urn:pulumi:contoso::contoso-entra";
/** The break-glass account BREAK_GLASS_USER by its UPN, in another case than the tenant writes it. */
const UPN = "BreakGlass1@contoso.com";

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

/** Runs a policy as the analyzer does, awaiting it (it is asynchronous when it resolves UPNs through Graph). */
async function validateAwaited(policy: StackValidationPolicy, resources: PolicyResource[], config: Record<string, unknown>): Promise<Reported[]> {
  const reported: Reported[] = [];
  const args: StackValidationArgs = {
    resources,
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
  await policy.validateStack(args, (message, urn) => reported.push(urn === undefined ? { message } : { message, urn }));
  return reported;
}
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

    it("declare a config schema: plan required by the mandatory policy, break-glass users as ids or UPNs, groups as GUIDs, the accepted gaps", () => {
      const [mandatory, advisory] = ENTRA_BASELINE_POLICIES;
      expect(mandatory.configSchema?.required).to.deep.equal(["plan"]);
      expect(advisory.configSchema?.required).to.equal(undefined);
      expect(Object.keys(mandatory.configSchema!.properties)).to.deep.equal(["plan", "breakGlassUsers", "breakGlassGroups", "acceptedGaps", "inheritedRisks"]);
      expect(mandatory.configSchema!.properties.breakGlassUsers).to.have.nested.property("items.pattern", USER_ID.pattern);
      expect(mandatory.configSchema!.properties.breakGlassGroups).to.have.nested.property("items.pattern", OBJECT_ID.pattern);
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

  describe("over an exported stack that holds a tenant policy's guard error unchanged (inheritedRisks)", () => {
    // The export of a tenant whose "Admins need a compliant device" fails the lockout proof, its offline plan's resources
    // and the pack config its stack file gives: what `pulumi preview --policy-pack` sees for that stack.
    let exported: { resources: PolicyResource[]; config: Record<string, Record<string, unknown>> };
    before(async function () {
      this.timeout(30000);
      const double = await startGraphDouble();
      try {
        riskyTenant(double.tenant);
        const doc = parse((await exportTenant(clientFor(double), "risky")).text);
        doc.config["entra-baseline:breakGlassConfirmed"] = true;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-pack-inherited-"));
        fs.writeFileSync(path.join(dir, "Pulumi.risky.yaml"), stringify(doc));
        const plan = await runPlan({ stack: "risky", stacksDir: dir });
        exported = {
          resources: plan.resources.map((r) => policyResource(r.type, r.name, r.inputs)),
          config: packConfigFromStack(fs.readFileSync(path.join(dir, "Pulumi.risky.yaml"), "utf8")),
        };
      } finally {
        await double.close();
      }
    });
    const deviceResource = (resources: PolicyResource[]) => resources.find((r) => r.props.displayName === "Admins need a compliant device")!;
    /** The exported resources with the risky policy's provider inputs changed. */
    const changed = (change: (props: Record<string, any>) => void) =>
      exported.resources.map((r) => {
        if (r !== deviceResource(exported.resources)) return r;
        const props = structuredClone(r.props);
        change(props);
        return policyResource(r.type, r.name, props);
      });

    it("passes it unchanged, as the offline plan does: nothing mandatory, the risk as an advisory on its policy with its fix", () => {
      const { resources, config } = exported;
      expect(config[GUARD_POLICY].inheritedRisks).to.have.length(1);
      expect(guard(resources, config[GUARD_POLICY])).to.deep.equal([]);
      const shown = advisories(resources, config[ADVISORY_POLICY]);
      // The lockout proof names no policy of its own: the inherited risk goes on the policy it was found in.
      expect(shown.map((r) => r.urn)).to.deep.equal([deviceResource(resources).urn]);
      expect(shown[0].message).to.match(/^\[EB-LOCKOUT-PROOF\] inherited risk, unchanged since the export \(customPolicies\.adminsNeedACompliantDevice\): /);
      expect(shown[0].message).to.contain("exclude the role from that policy");
    });

    it("refuses the same stack when its pack config does not acknowledge the risk", () => {
      const { inheritedRisks: _risks, ...unacknowledged } = exported.config[GUARD_POLICY];
      expect(rulesOf(guard(exported.resources, unacknowledged))).to.deep.equal(["EB-LOCKOUT-PROOF"]);
    });

    it("refuses it once the risky policy changes in the stack, even when the finding reads the same", () => {
      const resources = changed((props) => (props.conditions.clientAppTypes = ["browser", "mobileAppsAndDesktopClients"]));
      const reported = guard(resources, exported.config[GUARD_POLICY]);
      expect(rulesOf(reported)).to.deep.equal(["EB-LOCKOUT-PROOF"]);
      expect(reported[0].message).to.contain(
        `not inherited any more: customPolicies.adminsNeedACompliantDevice (tenant policy ${DEVICE_ID}) changed since the export`,
      );
    });

    it("refuses a worse risk: the policy locking out one more admin role is a new finding", () => {
      const resources = changed((props) => props.conditions.users.includedRoles.push(PRIVILEGED_ROLE_IDS[1]));
      const reported = guard(resources, exported.config[GUARD_POLICY]);
      expect(rulesOf(reported)).to.deep.equal(["EB-LOCKOUT-PROOF"]);
      expect(reported.map((r) => r.message)).to.satisfy((messages: string[]) =>
        messages.some((m) => m.includes("a simulated sign-in of a Security Administrator") && !m.includes("inherited")),
      );
      expect(advisories(resources, exported.config[ADVISORY_POLICY])).to.deep.equal([]);
    });

    it("refuses a new policy that copies the risky one: the acknowledgement binds the exported content only", () => {
      const device = deviceResource(exported.resources);
      const copy = policyResource(device.type, "copy", { ...structuredClone(device.props), displayName: "Admins need a compliant device (copy)" });
      const reported = guard([...exported.resources, copy], exported.config[GUARD_POLICY]);
      expect(rulesOf(reported)).to.deep.equal(["EB-LOCKOUT-PROOF"]);
      expect(reported.map((r) => r.message).join("\n")).to.contain("(copy)");
    });

    it("refuses a malformed entry in the pack config by key, with the fix, and checks nothing until it is fixed", () => {
      const reported = guard(exported.resources, {
        ...P1,
        inheritedRisks: [{ rule: "EB-LOCKOUT-PROOF", finding: "x", policies: { device: { id: "not an id", sha256: "abc" } } }],
      });
      expect(reported.map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.inheritedRisks[0].policies.device.id: "not an id" is not an object id ` +
          `(a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21); use the tenant policy's id as npm run export wrote it`,
        `policy pack config ${GUARD_POLICY}.inheritedRisks[0].policies.device.sha256: "abc" is not valid (must match pattern "^[0-9a-f]{64}$"); ` +
          `set it to the SHA-256 of the policy's content at export (64 lower-case hex digits)`,
      ]);
    });
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

    it("rejects break-glass users that are neither an object id nor a UPN, and groups that are not GUIDs, naming each value and its position", () => {
      const reported = guard([], { plan: "p1", breakGlassUsers: ["breakglass1", BREAK_GLASS_USER, "a b@contoso.com"], breakGlassGroups: ["Emergency access"] });
      const neither =
        "is neither an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21) nor a user principal name (breakglass1@contoso.com); " +
        "use the account's Object ID or its UPN";
      expect(reported.map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.breakGlassUsers[0]: "breakglass1" ${neither}`,
        `policy pack config ${GUARD_POLICY}.breakGlassUsers[2]: "a b@contoso.com" ${neither}`,
        `policy pack config ${GUARD_POLICY}.breakGlassGroups[0]: ` +
          `"Emergency access" is not an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21); use the group's Object ID, not its name`,
      ]);
      expect(guard([], { plan: "p1", breakGlassGroups: ["emergency@contoso.com"] }).map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.breakGlassGroups[0]: ` +
          `"emergency@contoso.com" is not an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21); use the group's Object ID, not its name`,
      ]);
    });

    it("rejects one account or group listed twice, in the same case or in two (Entra ignores the case of UPNs and ids)", () => {
      const reported = guard([], {
        plan: "p1",
        breakGlassUsers: [UPN, UPN.toUpperCase(), BREAK_GLASS_USER, BREAK_GLASS_USER],
        breakGlassGroups: [BREAK_GLASS_GROUP, BREAK_GLASS_GROUP.toUpperCase()],
      });
      expect(reported.map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.breakGlassUsers: lists "${BREAK_GLASS_USER}" twice; remove the duplicate`,
      ]);
      expect(
        guard([], { plan: "p1", breakGlassUsers: [UPN, UPN.toUpperCase()], breakGlassGroups: [BREAK_GLASS_GROUP, BREAK_GLASS_GROUP.toUpperCase()] }).map(
          (r) => r.message,
        ),
      ).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.breakGlassUsers: lists "${UPN}" and "${UPN.toUpperCase()}", the same account (case is ignored); keep one`,
        `policy pack config ${GUARD_POLICY}.breakGlassGroups: lists "${BREAK_GLASS_GROUP}" and "${BREAK_GLASS_GROUP.toUpperCase()}", ` +
          `the same group (case is ignored); keep one`,
      ]);
    });

    it("rejects a missing or unknown plan, and a list that is not a list, all at once", () => {
      expect(guard([], { breakGlassUsers: BREAK_GLASS_USER }).map((r) => r.message)).to.deep.equal([
        `policy pack config ${GUARD_POLICY}.plan: is required; set it to the tenant's Entra ID licence: free, p1 or p2`,
        `policy pack config ${GUARD_POLICY}.breakGlassUsers: "${BREAK_GLASS_USER}" is not valid (must be array); ` +
          `set it to a list of your emergency-access (break-glass) accounts: object ids (GUIDs) or user principal names (breakglass1@contoso.com)`,
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

  describe("break-glass accounts named by UPN, as the stack names them", () => {
    /** What a pipeline gives `pulumi preview` (and so the analyzer): app credentials in the environment. */
    const CREDENTIALS = { AZURE_CLIENT_ID: "c", AZURE_TENANT_ID: "t", AZURE_CLIENT_SECRET: "s" };
    const GUEST = "alice_fabrikam.com#EXT#@contoso.onmicrosoft.com";
    const GONE_ID = "9f5b6a7c-0000-4eaf-8b3c-0000000000e1";
    const staging = (breakGlassUsers: string[]) => baselineStack({ ...P1, breakGlassUsers, protection: "securityDefaults" });

    it("reads the config configFromStack writes from a stack file that names them by UPN (the template's policy-config)", () => {
      const written = packConfigFromStack(`config:\n  entra-baseline:plan: p1\n  entra-baseline:breakGlassUsers: '["${UPN}", "${BREAK_GLASS_USER}"]'\n`);
      const reading = readPackConfig(GUARD_POLICY, written[GUARD_POLICY]);
      expect(reading.ok && reading.config.breakGlassUsers).to.deep.equal([UPN, BREAK_GLASS_USER]);
    });

    it("compares them as written, without regard to case, when the environment has no credentials: the offline plan declares them so", async () => {
      const offline = stackPolicy(GUARD_POLICY, "error", GUARD_CONFIG_SCHEMA, "", {}, () => Promise.reject(new Error("Graph must not be asked")));
      expect(await validateAwaited(offline, staging([UPN]), { ...P1, breakGlassUsers: [UPN.toLowerCase()] })).to.deep.equal([]);
      const left = await validateAwaited(offline, staging([UPN]), { ...P1, breakGlassUsers: [UPN, "breakglass2@contoso.com"] });
      expect(rulesOf(left)).to.deep.equal(["EB-BREAKGLASS-EXCLUDED"]);
      expect(left.map((r) => r.message).join("\n")).to.contain("breakglass2@contoso.com");
      // The policies exclude the id, the config names the UPN: without Graph they are two accounts, and the pack refuses.
      expect(rulesOf(await validateAwaited(offline, staging([BREAK_GLASS_USER]), { ...P1, breakGlassUsers: [UPN] }))).to.deep.equal(["EB-BREAKGLASS-EXCLUDED"]);
    });

    describe("with credentials in the environment: resolved through Graph (the Graph double), as pulumi up resolves the stack's", () => {
      let double: GraphDouble;
      let clouds: unknown[];
      const pack = () => {
        clouds = [];
        return stackPolicy(GUARD_POLICY, "error", GUARD_CONFIG_SCHEMA, "", CREDENTIALS, (names, cloud) => {
          clouds.push(cloud);
          return lookUpUserNames(clientFor(double), names);
        });
      };
      beforeEach(async () => {
        double = await startGraphDouble();
        double.tenant.users.set(BREAK_GLASS_USER, { id: BREAK_GLASS_USER, userPrincipalName: "breakglass1@contoso.com", perUserMfaState: "disabled" });
        double.tenant.users.set(SERVICE_ACCOUNT, { id: SERVICE_ACCOUNT, userPrincipalName: "svc-sync@contoso.com", perUserMfaState: "disabled" });
        double.tenant.users.set("g", { id: "0a1b2c3d-0000-4e5f-8a9b-0000000000f1", userPrincipalName: GUEST, perUserMfaState: "disabled", userType: "Guest" });
        double.tenant.deletedUsers.push({ id: GONE_ID, userPrincipalName: `${GONE_ID.replace(/-/g, "")}former.admin@contoso.com`, userType: "Member" });
      });
      afterEach(() => double.close());

      it("accepts a UPN whose account the policies exclude by id (the program deployed the id in its place), asking Graph once", async () => {
        expect(await validateAwaited(pack(), staging([BREAK_GLASS_USER]), { ...P1, breakGlassUsers: [UPN] })).to.deep.equal([]);
        expect(double.graphRequests().filter((r) => r.path.startsWith("/v1.0/$batch"))).to.have.length(1);
        expect(clouds).to.deep.equal(["global"]);
      });

      it("reads a UPN on the policies' side as its id too", async () => {
        expect(await validateAwaited(pack(), staging([UPN.toUpperCase()]), { ...P1, breakGlassUsers: [BREAK_GLASS_USER] })).to.deep.equal([]);
      });

      it("still refuses a resolved account the policies leave out, on each policy's URN", async () => {
        const reported = await validateAwaited(pack(), staging([BREAK_GLASS_USER]), { ...P1, breakGlassUsers: [UPN, "svc-sync@contoso.com"] });
        expect(rulesOf(reported)).to.deep.equal(["EB-BREAKGLASS-EXCLUDED"]);
        expect(reported.every((r) => r.urn !== undefined)).to.equal(true);
      });

      it("rejects a UPN no user has, a guest and a deleted user, each named, and judges nothing until they are fixed", async () => {
        const reported = await validateAwaited(pack(), staging([BREAK_GLASS_USER]), {
          ...P1,
          breakGlassUsers: ["nobody@contoso.com", GUEST, "former.admin@contoso.com"],
        });
        const where = `policy pack config ${GUARD_POLICY}.breakGlassUsers: `;
        expect(reported.map((r) => r.message)).to.deep.equal([
          `${where}"nobody@contoso.com" names no user of this tenant (Graph has no user with this UPN); check its spelling, or give the object id`,
          `${where}"${GUEST}" is a guest (userType Guest, object id 0a1b2c3d-0000-4e5f-8a9b-0000000000f1), whose sign-in its home tenant controls; ` +
            `name a member account of this tenant`,
          `${where}"former.admin@contoso.com" is a deleted user (in the recycle bin as ${GONE_ID.replace(/-/g, "")}former.admin@contoso.com, ` +
            `object id ${GONE_ID}); restore it or name another account`,
        ]);
      });

      it("rejects one account named by its UPN and by its id", async () => {
        const reported = await validateAwaited(pack(), staging([BREAK_GLASS_USER]), { ...P1, breakGlassUsers: [UPN, BREAK_GLASS_USER] });
        expect(reported.map((r) => r.message)).to.deep.equal([
          `policy pack config ${GUARD_POLICY}.breakGlassUsers: "${BREAK_GLASS_USER}" and "${UPN}" are the same account (object id ${BREAK_GLASS_USER}, ` +
            `found in the tenant); keep one`,
        ]);
      });

      it("refuses when Graph cannot answer, naming the permission, never passing unchecked", async () => {
        double.tenant.permissions.delete("User.Read.All");
        const [problem, ...more] = await validateAwaited(pack(), staging([BREAK_GLASS_USER]), { ...P1, breakGlassUsers: [UPN] });
        expect(more).to.deep.equal([]);
        expect(problem.message).to.match(new RegExp(`^policy pack config ${GUARD_POLICY}\\.breakGlassUsers: the user principal names could not be resolved`));
        expect(problem.message).to.contain("User.Read.All");
      });

      it("runs both policies with the environment's own credentials (@azure/identity, the double's HTTPS): one lookup for the two", async () => {
        const env = pipelineEnvironment(double, caFileFor(double));
        const policies = [
          stackPolicy(GUARD_POLICY, "error", GUARD_CONFIG_SCHEMA, "", env),
          stackPolicy(ADVISORY_POLICY, "warning", GUARD_CONFIG_SCHEMA, "", env),
        ];
        for (const policy of policies) expect(await validateAwaited(policy, staging([BREAK_GLASS_USER]), { ...P1, breakGlassUsers: [UPN] })).to.deep.equal([]);
        expect(double.graphRequests().filter((r) => r.path.startsWith("/v1.0/$batch"))).to.have.length(1);
        const wrong = pipelineEnvironment(double, caFileFor(double), "not-the-secret");
        const [refused] = await validateAwaited(stackPolicy(GUARD_POLICY, "error", GUARD_CONFIG_SCHEMA, "", wrong), staging([BREAK_GLASS_USER]), {
          ...P1,
          breakGlassUsers: [UPN],
        });
        expect(refused.message).to.contain("could not be resolved through Microsoft Graph").and.not.contain("not-the-secret");
      });

      it("asks Graph nothing when neither the config nor the policies name a user by UPN", async () => {
        expect(await validateAwaited(pack(), staging([BREAK_GLASS_USER]), P1)).to.deep.equal([]);
        expect(double.graphRequests()).to.deep.equal([]);
      });
    });
  });
});
