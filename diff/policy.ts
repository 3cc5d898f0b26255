import { FieldFamily, POLICY_FIELDS } from "../config/graph/policyFields";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { diffApps } from "./apps";
import { diffApplicationFilter, diffAuthenticationFlows, diffClientApplications, diffDevices } from "./conditions";
import { diffClientApps } from "./clientApps";
import { DiffContext, policyChange } from "./context";
import { diffGrant } from "./grant";
import { diffWhere, LOCATIONS, PLATFORMS, wherePhrase } from "./locationsAndPlatforms";
import { stateName } from "./names";
import { diffRiskLevels } from "./riskLevels";
import { blocks, describePolicy, isLegacyOnly } from "./scope";
import { diffSession, diffSessionControls } from "./session";
import { diffState } from "./state";
import type { ChangeRisk, PolicyChange } from "./types";
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
  clientApplications: diffClientApplications,
  clientAppTypes: diffClientApps,
  riskLevels: diffRiskLevels,
  locations: (base, head, ctx) => diffWhere(base, head, LOCATIONS, ctx.locationNames),
  platforms: (base, head) => diffWhere(base, head, PLATFORMS),
  devices: diffDevices,
  authenticationFlows: diffAuthenticationFlows,
  grant: diffGrant,
  session: (base, head) => [...diffSession(base, head), ...diffSessionControls(base, head)],
};

/** The families in the declaration's order. */
const FAMILIES = [...new Set(POLICY_FIELDS.map((f) => f.family))];

/** Every change between two versions of one policy (matched by display name). */
export function diffPolicy(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy, ctx: DiffContext): PolicyChange[] {
  return [...diffState(base, head), ...FAMILIES.flatMap((family) => FAMILY_DIFFERS[family](base, head, ctx))];
}

const RISK_BY_STATE: Record<string, ChangeRisk> = { enabled: "high", enabledForReportingButNotEnforced: "medium", disabled: "low" };

/** A policy only the head has. Adding protection never weakens; an enforced new policy is high risk (lockouts). */
export function policyAdded(head: ConditionalAccessPolicy): PolicyChange {
  const state = head.state === "enabled" ? "enforced" : stateName(head.state);
  return policyChange(
    head,
    "policy-added",
    false,
    head.state === "enabled" ? "high" : "low",
    `new policy, ${state}: ${describePolicy(head)}${wherePhrase(head)}`,
  );
}

/** A policy only the base has: its protection is gone, so it weakens; the risk follows its state. */
export function policyRemoved(base: ConditionalAccessPolicy): PolicyChange {
  const risk = RISK_BY_STATE[base.state] ?? "medium";
  if (base.state === "enabled" && blocks(base.grantControls) && isLegacyOnly(base)) {
    return policyChange(base, "policy-removed", true, risk, "policy removed: legacy authentication is no longer blocked");
  }
  const was = base.state === "enabled" ? "it enforced" : `it was ${stateName(base.state)}, with`;
  return policyChange(base, "policy-removed", true, risk, `policy removed: ${was} ${describePolicy(base)}${wherePhrase(base)}`);
}
