import type * as azuread from "@pulumi/azuread";
import type * as pulumi from "@pulumi/pulumi";
import { BUILT_IN_LOCATIONS } from "../config/customPolicies";
import { POLICY_FIELDS, PolicyField } from "../config/graph/policyFields";
import { setAt, valueAt } from "../config/graph/policyShape";
import { projectGraphPolicy } from "../policies/customPolicy";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";

// The one mapping between a policy's Graph shape and the azuread provider's `ConditionalAccessPolicy` inputs,
// both ways, field by field from the declaration (config/graph/policyFields.ts): `expand` writes a field's
// provider input, `flatten` reads it back, side by side per kind of field, as terraform-provider-azuread's
// conditionalaccess.go keeps them.

/** The azuread provider's plain input shape for a CA policy (no Outputs but the named locations' ids). */
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
    readonly servicePrincipalRiskLevels?: string[];
    readonly insiderRiskLevels?: string;
    readonly authenticationFlowTransferMethods?: string[];
    readonly clientApplications?: {
      readonly includedServicePrincipals?: string[];
      readonly excludedServicePrincipals?: string[];
      readonly filter?: ProviderFilter;
    };
    readonly devices?: { readonly filter?: ProviderFilter };
    readonly locations?: { readonly includedLocations: pulumi.Input<string>[]; readonly excludedLocations: pulumi.Input<string>[] };
    readonly platforms?: { readonly includedPlatforms: string[]; readonly excludedPlatforms: string[] };
  };
  readonly grantControls: {
    readonly operator: string;
    readonly builtInControls: string[];
    readonly authenticationStrengthPolicyId?: string;
    readonly termsOfUses?: string[];
    readonly customAuthenticationFactors?: string[];
  };
  readonly sessionControls?: {
    readonly signInFrequencyInterval?: string;
    readonly signInFrequencyAuthenticationType?: string;
    readonly signInFrequency?: number;
    readonly signInFrequencyPeriod?: string;
    readonly applicationEnforcedRestrictionsEnabled?: boolean;
    readonly cloudAppSecurityPolicy?: string;
    readonly persistentBrowserMode?: string;
    readonly disableResilienceDefaults?: boolean;
  };
}

/** The provider's guests block: the types as a list, the external tenants as a one-element block list. */
export interface ProviderGuests {
  readonly guestOrExternalUserTypes: string[];
  /** Only when the condition states its tenants: Graph keeps null apart from `all`, and so does the provider. */
  readonly externalTenants?: { readonly membershipKind: string; readonly members?: string[] }[];
}

/** The provider's filter block (devices, service principals). */
export interface ProviderFilter {
  readonly mode: string;
  readonly rule: string;
}

const STRENGTH_PREFIX = "/policies/authenticationStrengthPolicies/";

/** The provider's blocks are one-element lists in Terraform; Pulumi records them as objects, or as lists for repeated blocks. */
const first = (value: unknown): any => (Array.isArray(value) ? value[0] : value);
const list = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.map(String) : undefined);

interface Codec {
  /** A field's canonical Graph value → the provider's input. */
  readonly expand: (f: PolicyField, value: any) => unknown;
  /** The provider's input (as the engine records it; for a `.*` field, its whole block) → the field's Graph value. */
  readonly flatten: (f: PolicyField, input: any) => unknown;
}

const LISTS: Codec = { expand: (_f, value) => [...value], flatten: (_f, input) => list(input) };
const SCALAR: Codec = { expand: (_f, value) => value, flatten: (_f, input) => input };

const CODECS: Readonly<Record<PolicyField["kind"], Codec>> = {
  ids: LISTS,
  names: LISTS,
  values: LISTS,
  enum: SCALAR,
  // Insider risk is one string in the provider (one level); transfer methods a list.
  flags: {
    expand: (f, value: string) => (f.providerSingle ? value : value.split(",")),
    flatten: (_f, input) => (Array.isArray(input) ? input.join(",") : input),
  },
  guests: {
    expand: (_f, guests: { guestOrExternalUserTypes: string; externalTenants?: { membershipKind: string; members?: string[] } }) => {
      const types = guests.guestOrExternalUserTypes.split(",");
      const tenants = guests.externalTenants;
      if (!tenants) return [{ guestOrExternalUserTypes: types }];
      const block =
        tenants.membershipKind === "enumerated" ? { membershipKind: "enumerated", members: [...(tenants.members ?? [])] } : { membershipKind: "all" };
      return [{ guestOrExternalUserTypes: types, externalTenants: [block] }];
    },
    flatten: (_f, input) => {
      const block = first(input);
      if (!block || typeof block !== "object") return undefined;
      const types = Array.isArray(block.guestOrExternalUserTypes) ? block.guestOrExternalUserTypes.join(",") : block.guestOrExternalUserTypes;
      return { guestOrExternalUserTypes: types, externalTenants: first(block.externalTenants) ?? null };
    },
  },
  filter: {
    expand: (_f, filter: { mode?: string; rule: string }) => ({ mode: filter.mode, rule: filter.rule }),
    flatten: (_f, input) => first(input),
  },
  reference: {
    expand: (_f, strength: { id: string }) => `${STRENGTH_PREFIX}${strength.id}`,
    flatten: (_f, input) => (typeof input === "string" ? { id: input.startsWith(STRENGTH_PREFIX) ? input.slice(STRENGTH_PREFIX.length) : input } : undefined),
  },
  switch: { expand: () => true, flatten: (_f, input) => (input === true ? { isEnabled: true } : undefined) },
  boolean: { expand: () => true, flatten: (_f, input) => (input === true ? true : undefined) },
  switched: {
    expand: (f, control: Record<string, unknown>) => control[f.setting!],
    flatten: (f, input) => (typeof input === "string" && input !== "" ? { isEnabled: true, [f.setting!]: input } : undefined),
  },
  // The provider rejects a value or period with an every-time frequency.
  frequency: {
    expand: (_f, sif: { authenticationType: string; frequencyInterval: string; value?: number; type?: string }) =>
      sif.frequencyInterval === "everyTime"
        ? { signInFrequencyInterval: "everyTime", signInFrequencyAuthenticationType: sif.authenticationType }
        : {
            signInFrequencyInterval: sif.frequencyInterval,
            signInFrequencyAuthenticationType: sif.authenticationType,
            ...(sif.value !== undefined ? { signInFrequency: sif.value } : {}),
            ...(sif.type !== undefined ? { signInFrequencyPeriod: sif.type } : {}),
          },
    flatten: (_f, session) => {
      const s = first(session) ?? {};
      if (!s.signInFrequencyInterval && !s.signInFrequency) return undefined;
      return {
        isEnabled: true,
        authenticationType: s.signInFrequencyAuthenticationType,
        frequencyInterval: s.signInFrequencyInterval,
        value: s.signInFrequency,
        type: s.signInFrequencyPeriod,
      };
    },
  },
};

const isEmpty = (value: unknown) => value === undefined || (Array.isArray(value) && value.length === 0);
const GRANT = POLICY_FIELDS.filter((f) => f.path.startsWith("grantControls.") && f.path !== "grantControls.operator");

/** Options of {@link toProviderInputs}. */
export interface ProviderInputOptions {
  /**
   * The object ids of the stack's named locations by key: a custom policy names them by key.
   * @default - locations are passed as written
   */
  readonly locationIds?: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * Graph shape → the azuread provider's `ConditionalAccessPolicy` inputs, every field the provider can
 * express. The baseline's lists are always sent; other fields only when set. A session-only policy has no
 * grant block (the provider refuses an empty one). A field the provider cannot express is not sent:
 * `providerGaps` (config/graph/policyShape.ts) names them, and such a policy is managed through Graph.
 */
export function toProviderInputs(policy: ConditionalAccessPolicy, options: ProviderInputOptions = {}): ConditionalAccessPolicyInputs {
  const inputs: Record<string, any> = { displayName: policy.displayName, state: policy.state };
  const hasGrant = GRANT.some((f) => !isEmpty(valueAt(policy, f.path)));
  const userActions = !isEmpty(valueAt(policy, "conditions.applications.includeUserActions"));
  for (const f of POLICY_FIELDS) {
    if (f.provider === null || (f.path.startsWith("grantControls.") && !hasGrant)) continue;
    let value = valueAt(policy, f.path);
    if (isEmpty(value)) {
      // Exactly one of included applications / user actions; as stated when both are, for EB-PROVIDER-INPUTS to refuse.
      const always = f.inBaselineShape && !(f.path.endsWith(".includeUserActions") || (f.path.endsWith(".includeApplications") && userActions));
      if (!always && !(f.filledWithBlock && valueAt(policy, f.path.slice(0, f.path.lastIndexOf("."))) !== undefined)) continue;
      value = f.kind === "enum" ? "OR" : [];
    }
    if (f.path.startsWith("conditions.locations.") && options.locationIds) {
      value = (value as string[]).map((v) => ((BUILT_IN_LOCATIONS as readonly string[]).includes(v) ? v : (options.locationIds![v] ?? v)));
    }
    const expanded = CODECS[f.kind].expand(f, value);
    if (f.provider.endsWith(".*")) setAt(inputs, f.provider.slice(0, -2), { ...(valueAt(inputs, f.provider.slice(0, -2)) ?? {}), ...(expanded as object) });
    else setAt(inputs, f.provider, expanded);
  }
  return inputs as ConditionalAccessPolicyInputs;
}

/** The azuread provider's inputs (as recorded by the engine, or a preview's state) → Graph shape, read as any Graph policy is. */
export function fromProviderInputs(inputs: azuread.ConditionalAccessPolicyArgs | Record<string, any>): ConditionalAccessPolicy {
  const i = inputs as Record<string, any>;
  const graph: Record<string, any> = { displayName: i.displayName, state: i.state };
  const malformed: [string, unknown][] = [];
  for (const f of POLICY_FIELDS) {
    if (f.provider === null) continue;
    const input = f.provider.endsWith(".*") ? valueAt(i, f.provider.slice(0, -2)) : valueAt(i, f.provider);
    if (input === undefined || input === null) continue;
    // A list that is not one is kept as it came, for the reader's shape check to name (a preview's state, a hand-made file).
    if (CODECS[f.kind] === LISTS && !Array.isArray(input)) malformed.push([f.path, input]);
    const value = CODECS[f.kind].flatten(f, input);
    if (value !== undefined) setAt(graph, f.path, value);
  }
  const policy = projectGraphPolicy(graph);
  for (const [path, input] of malformed) setAt(policy, path, input);
  return policy;
}
