import type * as pulumi from "@pulumi/pulumi";
import type { DeclaredFields, GRAPH_ENUMS, GraphEnum } from "./policyFields";

// The TypeScript types of a Conditional Access policy, derived from the one declaration of its fields
// (policyFields.ts): each field's path places it, its kind says what its value is, its flags say whether it is
// always there. Three shapes come out of it: the policy as this project holds it (canonical), as Graph answers it
// (every key may be missing or null), and as the azuread provider takes it (by the provider's paths). A new field
// of a known kind needs no change here; a new kind needs its value type in each of the three tables below.

/** Every declared field, with its literal path, kind, enum and flags. */
export type DeclaredField = DeclaredFields[number];

/** The members of a Graph enum a policy may state: all but Graph's placeholder `unknownFutureValue`. */
export type EnumMembers<E extends GraphEnum> = Exclude<(typeof GRAPH_ENUMS)[E][number], "unknownFutureValue">;

// ---- Value types of the kinds that are objects (one per kind, shared by every field of that kind) ----

/** A filter in Entra's rule grammar, including or excluding what it matches (Graph's `conditionalAccessFilter`). */
export interface ConditionalAccessFilter {
  readonly mode: EnumMembers<"filterMode">;
  readonly rule: string;
}

/** The external tenants a guest condition covers: every one, or the listed tenant ids (lower case). */
export type ConditionalAccessExternalTenants =
  { readonly membershipKind: "all" } | { readonly membershipKind: "enumerated"; readonly members: readonly string[] };

/** Guest or external users, as Graph's `conditionalAccessGuestsOrExternalUsers` holds them. */
export interface ConditionalAccessGuestsOrExternalUsers {
  /**
   * Comma-separated, as Graph spells it: internalGuest, b2bCollaborationGuest, b2bCollaborationMember,
   * b2bDirectConnectUser, otherExternalUser, serviceProvider.
   */
  readonly guestOrExternalUserTypes: string;
  /** Absent (Graph's null): every external tenant, as `all`; kept apart from `all` because Graph and the provider do. */
  readonly externalTenants?: ConditionalAccessExternalTenants;
}

/** A navigation property read by its id only: the authentication strength. */
export interface AuthenticationStrengthReference {
  /** Id of an authentication strength policy, e.g. the built-in phishing-resistant `00000000-0000-0000-0000-000000000004`. */
  readonly id: string;
}

/** The sign-in frequency session control. */
export interface SignInFrequencySessionControl {
  readonly isEnabled: boolean;
  readonly authenticationType: EnumMembers<"signInFrequencyAuthenticationType">;
  readonly frequencyInterval: EnumMembers<"signInFrequencyInterval">;
  /** Only with `frequencyInterval: timeBased`. */
  readonly value?: number;
  /** Only with `frequencyInterval: timeBased`. */
  readonly type?: EnumMembers<"signinFrequencyType">;
}

/** Graph's external tenants as it answers them (`@odata.type` says which). */
export interface GraphExternalTenants {
  readonly "@odata.type"?: string | null;
  /** `all` or `enumerated` (then `members` lists tenant ids). */
  readonly membershipKind?: string | null;
  readonly members?: readonly string[] | null;
}

/** Graph's guest or external users as it answers them. */
export interface GraphGuestsOrExternalUsers {
  /** Comma-separated: internalGuest, b2bCollaborationGuest, b2bCollaborationMember, b2bDirectConnectUser, otherExternalUser, serviceProvider. */
  readonly guestOrExternalUserTypes?: string | null;
  readonly externalTenants?: GraphExternalTenants | null;
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

/** The provider's sign-in frequency inputs, merged into its session block (the field's provider path ends in `.*`). */
export interface ProviderSignInFrequency {
  readonly signInFrequencyInterval?: string;
  readonly signInFrequencyAuthenticationType?: string;
  readonly signInFrequency?: number;
  readonly signInFrequencyPeriod?: string;
}

// ---- Each kind's value, in each shape ----

type EnumOf<F> = F extends { readonly graphEnum: infer E extends GraphEnum } ? EnumMembers<E> : string;
/** A `values` field's members: the provider's own list when the declaration narrows Graph's enum to it, else Graph's. */
type ValuesOf<F> = F extends { readonly providerMembers: readonly (infer M)[] } ? M : EnumOf<F>;
type SettingOf<F> = F extends { readonly setting: infer S extends string } ? S : never;

type CanonicalValue<F> = F extends { readonly kind: "ids" | "names" }
  ? readonly string[]
  : F extends { readonly kind: "values" }
    ? readonly ValuesOf<F>[]
    : F extends { readonly kind: "flags" }
      ? string
      : F extends { readonly kind: "enum"; readonly oneOf: readonly (infer M)[] }
        ? M
        : F extends { readonly kind: "enum" }
          ? EnumOf<F>
          : F extends { readonly kind: "guests" }
            ? ConditionalAccessGuestsOrExternalUsers
            : F extends { readonly kind: "filter" }
              ? ConditionalAccessFilter
              : F extends { readonly kind: "reference" }
                ? AuthenticationStrengthReference
                : F extends { readonly kind: "switch" }
                  ? { readonly isEnabled: true }
                  : F extends { readonly kind: "switched" }
                    ? { readonly isEnabled: true } & { readonly [S in SettingOf<F>]?: EnumOf<F> }
                    : F extends { readonly kind: "frequency" }
                      ? SignInFrequencySessionControl
                      : F extends { readonly kind: "boolean" }
                        ? true
                        : never;

type GraphValue<F> = F extends { readonly kind: "ids" | "names" | "values" }
  ? readonly string[] | null
  : F extends { readonly kind: "flags" | "enum" }
    ? string | null
    : F extends { readonly kind: "guests" }
      ? GraphGuestsOrExternalUsers | null
      : F extends { readonly kind: "filter" }
        ? { readonly mode?: string | null; readonly rule?: string | null } | null
        : F extends { readonly kind: "reference" }
          ? { readonly id?: string | null; readonly displayName?: string | null } | null
          : F extends { readonly kind: "switch" }
            ? { readonly isEnabled?: boolean | null } | null
            : F extends { readonly kind: "switched" }
              ? ({ readonly isEnabled?: boolean | null } & { readonly [S in SettingOf<F>]?: string | null }) | null
              : F extends { readonly kind: "frequency" }
                ? {
                    readonly isEnabled?: boolean | null;
                    readonly authenticationType?: string | null;
                    readonly frequencyInterval?: string | null;
                    readonly value?: number | null;
                    readonly type?: string | null;
                  } | null
                : F extends { readonly kind: "boolean" }
                  ? boolean | null
                  : never;

type ProviderValue<F> = F extends { readonly family: "locations" }
  ? pulumi.Input<string>[]
  : F extends { readonly kind: "ids" | "names" | "values" }
    ? string[]
    : F extends { readonly kind: "flags"; readonly providerSingle: true }
      ? string
      : F extends { readonly kind: "flags" }
        ? string[]
        : F extends { readonly kind: "enum" | "reference" | "switched" }
          ? string
          : F extends { readonly kind: "guests" }
            ? ProviderGuests[]
            : F extends { readonly kind: "filter" }
              ? ProviderFilter
              : F extends { readonly kind: "switch" | "boolean" }
                ? boolean
                : F extends { readonly kind: "frequency" }
                  ? ProviderSignInFrequency
                  : never;

// ---- Placing the fields: blocks by path, each field required or optional by its flags ----

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
/** A path's prefix as a block's: `a.b` → `a.b.`, the root `""` → `""`. */
type Prefix<B extends string> = B extends "" ? "" : `${B}.`;

/** The paths of one shape: Graph's, or the provider's (fields it cannot express have none there). */
type PathOf<F, Side extends "graph" | "provider"> = Side extends "graph"
  ? F extends { readonly path: infer P extends string }
    ? P
    : never
  : F extends { readonly provider: infer P extends string }
    ? P
    : never;
/** Each declared field on its own (a conditional over a type parameter distributes over the union). */
type EachField<F = DeclaredField> = F extends unknown ? F : never;
/** The fields one shape holds: every one in Graph's, those with an input in the provider's. */
type FieldsOf<Side extends "graph" | "provider"> = Side extends "graph" ? EachField : Exclude<EachField, { readonly provider: null }>;
type FieldsAt<P extends string, Side extends "graph" | "provider"> =
  FieldsOf<Side> extends infer F ? (F extends unknown ? (PathOf<F, Side> extends P ? F : never) : never) : never;
type ChildrenOf<Pre extends string, Side extends "graph" | "provider"> =
  FieldsOf<Side> extends infer F
    ? F extends unknown
      ? PathOf<F, Side> extends `${Pre}${infer Rest}`
        ? Rest extends "*"
          ? never
          : Head<Rest>
        : never
      : never
    : never;

/** Always present in a block that is there: the baseline's own fields, and lists Graph fills beside their block's other list. */
type IsRequiredField<F, Side extends "graph" | "provider"> = F extends { readonly inBaselineShape: true }
  ? Side extends "provider"
    ? F extends { readonly exactlyOneInProvider: true }
      ? false
      : true
    : true
  : F extends { readonly filledWithBlock: true }
    ? true
    : false;
/** A block is always there when a baseline field in it is. */
type HasBaselineField<Pre extends string, Side extends "graph" | "provider"> = true extends (
  FieldsOf<Side> extends infer F
    ? F extends unknown
      ? PathOf<F, Side> extends `${Pre}${string}`
        ? F extends { readonly inBaselineShape: true }
          ? Side extends "provider"
            ? F extends { readonly exactlyOneInProvider: true }
              ? false
              : true
            : true
          : false
        : false
      : false
    : false
)
  ? true
  : false;
type IsRequired<P extends string, Side extends "graph" | "provider"> = [FieldsAt<P, Side>] extends [never]
  ? HasBaselineField<`${P}.`, Side>
  : true extends IsRequiredField<FieldsAt<P, Side>, Side>
    ? true
    : false;

type Shape = "canonical" | "graph" | "provider";
type SideOf<S extends Shape> = S extends "provider" ? "provider" : "graph";
type ValueIn<F, S extends Shape> = S extends "canonical" ? CanonicalValue<F> : S extends "graph" ? GraphValue<F> : ProviderValue<F>;
type At<P extends string, S extends Shape> = [FieldsAt<P, SideOf<S>>] extends [never]
  ? S extends "graph"
    ? Block<P, S> | null
    : Block<P, S>
  : ValueIn<FieldsAt<P, SideOf<S>>, S>;
/** The provider's block-merging fields (`sessionControls.*`): their keys join the block's own. */
type MergedInto<B extends string> = EachField extends infer F ? (F extends { readonly provider: `${Prefix<B>}*` } ? ProviderValue<F> : never) : never;

/**
 * The block at a path (`""`: the policy's root) in one shape: each child field or block by its name, required when
 * its field says so (Graph's shape: nothing is, everything may be null).
 */
export type Block<B extends string, S extends Shape> = Simplify<
  {
    readonly [K in ChildrenOf<Prefix<B>, SideOf<S>> as S extends "graph" ? never : IsRequired<`${Prefix<B>}${K}`, SideOf<S>> extends true ? K : never]: At<
      `${Prefix<B>}${K}`,
      S
    >;
  } & {
    readonly [K in ChildrenOf<Prefix<B>, SideOf<S>> as S extends "graph" ? K : IsRequired<`${Prefix<B>}${K}`, SideOf<S>> extends true ? never : K]?: At<
      `${Prefix<B>}${K}`,
      S
    >;
  } & (S extends "provider" ? ([MergedInto<B>] extends [never] ? unknown : MergedInto<B>) : unknown)
>;

/** A block of the policy as this project holds it (the canonical reading: only what sets something). */
export type CanonicalBlock<B extends string> = Block<B, "canonical">;
/** A block of the policy as Graph answers it: every key may be missing or null. */
export type GraphBlock<B extends string> = Block<B, "graph">;
/** A block of the azuread provider's `ConditionalAccessPolicy` inputs, by the provider's names. */
export type ProviderBlock<B extends string> = Block<B, "provider">;
