import { canonicalId } from "../config/objectIds";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { signInFrequencyControls } from "../policies/sessionControls";
import type { TenantAuthenticationMethods } from "../policies/authenticationMethods";
import type { Step1Report } from "./step1Report";
import type { TenantState } from "../policies/tenantState";

/** One `subscribedSku` as Graph returns it (GET /v1.0/subscribedSkus), the fields the licence check reads. */
export interface SubscribedSku {
  readonly skuPartNumber: string;
  readonly capabilityStatus?: string;
  readonly servicePlans: readonly { readonly servicePlanName: string; readonly provisioningStatus?: string }[];
}

/** A CA policy as the tenant has it: the Graph shape this project compares, plus its id. */
export interface TenantPolicy extends ConditionalAccessPolicy {
  readonly id: string;
  /**
   * The policy as Graph returned it, for the conditions this shape leaves out (locations,
   * platforms …): a policy that sets one is never equivalent to a baseline policy.
   * @default - not kept (fixtures)
   */
  readonly graph?: Readonly<Record<string, unknown>>;
}

/** Users still on legacy per-user MFA (the audit lists only those not `disabled`). */
export interface PerUserMfaAudit {
  readonly usersAudited: number;
  readonly users: readonly { readonly id: string; readonly userPrincipalName?: string; readonly state: "enabled" | "enforced" }[];
}

/** What the live checks read from the tenant: three requests (plus paging), and the per-user MFA audit when asked. */
export interface LiveTenant extends TenantState<TenantPolicy> {
  readonly skus: readonly SubscribedSku[];
  readonly perUserMfa?: PerUserMfaAudit;
  /** The authentication methods policy, when the stack manages it or the plan reads the tenant. */
  readonly authenticationMethods?: TenantAuthenticationMethods;
  /** The Step 1 results (userRegistrationDetails, aggregated), read with the authentication methods. */
  readonly step1?: Step1Report;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => canonicalId(String(v))) : []);

/**
 * A policy as Graph returns it (nulls, server-filled fields, beta-only fields) reduced to the
 * fields this project declares, so comparisons ignore what the server adds.
 */
export function normalizeTenantPolicy(raw: any): TenantPolicy {
  const c = raw.conditions ?? {};
  const users = c.users ?? {};
  const apps = c.applications ?? {};
  const g = raw.grantControls ?? {};
  const frequency = raw.sessionControls?.signInFrequency;
  return {
    id: canonicalId(String(raw.id)),
    displayName: String(raw.displayName ?? ""),
    state: raw.state,
    conditions: {
      users: {
        includeUsers: list(users.includeUsers),
        excludeUsers: list(users.excludeUsers),
        includeGroups: list(users.includeGroups),
        excludeGroups: list(users.excludeGroups),
        includeRoles: list(users.includeRoles),
        excludeRoles: list(users.excludeRoles),
      },
      applications: {
        includeApplications: list(apps.includeApplications),
        excludeApplications: list(apps.excludeApplications),
        includeUserActions: list(apps.includeUserActions),
      },
      clientAppTypes: list(c.clientAppTypes) as never,
      signInRiskLevels: list(c.signInRiskLevels) as never,
      userRiskLevels: list(c.userRiskLevels) as never,
    },
    grantControls: {
      operator: g.operator ?? "OR",
      builtInControls: list(g.builtInControls) as never,
      ...(g.authenticationStrength?.id ? { authenticationStrength: { id: canonicalId(String(g.authenticationStrength.id)) } } : {}),
    },
    ...(frequency?.isEnabled ? signInFrequencyControls(frequency) : {}),
  };
}

/** Microsoft creates and manages some policies itself; they are named with this prefix. */
export const MICROSOFT_MANAGED_PREFIX = "Microsoft-managed:";

export const isMicrosoftManaged = (p: { displayName: string }) => p.displayName.startsWith(MICROSOFT_MANAGED_PREFIX);
