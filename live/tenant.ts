import { canonicalId } from "../config/objectIds";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { TenantAuthenticationMethods } from "../policies/authenticationMethods";
import type { NamedUser } from "../graph/userNames";
import type { PerUserMfaAudit, Step1Report } from "../step1/step1Report";
import type { TenantState } from "../policies/tenantState";
import { projectGraphPolicy } from "../policies/customPolicy";

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

/**
 * A named location as the tenant has it (GET /v1.0/identity/conditionalAccess/namedLocations): an IP
 * range list or a list of countries. `graph` is Graph's answer as it came, for the export.
 */
export interface TenantNamedLocation {
  readonly id: string;
  readonly displayName: string;
  readonly kind: "ip" | "country";
  readonly ipRanges: readonly string[];
  readonly isTrusted: boolean;
  readonly countries: readonly string[];
  readonly includeUnknownCountriesAndRegions: boolean;
  readonly graph: Readonly<Record<string, unknown>>;
}

/** What the live checks read from the tenant: four requests (plus paging), and the per-user MFA audit when asked. */
export interface LiveTenant extends TenantState<TenantPolicy> {
  readonly skus: readonly SubscribedSku[];
  /**
   * The tenant's named locations, the ownership markers among them (live/ownership.ts).
   * @default - not read: no ownership check
   */
  readonly namedLocations?: readonly TenantNamedLocation[];
  readonly perUserMfa?: PerUserMfaAudit;
  /** The authentication methods policy, when the stack manages it or the plan reads the tenant. */
  readonly authenticationMethods?: TenantAuthenticationMethods;
  /** The Step 1 results (userRegistrationDetails, aggregated), read with the authentication methods. */
  readonly step1?: Step1Report;
  /**
   * The users the stack names by UPN, looked up (lower-cased UPN → the user, or undefined when none has it).
   * @default - not read: the stack names users by object id only
   */
  readonly userNames?: ReadonlyMap<string, NamedUser | undefined>;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => canonicalId(String(v))) : []);

/**
 * A policy as Graph returns it (nulls, server-filled fields, beta-only fields) reduced to the
 * fields this project declares, so comparisons ignore what the server adds.
 */
export function normalizeTenantPolicy(raw: any): TenantPolicy {
  return { id: canonicalId(String(raw.id)), ...projectGraphPolicy(raw) };
}

/** A named location as Graph returns it, reduced to what this project compares; CIDRs keep Graph's spelling. */
export function normalizeNamedLocation(raw: any): TenantNamedLocation {
  const isCountry = String(raw["@odata.type"] ?? "").endsWith("countryNamedLocation") || Array.isArray(raw.countriesAndRegions);
  return {
    id: canonicalId(String(raw.id)),
    displayName: String(raw.displayName ?? ""),
    kind: isCountry ? "country" : "ip",
    ipRanges: isCountry ? [] : list((raw.ipRanges ?? []).map((r: { cidrAddress?: string }) => r?.cidrAddress).filter(Boolean)),
    isTrusted: raw.isTrusted === true,
    countries: isCountry ? list(raw.countriesAndRegions) : [],
    includeUnknownCountriesAndRegions: raw.includeUnknownCountriesAndRegions === true,
    graph: raw,
  };
}

/** Microsoft creates and manages some policies itself; they are named with this prefix. */
export const MICROSOFT_MANAGED_PREFIX = "Microsoft-managed:";

export const isMicrosoftManaged = (p: { displayName: string }) => p.displayName.startsWith(MICROSOFT_MANAGED_PREFIX);
