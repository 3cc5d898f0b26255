import type { GraphClient } from "../graph/client";
import { GraphRequestError } from "../graph/errors";
import {
  groupMemberIds,
  isLicenceRefusal,
  NON_PREMIUM_TENANT,
  REGISTRATION_DETAILS_PATH,
  readAdminSspr,
  registrationDetailPages,
  rolePrincipalIds,
} from "../graph/registrationDetails";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { OnProgress } from "../text/progress";
import { PerUserMfaAudit, Step1Available, Step1Report, step1Aggregator, step1Unavailable } from "./step1Report";

/** Groups and roles the enabled policies name: only their members are read, not every user's memberships. */
function referenced(policies: readonly ConditionalAccessPolicy[]) {
  const enabled = policies.filter((p) => p.state === "enabled");
  const groups = new Set(enabled.flatMap((p) => [...p.conditions.users.includeGroups, ...p.conditions.users.excludeGroups]));
  const roles = new Set(enabled.flatMap((p) => [...p.conditions.users.includeRoles, ...p.conditions.users.excludeRoles]));
  return { groups: [...groups], roles: [...roles] };
}

/** The policies' groups as they name them, and the method groups (lower-case) they do not already name: each group read once. */
function unionOfGroups(policyGroups: readonly string[], methodGroups: readonly string[]): string[] {
  const byId = new Map<string, string>(policyGroups.map((g) => [g.toLowerCase(), g]));
  for (const g of methodGroups) if (!byId.has(g.toLowerCase())) byId.set(g.toLowerCase(), g.toLowerCase());
  return [...byId.values()];
}

const lower = (ids: readonly string[]) => new Set(ids.map((id) => id.toLowerCase()));

/**
 * The three results of Step 1 for the tenant as it is: who is required to use MFA, who registered,
 * who can use SSPR, admins apart. The registration details are streamed page by page (999 a page)
 * and aggregated; a licence or permission refusal becomes a report of what cannot be shown.
 * `methodGroups` (the groups the stack limits a method to) are read with the policies' groups, in the
 * same batched call, so a group-limited method counts for their transitive members.
 */
export async function readStep1(
  client: GraphClient,
  tenant: {
    readonly securityDefaults: { readonly isEnabled: boolean };
    readonly policies: readonly ConditionalAccessPolicy[];
    readonly perUserMfa?: PerUserMfaAudit;
  },
  breakGlassUsers: readonly string[],
  onProgress?: OnProgress,
  methodGroups: readonly string[] = [],
): Promise<Step1Report> {
  const perUserMfa: Step1Available["perUserMfa"] = tenant.perUserMfa
    ? {
        audited: tenant.perUserMfa.usersAudited,
        enabled: tenant.perUserMfa.users.filter((u) => u.state === "enabled").length,
        enforced: tenant.perUserMfa.users.filter((u) => u.state === "enforced").length,
      }
    : undefined;
  const adminSspr = await readAdminSspr(client).catch(() => undefined);
  const named = tenant.securityDefaults.isEnabled ? { groups: [], roles: [] } : referenced(tenant.policies);
  const roles = named.roles;
  const groups = unionOfGroups(named.groups, methodGroups);
  try {
    // Through $batch: 20 groups or roles a request, not one request each.
    const [groupMembers, roleHolders] = await Promise.all([groupMemberIds(client, groups), rolePrincipalIds(client, roles)]);
    const aggregate = step1Aggregator({
      securityDefaults: tenant.securityDefaults.isEnabled,
      policies: tenant.policies,
      groupMembers: new Map([...groupMembers].map(([g, ids]) => [g, lower(ids)])),
      roleHolders: new Map([...roleHolders].map(([r, ids]) => [r, lower(ids)])),
      breakGlassUsers,
      methodGroups,
    });
    for await (const page of registrationDetailPages(client, onProgress)) aggregate.add(page);
    return aggregate.result(perUserMfa, adminSspr);
  } catch (err) {
    if (!(err instanceof GraphRequestError) || (err.status !== 403 && err.status !== 401)) throw err;
    const message = isLicenceRefusal(err)
      ? `GET ${REGISTRATION_DETAILS_PATH}: Graph answered 403 ${NON_PREMIUM_TENANT}: the tenant has no Entra ID P1 or P2, which the registration details need`
      : err.message;
    return step1Unavailable(isLicenceRefusal(err) ? "licence" : "permission", message, tenant.securityDefaults.isEnabled, perUserMfa, adminSspr);
  }
}
