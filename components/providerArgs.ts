import type * as azuread from "@pulumi/azuread";
import type * as pulumi from "@pulumi/pulumi";
import { BUILT_IN_LOCATIONS } from "../config/customPolicies";
import { POLICY_FIELDS, PolicyField } from "../config/graph/policyFields";
import type { ProviderBlock } from "../config/graph/policyTypes";
import { setAt, valueAt } from "../config/graph/policyShape";
import { projectGraphPolicy } from "../policies/customPolicy";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";

// The one mapping between a policy's Graph shape and the azuread provider's `ConditionalAccessPolicy` inputs,
// both ways, field by field from the declaration (config/graph/policyFields.ts): `expand` writes a field's
// provider input, `flatten` reads it back, side by side per kind of field, as terraform-provider-azuread's
// conditionalaccess.go keeps them.

/**
 * The azuread provider's plain input shape for a CA policy (no Outputs but the named locations' ids), by the
 * provider's names, typed from the field declaration's provider side (config/graph/policyTypes.ts).
 */
export interface ConditionalAccessPolicyInputs extends ProviderBlock<""> {
  readonly displayName: string;
  readonly state: string;
}

export type { ProviderFilter, ProviderGuests } from "../config/graph/policyTypes";

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
const EXACTLY_ONE = POLICY_FIELDS.filter((f) => f.exactlyOneInProvider);
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
  const oneOfSet = EXACTLY_ONE.some((f) => !isEmpty(valueAt(policy, f.path)));
  for (const f of POLICY_FIELDS) {
    if (f.provider === null || (f.path.startsWith("grantControls.") && !hasGrant)) continue;
    let value = valueAt(policy, f.path);
    if (isEmpty(value)) {
      // Exactly one of the fields so marked (included applications, user actions): the first is sent empty when none is
      // set; all are sent as stated when several are, for EB-PROVIDER-INPUTS to refuse.
      const always = f.inBaselineShape && (!f.exactlyOneInProvider || (f === EXACTLY_ONE[0] && !oneOfSet));
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
