import { factsOf } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { PolicyChange, policyChange, riskFor } from "./changeKinds";
import { listOf } from "./names";
import { added, removed } from "./sets";

// The conditions the baseline never sets, or sets only in its risk-based policies, and custom or tenant policies
// may: risk levels, workload identities and authentication flows. Each narrowing weakens: the policy then protects
// fewer sign-ins. (The filters of devices, applications and service principals: filters.ts.)

/**
 * Sign-in, user, service principal and insider risk levels. An empty list is no risk condition: the policy
 * applies at any risk, so setting levels narrows it and clearing them widens it.
 */
export function diffRiskLevels(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const [b, h] = [factsOf(base), factsOf(head)];
  return [
    ...diffLevels(base, head, b.signInRiskLevels, h.signInRiskLevels, "sign-in risk"),
    ...diffLevels(base, head, b.userRiskLevels, h.userRiskLevels, "user risk"),
    ...diffLevels(base, head, b.servicePrincipals.riskLevels, h.servicePrincipals.riskLevels, "service principal risk"),
    ...diffLevels(base, head, b.insiderRiskLevels, h.insiderRiskLevels, "insider risk"),
  ];
}

function diffLevels(
  base: ConditionalAccessPolicy,
  head: ConditionalAccessPolicy,
  before: readonly string[],
  after: readonly string[],
  what: string,
): PolicyChange[] {
  if (before.length === 0 && after.length > 0) {
    return [policyChange(head, "risk-levels-narrowed", riskFor(base, head, "medium"), `now applies only at ${listOf(after)} ${what} (was any ${what})`)];
  }
  if (before.length > 0 && after.length === 0) {
    return [policyChange(head, "risk-levels-widened", riskFor(base, head, "high"), `now applies at any ${what} (was ${listOf(before)} only)`)];
  }
  const fewer = removed(before, after);
  const more = added(before, after);
  return [
    ...(fewer.length > 0 ? [policyChange(head, "risk-levels-narrowed", riskFor(base, head, "medium"), `no longer applies at ${listOf(fewer)} ${what}`)] : []),
    ...(more.length > 0 ? [policyChange(head, "risk-levels-widened", riskFor(base, head, "medium"), `now also applies at ${listOf(more)} ${what}`)] : []),
  ];
}

/** Workload identities: service principals included or excluded (their filter: filters.ts). Fewer weakens. */
export function diffClientApplications(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const [b, h] = [factsOf(base).servicePrincipals, factsOf(head).servicePrincipals];
  const sp = (ids: readonly string[]) =>
    listOf(ids.map((id) => (id === "ServicePrincipalsInMyTenant" ? "every service principal of the tenant" : `service principal ${id}`)));
  const risk = riskFor(base, head, "medium");
  const [fewer, more] = [removed(b.include, h.include), added(b.include, h.include)];
  const [excluded, reincluded] = [added(b.exclude, h.exclude), removed(b.exclude, h.exclude)];
  return [
    ...(fewer.length > 0 ? [policyChange(head, "workload-identities-narrowed", risk, `no longer applies to ${sp(fewer)}`)] : []),
    ...(excluded.length > 0 ? [policyChange(head, "workload-identities-narrowed", risk, `now excludes ${sp(excluded)}`)] : []),
    ...(more.length > 0 ? [policyChange(head, "workload-identities-widened", risk, `now also applies to ${sp(more)}`)] : []),
    ...(reincluded.length > 0 ? [policyChange(head, "workload-identities-widened", risk, `no longer excludes ${sp(reincluded)}`)] : []),
  ];
}

const FLOW_NAMES: Readonly<Record<string, string>> = { deviceCodeFlow: "device code flow", authenticationTransfer: "authentication transfer" };

/**
 * Authentication flows: none listed is no flows condition (every sign-in); listing flows narrows the policy to
 * sign-ins that use them, and dropping one narrows it further. Narrowing weakens.
 */
export function diffAuthenticationFlows(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const before = factsOf(base).authenticationFlows;
  const after = factsOf(head).authenticationFlows;
  const names = (flows: readonly string[]) => listOf(flows.map((f) => FLOW_NAMES[f] ?? f));
  const narrowed = (sentence: string) => [policyChange(head, "auth-flows-narrowed", riskFor(base, head, "high"), sentence)];
  const widened = (sentence: string) => [policyChange(head, "auth-flows-widened", riskFor(base, head, "medium"), sentence)];
  if (before.length === 0 && after.length > 0) return narrowed(`now applies only to sign-ins through ${names(after)} (was every sign-in)`);
  if (before.length > 0 && after.length === 0) return widened(`now applies to every sign-in (was only ${names(before)})`);
  const fewer = removed(before, after);
  const more = added(before, after);
  return [
    ...(fewer.length > 0 ? narrowed(`no longer applies to sign-ins through ${names(fewer)}`) : []),
    ...(more.length > 0 ? widened(`now also applies to sign-ins through ${names(more)}`) : []),
  ];
}
