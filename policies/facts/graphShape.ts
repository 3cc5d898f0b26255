import type { GraphBlock } from "../../config/graph/policyTypes";

/**
 * A Conditional Access policy as Microsoft Graph returns it (GET), or as this project declares it, typed from the
 * one declaration of its fields (config/graph/policyFields.ts, derived by config/graph/policyTypes.ts):
 * every key may be missing or null (`grantControls: null` for a session-only policy,
 * `conditions.platforms: null` when the condition is not configured, and so on). The policy
 * facts read only this shape, through {@link normalisePolicy}, so nothing else re-derives it.
 */
type List = readonly string[] | null;

export type { GraphExternalTenants, GraphGuestsOrExternalUsers } from "../../config/graph/policyTypes";

export interface GraphPolicyUsers extends GraphBlock<"conditions.users"> {}

export interface GraphPolicyApplications extends GraphBlock<"conditions.applications"> {}

export interface GraphPolicyConditions extends GraphBlock<"conditions"> {}

export interface GraphGrantControls extends GraphBlock<"grantControls"> {}

/** The policy as Graph answers it: its id, name and state beside every declared field, typed from the declaration. */
export interface GraphPolicy extends GraphBlock<""> {
  readonly id?: string | null;
  readonly displayName?: string | null;
  readonly state?: string | null;
}

/** A named location as Graph returns it: IP ranges (maybe trusted) or countries. */
export interface GraphNamedLocation {
  readonly id: string;
  readonly "@odata.type"?: string | null;
  readonly displayName?: string | null;
  readonly isTrusted?: boolean | null;
  readonly ipRanges?: readonly { readonly cidrAddress?: string | null }[] | null;
  readonly countriesAndRegions?: List;
  readonly includeUnknownCountriesAndRegions?: boolean | null;
  readonly countryLookupMethod?: string | null;
}
