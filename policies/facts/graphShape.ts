/**
 * A Conditional Access policy as Microsoft Graph returns it (GET), or as this project declares it:
 * every key may be missing or null (`grantControls: null` for a session-only policy,
 * `conditions.platforms: null` when the condition is not configured, and so on). The policy
 * facts read only this shape, through {@link normalisePolicy}, so nothing else re-derives it.
 */
type List = readonly string[] | null;

export interface GraphExternalTenants {
  readonly "@odata.type"?: string | null;
  /** `all` or `enumerated` (then `members` lists tenant ids). */
  readonly membershipKind?: string | null;
  readonly members?: List;
}

export interface GraphGuestsOrExternalUsers {
  /** Comma-separated: internalGuest, b2bCollaborationGuest, b2bCollaborationMember, b2bDirectConnectUser, otherExternalUser, serviceProvider. */
  readonly guestOrExternalUserTypes?: string | null;
  readonly externalTenants?: GraphExternalTenants | null;
}

export interface GraphPolicyUsers {
  readonly includeUsers?: List;
  readonly excludeUsers?: List;
  readonly includeGroups?: List;
  readonly excludeGroups?: List;
  readonly includeRoles?: List;
  readonly excludeRoles?: List;
  readonly includeGuestsOrExternalUsers?: GraphGuestsOrExternalUsers | null;
  readonly excludeGuestsOrExternalUsers?: GraphGuestsOrExternalUsers | null;
}

export interface GraphPolicyApplications {
  readonly includeApplications?: List;
  readonly excludeApplications?: List;
  readonly includeUserActions?: List;
  readonly includeAuthenticationContextClassReferences?: List;
  readonly applicationFilter?: { readonly mode?: string | null; readonly rule?: string | null } | null;
}

export interface GraphPolicyConditions {
  readonly users?: GraphPolicyUsers | null;
  readonly applications?: GraphPolicyApplications | null;
  readonly clientApplications?: { readonly includeServicePrincipals?: List; readonly servicePrincipalFilter?: unknown } | null;
  readonly clientAppTypes?: List;
  readonly platforms?: { readonly includePlatforms?: List; readonly excludePlatforms?: List } | null;
  readonly locations?: { readonly includeLocations?: List; readonly excludeLocations?: List } | null;
  readonly signInRiskLevels?: List;
  readonly userRiskLevels?: List;
  readonly servicePrincipalRiskLevels?: List;
  /** Graph writes insider risk as one comma-separated string. */
  readonly insiderRiskLevels?: string | null;
  readonly devices?: { readonly deviceFilter?: { readonly mode?: string | null; readonly rule?: string | null } | null } | null;
  /** Graph writes the transfer methods as one comma-separated string. */
  readonly authenticationFlows?: { readonly transferMethods?: string | null } | null;
}

export interface GraphGrantControls {
  readonly operator?: string | null;
  readonly builtInControls?: List;
  readonly authenticationStrength?: { readonly id?: string | null; readonly displayName?: string | null } | null;
  readonly termsOfUse?: List;
  readonly customAuthenticationFactors?: List;
}

export interface GraphPolicy {
  readonly id?: string | null;
  readonly displayName?: string | null;
  readonly state?: string | null;
  readonly conditions?: GraphPolicyConditions | null;
  readonly grantControls?: GraphGrantControls | null;
  readonly sessionControls?: unknown;
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
