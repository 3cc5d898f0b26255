import { isPolicyResource, policyOfResource } from "../components/policyResources";
import { SECURITY_DEFAULTS_TYPE } from "../components/resourceTypes";
import type { Finding, FindingSeverity } from "../guard/finding";
import type { GuardInput, GuardRule } from "../guard/input";
import { PACK_RULES } from "../components/ruleRegistry";
import { runGuard } from "../guard/runGuard";
import { acceptedGap } from "../guard/acceptedGaps";
import { licenceFreeCa } from "../guard/rules/licenceFreeCa";
import { isGapRule } from "../config/types";
import { canonicalId } from "../config/objectIds";
import type { InheritedRiskSetting } from "../config/args";
import { acknowledgeInheritedRisks, policyContentHash } from "../components/inheritedRisks";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { PackConfig } from "./config";

/**
 * The type tokens the pack reads: the azuread provider's Conditional Access policy, this project's Graph-backed one
 * and its Security Defaults resource.
 */
export { CONDITIONAL_ACCESS_POLICY_TYPE, GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE, SECURITY_DEFAULTS_TYPE } from "../components/resourceTypes";
/** A dynamic resource without a type name; it is the Security Defaults resource when its serialized provider writes that policy. */
const UNNAMED_DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";

/** Users named by UPN, lower-cased, to their object ids: how the pack reads a UPN on either side once Graph has answered. */
export type UserIds = ReadonlyMap<string, string>;

/** A resource of the stack, as Pulumi hands it to a stack validation (`PolicyResource`), reduced to what the pack reads. */
export interface StackResource {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly props: Record<string, any>;
}

/** One guard finding, on the resource it is about (no `urn`: the stack as a whole). */
export interface PackViolation {
  readonly rule: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly urn?: string;
}

function isSecurityDefaults(resource: StackResource): boolean {
  if (resource.type === SECURITY_DEFAULTS_TYPE) return true;
  return resource.type === UNNAMED_DYNAMIC_TYPE && String(resource.props.__provider ?? "").includes("identitySecurityDefaultsEnforcementPolicy");
}

function graphShaped(type: string, props: Record<string, any>, user: (value: string) => string): ConditionalAccessPolicy {
  const policy = policyOfResource(type, props);
  const users = policy.conditions.users;
  const normal = (ids: readonly string[]) => ids.map(canonicalId);
  return {
    ...policy,
    conditions: {
      ...policy.conditions,
      users: {
        ...users,
        includeUsers: users.includeUsers.map(user),
        excludeUsers: users.excludeUsers.map(user),
        includeGroups: normal(users.includeGroups),
        excludeGroups: normal(users.excludeGroups),
      },
    },
  };
}

/**
 * The guard over a stack that may never have used this project's components: every Conditional
 * Access policy (provider inputs turned back into Graph's shape; a Graph-backed one's inputs are Graph's shape)
 * and the Security Defaults resource if the stack declares one, judged by the guard's rules with the pack's licence
 * and break-glass accounts. Users named by UPN are read as the ids `userIds` gives them (Graph's answer, when the
 * pack could ask), on both sides; otherwise as written, and the guard's rules compare them without regard to case.
 */
export function guardStack(resources: readonly StackResource[], config: PackConfig, userIds: UserIds = new Map()): PackViolation[] {
  const user = (value: string) => userIds.get(value.toLowerCase()) ?? canonicalId(value);
  const declared = resources.filter((r) => isPolicyResource(r.type)).map((r) => ({ urn: r.urn, policy: graphShaped(r.type, r.props, user) }));
  const securityDefaults = resources.find(isSecurityDefaults);
  const sdOn = securityDefaults?.props.isEnabled === true;
  const input: GuardInput = {
    plan: config.plan,
    protection: sdOn || (!securityDefaults && declared.length === 0) ? "securityDefaults" : "conditionalAccess",
    securityDefaults: { isEnabled: sdOn },
    breakGlassUsers: config.breakGlassUsers.map(user),
    breakGlassGroups: config.breakGlassGroups.map(canonicalId),
    policies: declared.map((d) => d.policy),
    phase: "preview",
    managesSecurityDefaults: securityDefaults !== undefined,
    acceptedGaps: config.acceptedGaps,
  };
  // Parity and coverage compare with Security Defaults the stack turns off; a stack that does not declare them says nothing about them.
  const rules: readonly GuardRule[] = PACK_RULES.filter((rule) => !isGapRule(rule.id) || securityDefaults !== undefined);
  const risks = config.inheritedRisks;
  // Each policy's content hash, as the export recorded it: only a stack with inherited risks needs them.
  const hashed = risks.length > 0 ? declared.map((d) => ({ ...d, sha256: policyContentHash(d.policy as unknown as Record<string, unknown>) })) : [];
  const findings = acknowledgeInheritedRisks(runGuard(input, rules), risks, (risk) => changedInStack(risk, hashed));
  return findings.flatMap((finding) => onResources(finding, declared, securityDefaults, inheritedOn(finding, risks, hashed)));
}

/**
 * Why an inherited risk no longer holds in the stack the pack sees: a policy it was found in is not among the stack's
 * policies with the content hashed at export (changed, or gone). The pack cannot read the tenant: that the tenant's
 * policy is unchanged too is the program's check (`pulumi up` reads the tenant and refuses otherwise).
 */
function changedInStack(risk: InheritedRiskSetting, hashed: readonly { sha256: string }[]): string | undefined {
  const changed = Object.entries(risk.policies).find(([, exported]) => !hashed.some((h) => h.sha256 === exported.sha256));
  return changed && `customPolicies.${changed[0]} (tenant policy ${changed[1].id}) changed since the export: no policy of the stack has its exported content`;
}

/**
 * An inherited risk about the stack as a whole (the lockout proof names no policy of its own) goes on the policies it
 * was found in, by their exported content; none for any other finding.
 */
function inheritedOn(finding: Finding, risks: readonly InheritedRiskSetting[], hashed: readonly { urn: string; sha256: string }[]): string[] {
  if (!finding.inherited || finding.policy !== undefined) return [];
  const risk = risks.find((r) => r.rule === finding.rule && finding.message.endsWith(r.finding));
  const sources = new Set(Object.values(risk?.policies ?? {}).map((p) => p.sha256));
  return hashed.filter((h) => sources.has(h.sha256)).map((h) => h.urn);
}

/**
 * A finding about a named policy goes on every resource with that display name; an inherited risk, on the resources it
 * was found in (`about`); one about protection, on Security Defaults.
 */
function onResources(
  finding: Finding,
  declared: readonly { urn: string; policy: ConditionalAccessPolicy }[],
  securityDefaults: StackResource | undefined,
  about: readonly string[],
): PackViolation[] {
  const violation = { rule: finding.rule, severity: finding.severity, message: `[${finding.rule}] ${finding.message}` };
  if (about.length > 0) return about.map((urn) => ({ ...violation, urn }));
  if (finding.policy !== undefined) {
    const urns = declared.filter((d) => d.policy.displayName === finding.policy).map((d) => d.urn);
    if (urns.length > 0) return urns.map((urn) => ({ ...violation, urn }));
  }
  const aboutSecurityDefaults = isGapRule(finding.rule) || finding.rule === acceptedGap.id || finding.rule === licenceFreeCa.id;
  return [aboutSecurityDefaults && securityDefaults ? { ...violation, urn: securityDefaults.urn } : violation];
}
