import type * as azuread from "@pulumi/azuread";
import { canonicalGuests } from "../policies/customPolicy";
import type { ConditionalAccessGuestsOrExternalUsers, ConditionalAccessPolicy, ConditionalAccessSessionControls } from "../policies/graphTypes";
import { signInFrequencyControls } from "../policies/sessionControls";

/** The azuread provider's plain input shape for a CA policy (no Outputs: the baseline is known up front). */
export interface ConditionalAccessPolicyInputs {
  readonly displayName: string;
  readonly state: string;
  readonly conditions: {
    readonly users: {
      readonly includedUsers: string[];
      readonly excludedUsers: string[];
      readonly includedGroups: string[];
      readonly excludedGroups: string[];
      readonly includedRoles: string[];
      readonly excludedRoles: string[];
      readonly includedGuestsOrExternalUsers?: ProviderGuests[];
      readonly excludedGuestsOrExternalUsers?: ProviderGuests[];
    };
    readonly applications: {
      readonly includedApplications?: string[];
      readonly excludedApplications: string[];
      readonly includedUserActions?: string[];
    };
    readonly clientAppTypes: string[];
    readonly signInRiskLevels: string[];
    readonly userRiskLevels: string[];
  };
  readonly grantControls: {
    readonly operator: string;
    readonly builtInControls: string[];
    readonly authenticationStrengthPolicyId?: string;
  };
  readonly sessionControls?: {
    readonly signInFrequencyInterval?: string;
    readonly signInFrequencyAuthenticationType?: string;
    readonly signInFrequency?: number;
    readonly signInFrequencyPeriod?: string;
  };
}

/** The provider's guests block: the types as a list, the external tenants as a one-element block list. */
export interface ProviderGuests {
  readonly guestOrExternalUserTypes: string[];
  /** Only when the condition states its tenants: Graph keeps null apart from `all`, and so does the provider. */
  readonly externalTenants?: { readonly membershipKind: string; readonly members?: string[] }[];
}

const STRENGTH_PREFIX = "/policies/authenticationStrengthPolicies/";

/** Graph's guest condition → the provider's block (a one-element list, as every nested block there). */
function guestInputs(guests: ConditionalAccessGuestsOrExternalUsers | undefined): ProviderGuests[] | undefined {
  if (!guests) return undefined;
  const tenants = guests.externalTenants;
  const types = guests.guestOrExternalUserTypes.split(",");
  if (!tenants) return [{ guestOrExternalUserTypes: types }];
  return [
    {
      guestOrExternalUserTypes: types,
      externalTenants: [tenants.membershipKind === "enumerated" ? { membershipKind: "enumerated", members: [...tenants.members] } : { membershipKind: "all" }],
    },
  ];
}

/** The provider's guest block (as the engine records it) → Graph's guest condition, in one spelling. */
function guestsFromInputs(blocks: unknown): ConditionalAccessGuestsOrExternalUsers | undefined {
  const block = Array.isArray(blocks) ? blocks[0] : blocks;
  if (!block || typeof block !== "object") return undefined;
  const b = block as { guestOrExternalUserTypes?: unknown; externalTenants?: unknown };
  const tenants = Array.isArray(b.externalTenants) ? b.externalTenants[0] : b.externalTenants;
  const types = Array.isArray(b.guestOrExternalUserTypes) ? b.guestOrExternalUserTypes.join(",") : b.guestOrExternalUserTypes;
  return canonicalGuests({ guestOrExternalUserTypes: types, externalTenants: tenants ?? null });
}

function sessionInputs(session: ConditionalAccessSessionControls | undefined): ConditionalAccessPolicyInputs["sessionControls"] {
  const frequency = session?.signInFrequency;
  if (!frequency?.isEnabled) return undefined;
  // The provider rejects a value or period with an every-time frequency.
  return frequency.frequencyInterval === "everyTime"
    ? { signInFrequencyInterval: "everyTime", signInFrequencyAuthenticationType: frequency.authenticationType }
    : {
        signInFrequencyInterval: "timeBased",
        signInFrequencyAuthenticationType: frequency.authenticationType,
        signInFrequency: frequency.value,
        signInFrequencyPeriod: frequency.type,
      };
}

/** Graph shape → the azuread provider's `ConditionalAccessPolicy` inputs. */
export function toProviderInputs(policy: ConditionalAccessPolicy): ConditionalAccessPolicyInputs {
  const { users, applications } = policy.conditions;
  const inputs: ConditionalAccessPolicyInputs = {
    displayName: policy.displayName,
    state: policy.state,
    conditions: {
      users: {
        includedUsers: [...users.includeUsers],
        excludedUsers: [...users.excludeUsers],
        includedGroups: [...users.includeGroups],
        excludedGroups: [...users.excludeGroups],
        includedRoles: [...users.includeRoles],
        excludedRoles: [...users.excludeRoles],
        ...(users.includeGuestsOrExternalUsers ? { includedGuestsOrExternalUsers: guestInputs(users.includeGuestsOrExternalUsers) } : {}),
        ...(users.excludeGuestsOrExternalUsers ? { excludedGuestsOrExternalUsers: guestInputs(users.excludeGuestsOrExternalUsers) } : {}),
      },
      // Exactly one of included applications / user actions may be set.
      applications:
        applications.includeUserActions.length > 0
          ? { includedUserActions: [...applications.includeUserActions], excludedApplications: [...applications.excludeApplications] }
          : { includedApplications: [...applications.includeApplications], excludedApplications: [...applications.excludeApplications] },
      clientAppTypes: [...policy.conditions.clientAppTypes],
      signInRiskLevels: [...policy.conditions.signInRiskLevels],
      userRiskLevels: [...policy.conditions.userRiskLevels],
    },
    grantControls: {
      operator: policy.grantControls.operator,
      builtInControls: [...policy.grantControls.builtInControls],
      ...(policy.grantControls.authenticationStrength
        ? { authenticationStrengthPolicyId: `${STRENGTH_PREFIX}${policy.grantControls.authenticationStrength.id}` }
        : {}),
    },
  };
  const session = sessionInputs(policy.sessionControls);
  return session ? { ...inputs, sessionControls: session } : inputs;
}

/** The azuread provider's inputs (as recorded by the engine) → Graph shape. */
export function fromProviderInputs(inputs: azuread.ConditionalAccessPolicyArgs | Record<string, any>): ConditionalAccessPolicy {
  const i = inputs as any;
  const users = i.conditions?.users ?? {};
  const apps = i.conditions?.applications ?? {};
  const grant = i.grantControls ?? {};
  const session = i.sessionControls;
  const strength: string | undefined = grant.authenticationStrengthPolicyId;
  return {
    displayName: i.displayName,
    state: i.state,
    conditions: {
      users: {
        includeUsers: users.includedUsers ?? [],
        excludeUsers: users.excludedUsers ?? [],
        includeGroups: users.includedGroups ?? [],
        excludeGroups: users.excludedGroups ?? [],
        includeRoles: users.includedRoles ?? [],
        excludeRoles: users.excludedRoles ?? [],
        ...optionalGuests("includeGuestsOrExternalUsers", guestsFromInputs(users.includedGuestsOrExternalUsers)),
        ...optionalGuests("excludeGuestsOrExternalUsers", guestsFromInputs(users.excludedGuestsOrExternalUsers)),
      },
      applications: {
        includeApplications: apps.includedApplications ?? [],
        excludeApplications: apps.excludedApplications ?? [],
        includeUserActions: apps.includedUserActions ?? [],
      },
      clientAppTypes: i.conditions?.clientAppTypes ?? [],
      signInRiskLevels: i.conditions?.signInRiskLevels ?? [],
      userRiskLevels: i.conditions?.userRiskLevels ?? [],
      ...(i.conditions?.locations
        ? { locations: { includeLocations: i.conditions.locations.includedLocations ?? [], excludeLocations: i.conditions.locations.excludedLocations ?? [] } }
        : {}),
      ...(i.conditions?.platforms
        ? { platforms: { includePlatforms: i.conditions.platforms.includedPlatforms ?? [], excludePlatforms: i.conditions.platforms.excludedPlatforms ?? [] } }
        : {}),
    },
    grantControls: {
      operator: grant.operator,
      builtInControls: grant.builtInControls ?? [],
      ...(strength ? { authenticationStrength: { id: strength.replace(STRENGTH_PREFIX, "") } } : {}),
      ...(Array.isArray(grant.termsOfUses) && grant.termsOfUses.length > 0 ? { termsOfUse: grant.termsOfUses } : {}),
      ...(Array.isArray(grant.customAuthenticationFactors) && grant.customAuthenticationFactors.length > 0
        ? { customAuthenticationFactors: grant.customAuthenticationFactors }
        : {}),
    },
    ...(session?.signInFrequencyInterval
      ? signInFrequencyControls({
          authenticationType: session.signInFrequencyAuthenticationType,
          frequencyInterval: session.signInFrequencyInterval,
          value: session.signInFrequency,
          type: session.signInFrequencyPeriod,
        })
      : {}),
  };
}

function optionalGuests<K extends string>(
  key: K,
  guests: ConditionalAccessGuestsOrExternalUsers | undefined,
): { [P in K]?: ConditionalAccessGuestsOrExternalUsers } {
  return (guests ? { [key]: guests } : {}) as { [P in K]?: ConditionalAccessGuestsOrExternalUsers };
}
