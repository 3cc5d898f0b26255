import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { LiveTenant } from "../live/tenant";
import type { BaselineConfig, Cloud, LicencePlan, LiveChecks, PerUserMfaSetting, PolicyKey, PolicyOptionsByKey, PolicyStateSetting, Protection } from "../config/types";
import type { Finding } from "../guard/finding";
import { decideBaseline } from "./decideBaseline";
import { BaselineRejectedError } from "./errors";
import { toProviderInputs } from "./providerArgs";
import { reportFindings } from "./reportFindings";
import { PerUserMfa } from "./perUserMfa";
import { RegistrationCampaign } from "./registrationCampaign";
import { SecurityDefaults } from "./securityDefaults";

export interface EntraBaselineArgs {
  /** The tenant's Entra ID licence: `free` (no P1/P2), `p1` or `p2`. */
  readonly plan: LicencePlan;
  /**
   * How MFA is required.
   * @default - `securityDefaults` on plan free, `conditionalAccess` on p1 and p2
   */
  readonly protection?: Protection;
  /**
   * Object ids of emergency-access (break-glass) accounts, excluded from every policy.
   * @default - none; at least one break-glass user or group is required when any policy is declared
   */
  readonly breakGlassUsers?: readonly string[];
  /**
   * Object ids of emergency-access groups, excluded from every policy.
   * @default - none
   */
  readonly breakGlassGroups?: readonly string[];
  /**
   * State of every policy that does not set its own.
   * @default "reportOnly" - nothing is enforced until you opt in
   */
  readonly policyState?: PolicyStateSetting;
  /**
   * Object id of a pilot group: the policies that target all users target only this group.
   * @default - all users
   */
  readonly pilotGroup?: string;
  /**
   * Per-policy options; `false` omits a policy.
   * @default - the plan's baseline: p1 the four P1 policies, p2 also the two risk policies, free none
   */
  readonly policies?: { readonly [K in PolicyKey]?: PolicyOptionsByKey[K] | false };
  /**
   * When the program reads the tenant before declaring (`auto`: when credentials are in the environment).
   * @default "auto"
   */
  readonly liveChecks?: LiveChecks;
  /**
   * The Microsoft cloud of the tenant.
   * @default "global"
   */
  readonly cloud?: Cloud;
  /**
   * Legacy per-user MFA: `leave` it, `disable` it for every user (refused until Security Defaults
   * or an enabled all-users MFA policy require MFA), or `{ enforce: [user ids] }`.
   * @default "leave"
   */
  readonly perUserMfa?: PerUserMfaSetting;
  /**
   * Turn on the registration campaign that prompts users to register the Authenticator app
   * (Conditional Access stacks; break-glass excluded).
   * @default false
   */
  readonly registrationCampaign?: boolean;
  /**
   * The tenant as the live checks read it: the live rules and the migration-order rules then
   * compare it with what this component declares.
   * @default - no live rules
   */
  readonly liveTenant?: LiveTenant;
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
  /** The configuration with every default applied. */
  readonly settings: BaselineConfig;
  /** The guard's warnings and info for this stack (errors stop the constructor). */
  readonly findings: readonly Finding[];

  constructor(name: string, args: EntraBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    // Only a real `pulumi up` has an engine and is not a dry run; the offline plan and tests are previews.
    const { liveTenant, ...config } = args;
    const decision = decideBaseline({ ...config }, pulumi.runtime.hasEngine() && !pulumi.runtime.isDryRun() ? "update" : "preview", liveTenant);
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
      policies[p.key] = new azuread.ConditionalAccessPolicy(policyResourceName(name, p.key), toProviderInputs(p.policy), {
        parent: this,
        dependsOn: [this.securityDefaults],
      });
    }
    this.policies = policies;

    const { perUserMfa, registrationCampaign, breakGlassUsers, breakGlassGroups, cloud } = declaration.config;
    if (perUserMfa !== "leave") {
      // After Security Defaults and the policies, so nobody is without MFA in between.
      new PerUserMfa(
        `${name}-per-user-mfa`,
        perUserMfa === "disable" ? { mode: "disable", cloud } : { mode: "enforce", users: perUserMfa.enforce, cloud },
        { parent: this, dependsOn: [this.securityDefaults, ...Object.values(policies)] },
      );
    }
    if (registrationCampaign) {
      new RegistrationCampaign(`${name}-registration-campaign`, { excludeUsers: breakGlassUsers, excludeGroups: breakGlassGroups, cloud }, { parent: this });
    }
    this.registerOutputs({
      securityDefaultsEnabled: this.securityDefaults.isEnabled,
      policyIds: Object.fromEntries(Object.entries(policies).map(([key, policy]) => [key, policy.id])),
    });
  }
}
