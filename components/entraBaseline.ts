import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { LiveTenant } from "../live/tenant";
import { adoptedId, type PolicyKey } from "../config/types";
import type { BaselineArgs } from "../config/args";
import type { BaselineConfig } from "../config/keys";
import type { Finding } from "../guard/finding";
import { decideBaseline, decideValidated } from "./decideBaseline";
import { BaselineRejectedError } from "./errors";
import { toProviderInputs } from "./providerArgs";
import { reportFindings } from "./reportFindings";
import { declaredAuthenticationMethods } from "../policies/authenticationMethods";
import { AuthenticationMethods } from "./authenticationMethods";
import { PerUserMfa } from "./perUserMfa";
import { RegistrationCampaign } from "./registrationCampaign";
import { SecurityDefaults } from "./securityDefaults";
import { customPolicyInputs, managedThroughGraph } from "./customPolicyInputs";
import { namedLocationInputs } from "./namedLocationInputs";
import { GraphConditionalAccessPolicy } from "./graphConditionalAccessPolicy";
import { ownerMarkerInputs, ownerMarkers, stackIdentity } from "../live/ownership";

/** The stack configuration's keys (documented on `BaselineArgs`), plus what only a program can pass. */
export interface EntraBaselineArgs extends BaselineArgs {
  /**
   * The tenant as the live checks read it: the live rules and the migration-order rules then
   * compare it with what this component declares.
   * @default - no live rules
   */
  readonly liveTenant?: LiveTenant;
  /**
   * The tenant policy ids the stack's state holds, by policy key (its previous `policyIds` output):
   * the live rules then tell the stack's own policies from same-name copies and equivalents.
   * @default - not known: tenant policies are matched by display name
   */
  readonly policyIdsInState?: Readonly<Record<string, string>>;
  /**
   * The stack's identity in the tenant's ownership marker (docs/ownership.md).
   * @default - `<project>/<stack>` of the running Pulumi program
   */
  readonly stack?: string;
}

/** The configuration behind args made by `argsOfValidated`: the component guards it without validating it again. */
const VALIDATED = new WeakMap<EntraBaselineArgs, BaselineConfig>();

/**
 * The component's args for a configuration `validateConfig` accepted already (the Pulumi program validates the
 * stack's before it reads the tenant), so a run validates its configuration once.
 */
export function argsOfValidated(config: BaselineConfig, extras: Pick<EntraBaselineArgs, "liveTenant" | "policyIdsInState" | "stack">): EntraBaselineArgs {
  const args: EntraBaselineArgs = { ...(config as unknown as BaselineArgs), ...extras };
  VALIDATED.set(args, config);
  return args;
}

/** The Pulumi name of a baseline policy's resource: `${component}-admin-mfa`, … Stable: renaming replaces the policy. */
export const policyResourceName = (component: string, key: PolicyKey) => `${component}-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Security Defaults or the Conditional Access baseline for one tenant. The configuration is
 * validated and guarded before anything is registered: a rejected stack declares nothing.
 */
export class EntraBaseline extends pulumi.ComponentResource {
  readonly securityDefaults: SecurityDefaults;
  readonly policies: Readonly<Partial<Record<PolicyKey, azuread.ConditionalAccessPolicy>>>;
  /**
   * The custom policies, by their key under `customPolicies`: an azuread policy, or a Graph-backed one for a policy
   * the azuread provider cannot express (an authentication context, an application filter …).
   */
  readonly customPolicies: Readonly<Record<string, azuread.ConditionalAccessPolicy | GraphConditionalAccessPolicy>>;
  /** The configuration with every default applied. */
  readonly settings: BaselineConfig;
  /** The guard's warnings and info for this stack (errors stop the constructor). */
  readonly findings: readonly Finding[];

  constructor(name: string, args: EntraBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    // Only a real `pulumi up` has an engine and is not a dry run; the offline plan and tests are previews.
    const { liveTenant, policyIdsInState, stack: stated, ...config } = args;
    const stack = stated ?? stackIdentity(pulumi.getProject(), pulumi.getStack());
    const phase = pulumi.runtime.hasEngine() && !pulumi.runtime.isDryRun() ? "update" : "preview";
    const validated = VALIDATED.get(args);
    const decision = validated
      ? decideValidated(validated, phase, liveTenant, policyIdsInState, stack)
      : decideBaseline({ ...config }, phase, liveTenant, policyIdsInState, stack);
    if (!decision.ok) throw new BaselineRejectedError(decision.configIssues, decision.findings);
    const { declaration } = decision;
    super("entra-baseline:index:EntraBaseline", name, {}, opts);

    this.settings = declaration.config;
    this.findings = declaration.findings;
    reportFindings(declaration.findings, this);
    this.securityDefaults = new SecurityDefaults(
      `${name}-security-defaults`,
      { isEnabled: declaration.securityDefaults.isEnabled, cloud: declaration.config.cloud },
      { parent: this },
    );
    // One update turns Security Defaults off (or on) before any policy is created or enabled.
    const policies: Partial<Record<PolicyKey, azuread.ConditionalAccessPolicy>> = {};
    for (const p of declaration.policies) {
      // An adopted policy is imported (read into the state), then updated to the baseline shape in the same `pulumi up`.
      const adopted = declaration.config.adopt[p.key];
      policies[p.key] = new azuread.ConditionalAccessPolicy(policyResourceName(name, p.key), toProviderInputs(p.policy), {
        ...(adopted ? { import: adoptedId(adopted) } : {}),
        parent: this,
        dependsOn: [this.securityDefaults],
      });
    }
    this.policies = policies;
    this.customPolicies = this.declareCustomPolicies(name, declaration.config);
    if (declaration.policies.length + declaration.config.customPolicies.length > 0) {
      // The ownership marker; a stack whose state was lost adopts its own marker from the tenant.
      const own = ownerMarkers(liveTenant?.namedLocations).find((m) => m.stack === stack);
      new azuread.NamedLocation(`${name}-owner`, ownerMarkerInputs(stack), { parent: this, ...(own ? { import: own.location.id } : {}) });
    }

    const { perUserMfa, registrationCampaign, breakGlassUsers, breakGlassGroups, cloud } = declaration.config;
    if (perUserMfa !== "leave") {
      // After Security Defaults and the policies, so nobody is without MFA in between.
      new PerUserMfa(`${name}-per-user-mfa`, perUserMfa === "disable" ? { mode: "disable", cloud } : { mode: "enforce", users: perUserMfa.enforce, cloud }, {
        parent: this,
        dependsOn: [this.securityDefaults, ...Object.values(policies)],
      });
    }
    if (registrationCampaign) {
      new RegistrationCampaign(`${name}-registration-campaign`, { excludeUsers: breakGlassUsers, excludeGroups: breakGlassGroups, cloud }, { parent: this });
    }
    if (declaration.config.authenticationMethods) {
      new AuthenticationMethods(
        `${name}-authentication-methods`,
        { ...declaredAuthenticationMethods(declaration.config.authenticationMethods), cloud },
        { parent: this },
      );
    }
    this.registerOutputs({
      securityDefaultsEnabled: this.securityDefaults.isEnabled,
      policyIds: Object.fromEntries(Object.entries(policies).map(([key, policy]) => [key, policy.id])),
    });
  }

  /**
   * Named locations, then the custom policies that use them (location keys resolved to their ids); an `id` adopts.
   * A policy the azuread provider cannot express (`providerGaps`) is written through Graph by this project's resource.
   */
  private declareCustomPolicies(name: string, config: BaselineConfig): Record<string, azuread.ConditionalAccessPolicy | GraphConditionalAccessPolicy> {
    const locationIds: Record<string, pulumi.Output<string>> = {};
    for (const [key, location] of Object.entries(config.namedLocations)) {
      const adopt = location.id ? { import: location.id } : {};
      locationIds[key] = new azuread.NamedLocation(`${name}-location-${key}`, namedLocationInputs(location), { parent: this, ...adopt }).id;
    }
    const policies: Record<string, azuread.ConditionalAccessPolicy | GraphConditionalAccessPolicy> = {};
    for (const policy of config.customPolicies) {
      const graph = policy.graph!;
      const adopted = typeof graph.id === "string" && graph.id !== "";
      // A policy the stack adopted from the tenant is handed back, not deleted, when the stack stops declaring it (drift
      // then shows it as unmanaged): its resource may also be replaced by one of the other kind when the policy gains
      // or loses a field only Graph can write, and the new resource adopts the same id before the old one is deleted.
      const options = { parent: this, dependsOn: [this.securityDefaults], ...(adopted ? { retainOnDelete: true } : {}) };
      if (managedThroughGraph(graph)) {
        // Adopted by its id as an input: Pulumi's import cannot reach a dynamic provider (docs/brownfield.md).
        policies[policy.key] = new GraphConditionalAccessPolicy(`${name}-custom-${policy.key}`, { graph, locationIds, cloud: config.cloud }, options);
        continue;
      }
      policies[policy.key] = new azuread.ConditionalAccessPolicy(`${name}-custom-${policy.key}`, customPolicyInputs(graph, locationIds), {
        ...options,
        ...(adopted ? { import: graph.id } : {}),
      });
    }
    return policies;
  }
}
