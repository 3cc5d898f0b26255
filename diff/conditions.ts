import type { ConditionalAccessFilter, ConditionalAccessPolicy } from "../policies/graphTypes";
import { policyChange } from "./context";
import { listOf } from "./names";
import { riskFor } from "./risk";
import { loses, nowNeed } from "./scope";
import { added, removed } from "./sets";
import type { ChangeKind, PolicyChange } from "./types";

// The conditions the baseline never sets and custom or tenant policies may: filters (devices, applications,
// service principals), workload identities and authentication flows. Each narrowing weakens: the policy then
// protects fewer sign-ins.

const spaced = (rule: string) => rule.replace(/\s+/g, " ").trim();

/**
 * How a filter's rule changed, where it is decidable from the text: the head's rule is the base's joined
 * with `-and` (fewer match) or `-or` (more match). Undefined: a change to review.
 */
function ruleChange(before: string, after: string): "fewer" | "more" | undefined {
  const b = spaced(before);
  const a = spaced(after);
  const extends_ = (rule: string, base: string, op: string) => [`${base} ${op} `, `(${base}) ${op} `].some((prefix) => rule.startsWith(prefix));
  if (extends_(a, b, "-and")) return "fewer";
  if (extends_(a, b, "-or")) return "more";
  if (extends_(b, a, "-and")) return "more";
  if (extends_(b, a, "-or")) return "fewer";
  return undefined;
}

/**
 * A filter (devices, applications, service principals) before and after. Added, it narrows the policy (weakens);
 * removed, it widens it. A rule that decidably matches fewer in `include` mode, or more in `exclude` mode,
 * narrows the policy too; any other change (a new rule, the mode flipped) is a change to review.
 */
export function diffFilter(
  base: ConditionalAccessPolicy,
  head: ConditionalAccessPolicy,
  before: ConditionalAccessFilter | undefined,
  after: ConditionalAccessFilter | undefined,
  kind: ChangeKind,
  what: string,
): PolicyChange[] {
  if (!before && !after) return [];
  if (before && after && before.mode === after.mode && spaced(before.rule) === spaced(after.rule)) return [];
  const change = (weakens: boolean, sentence: string) => [policyChange(head, kind, weakens, riskFor(base, head, weakens ? "high" : "medium"), sentence)];
  const shown = (f: ConditionalAccessFilter) => `${f.mode} ${JSON.stringify(spaced(f.rule))}`;
  if (!before) return change(true, `now applies only where the ${what} filter allows (${shown(after!)}): the others ${loses(base.grantControls)}`);
  if (!after) return change(false, `no ${what} filter any more (was ${shown(before)}): every ${what} is in scope, they ${nowNeed(head.grantControls)}`);
  const moved = before.mode === after.mode ? ruleChange(before.rule, after.rule) : undefined;
  if (moved !== undefined) {
    const narrows = (after.mode === "include") === (moved === "fewer");
    return narrows
      ? change(true, `the ${what} filter now leaves more out of the policy (${shown(after)}, was ${shown(before)}): they ${loses(base.grantControls)}`)
      : change(false, `the ${what} filter now brings more into the policy (${shown(after)}, was ${shown(before)})`);
  }
  return change(
    false,
    `review: the ${what} filter changed to ${shown(after)} (was ${shown(before)}); whether it narrows the policy cannot be told from the rules`,
  );
}

/** Workload identities: service principals included or excluded, and their filter. Fewer weakens. */
export function diffClientApplications(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const b = base.conditions.clientApplications ?? {};
  const h = head.conditions.clientApplications ?? {};
  const sp = (ids: readonly string[]) =>
    listOf(ids.map((id) => (id === "ServicePrincipalsInMyTenant" ? "every service principal of the tenant" : `service principal ${id}`)));
  const changes: PolicyChange[] = [];
  const push = (kind: ChangeKind, weakens: boolean, sentence: string) =>
    changes.push(policyChange(head, kind, weakens, riskFor(base, head, "medium"), sentence));
  const fewer = removed(b.includeServicePrincipals ?? [], h.includeServicePrincipals ?? []);
  const more = added(b.includeServicePrincipals ?? [], h.includeServicePrincipals ?? []);
  const excluded = added(b.excludeServicePrincipals ?? [], h.excludeServicePrincipals ?? []);
  const reincluded = removed(b.excludeServicePrincipals ?? [], h.excludeServicePrincipals ?? []);
  if (fewer.length > 0) push("workload-identities-narrowed", true, `no longer applies to ${sp(fewer)}`);
  if (excluded.length > 0) push("workload-identities-narrowed", true, `now excludes ${sp(excluded)}`);
  if (more.length > 0) push("workload-identities-widened", false, `now also applies to ${sp(more)}`);
  if (reincluded.length > 0) push("workload-identities-widened", false, `no longer excludes ${sp(reincluded)}`);
  return [...changes, ...diffFilter(base, head, b.servicePrincipalFilter, h.servicePrincipalFilter, "service-principal-filter-changed", "service principal")];
}

/** The device filter. */
export function diffDevices(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  return diffFilter(base, head, base.conditions.devices?.deviceFilter, head.conditions.devices?.deviceFilter, "device-filter-changed", "device");
}

/** The application filter (custom security attributes). */
export function diffApplicationFilter(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  return diffFilter(
    base,
    head,
    base.conditions.applications.applicationFilter,
    head.conditions.applications.applicationFilter,
    "app-filter-changed",
    "application",
  );
}

const FLOW_NAMES: Readonly<Record<string, string>> = { deviceCodeFlow: "device code flow", authenticationTransfer: "authentication transfer" };
const flowsOf = (p: ConditionalAccessPolicy) => (p.conditions.authenticationFlows?.transferMethods ?? "").split(",").filter((f) => f !== "" && f !== "none");

/**
 * Authentication flows: none listed is no flows condition (every sign-in); listing flows narrows the policy to
 * sign-ins that use them, and dropping one narrows it further. Narrowing weakens.
 */
export function diffAuthenticationFlows(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const before = flowsOf(base);
  const after = flowsOf(head);
  const names = (flows: readonly string[]) => listOf(flows.map((f) => FLOW_NAMES[f] ?? f));
  const narrowed = (sentence: string) => [policyChange(head, "auth-flows-narrowed", true, riskFor(base, head, "high"), sentence)];
  const widened = (sentence: string) => [policyChange(head, "auth-flows-widened", false, riskFor(base, head, "medium"), sentence)];
  if (before.length === 0 && after.length > 0) return narrowed(`now applies only to sign-ins through ${names(after)} (was every sign-in)`);
  if (before.length > 0 && after.length === 0) return widened(`now applies to every sign-in (was only ${names(before)})`);
  const fewer = removed(before, after);
  const more = added(before, after);
  return [
    ...(fewer.length > 0 ? narrowed(`no longer applies to sign-ins through ${names(fewer)}`) : []),
    ...(more.length > 0 ? widened(`now also applies to sign-ins through ${names(more)}`) : []),
  ];
}
