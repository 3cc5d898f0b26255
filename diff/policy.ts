import { FieldFamily, POLICY_FIELDS } from "../config/graph/policyFields";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { diffApps, diffClientApps } from "./apps";
import { ChangeRisk, PolicyChange, policyChange } from "./changeKinds";
import { diffAuthenticationFlows, diffClientApplications, diffRiskLevels } from "./conditions";
import { diffApplicationFilter, diffDeviceFilter, diffServicePrincipalFilter } from "./filters";
import { diffGrant } from "./grant";
import { diffWhere, LOCATIONS, PLATFORMS, wherePhrase } from "./locationsAndPlatforms";
import { grantName, stateName } from "./names";
import type { DiffContext } from "./report";
import { blocks, describePolicy, isLegacyOnly } from "./scope";
import { diffSession, diffSessionControls } from "./session";
import { diffUsers } from "./users";

type Differ = (base: ConditionalAccessPolicy, head: ConditionalAccessPolicy, ctx: DiffContext) => PolicyChange[];

/**
 * The diff's walk over the declared fields (config/graph/policyFields.ts), family by family: every family has
 * its differ (the compiler refuses a family without one), and a spec checks that each declared field's change
 * shows up as a change kind.
 */
export const FAMILY_DIFFERS: Readonly<Record<FieldFamily, Differ>> = {
  users: (base, head, ctx) => diffUsers(base, head, ctx),
  applications: (base, head) => [...diffApps(base, head), ...diffApplicationFilter(base, head)],
  clientApplications: (base, head) => [...diffClientApplications(base, head), ...diffServicePrincipalFilter(base, head)],
  clientAppTypes: diffClientApps,
  riskLevels: diffRiskLevels,
  locations: (base, head, ctx) => diffWhere(base, head, LOCATIONS, ctx.locationNames),
  platforms: (base, head) => diffWhere(base, head, PLATFORMS),
  devices: diffDeviceFilter,
  authenticationFlows: diffAuthenticationFlows,
  grant: diffGrant,
  session: (base, head) => [...diffSession(base, head), ...diffSessionControls(base, head)],
};

/** The families in the declaration's order. */
const FAMILIES = [...new Set(POLICY_FIELDS.map((f) => f.family))];

/**
 * The policy's state. Report-only or disabled → enabled enforces it (high risk: sign-ins that
 * only logged are now blocked or challenged); enabled → report-only or disabled weakens.
 */
export function diffState(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  if (base.state === head.state) return [];
  const from = stateName(base.state);
  const to = stateName(head.state);
  const what = blocks(head.grantControls) ? "blocked" : `asked for ${grantName(head.grantControls)}`;
  if (head.state === "enabled") {
    return [policyChange(head, "state-enforced", "high", `goes from ${from} to enforced: matching sign-ins are now ${what}`)];
  }
  if (base.state === "enabled") {
    const consequence = head.state === "disabled" ? "it no longer applies" : "sign-ins are only logged, no longer " + what;
    return [policyChange(head, "state-relaxed", "high", `goes from enforced to ${to}: ${consequence}`)];
  }
  return [policyChange(head, "state-changed", "low", `goes from ${from} to ${to}; it was not enforced and still is not`)];
}

/** Every change between two versions of one policy (matched by display name). */
export function diffPolicy(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy, ctx: DiffContext): PolicyChange[] {
  return [...diffState(base, head), ...FAMILIES.flatMap((family) => FAMILY_DIFFERS[family](base, head, ctx))];
}

const RISK_BY_STATE: Record<string, ChangeRisk> = { enabled: "high", enabledForReportingButNotEnforced: "medium", disabled: "low" };

/** A policy only the head has. Adding protection never weakens; an enforced new policy is high risk (lockouts). */
export function policyAdded(head: ConditionalAccessPolicy): PolicyChange {
  const state = head.state === "enabled" ? "enforced" : stateName(head.state);
  return policyChange(head, "policy-added", head.state === "enabled" ? "high" : "low", `new policy, ${state}: ${describePolicy(head)}${wherePhrase(head)}`);
}

/** A policy only the base has: its protection is gone, so it weakens; the risk follows its state. */
export function policyRemoved(base: ConditionalAccessPolicy): PolicyChange {
  const risk = RISK_BY_STATE[base.state] ?? "medium";
  if (base.state === "enabled" && blocks(base.grantControls) && isLegacyOnly(base)) {
    return policyChange(base, "policy-removed", risk, "policy removed: legacy authentication is no longer blocked");
  }
  const was = base.state === "enabled" ? "it enforced" : `it was ${stateName(base.state)}, with`;
  return policyChange(base, "policy-removed", risk, `policy removed: ${was} ${describePolicy(base)}${wherePhrase(base)}`);
}
