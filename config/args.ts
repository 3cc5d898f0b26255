import type {
  AcceptedGaps,
  AdoptSettings,
  AuthenticationMethod,
  Cloud,
  LicencePlan,
  LiveChecks,
  MethodSetting,
  PerUserMfaSetting,
  PolicySettings,
  PolicyStateSetting,
  Protection,
} from "./types";

/** The legacy MFA service's trusted IPs, as a stack declares them. */
export interface MfaTrustedIpsSetting {
  /** IPv4 CIDR ranges (the service takes IPv4 only, at most 50). */
  readonly ipRanges: readonly string[];
  /**
   * "Skip multifactor authentication for requests from federated users on my intranet": a request with AD FS's
   * insidecorporatenetwork claim counts as coming from the trusted IPs.
   * @default false
   */
  readonly federatedUsersOnIntranet?: boolean;
}

/**
 * The `entra-baseline:` stack configuration, as the stack file and `EntraBaseline`'s args state it.
 * This interface is where a key's type and documentation live; `CONFIG_KEYS` (config/keys.ts) must
 * define every key of it (the compiler checks), and from there come the schema and the defaults.
 */
export interface BaselineArgs {
  /** The tenant's Entra ID licence: `free` (no P1/P2), `p1` or `p2`. */
  readonly plan: LicencePlan;
  /**
   * How MFA is required. Turning Security Defaults off is a choice a stack states: the default
   * keeps them on (the staging step) unless the stack enforces its policies.
   * @default - `conditionalAccess` on p1 and p2 when `policyState` is `enabled`, otherwise `securityDefaults`
   */
  readonly protection?: Protection;
  /**
   * Object ids of emergency-access (break-glass) accounts, excluded from every policy.
   * @default - none; at least one break-glass user or group is required when any policy is declared
   */
  readonly breakGlassUsers?: readonly string[];
  /**
   * Object ids of emergency-access groups, excluded from every policy.
   * @default - none
   */
  readonly breakGlassGroups?: readonly string[];
  /**
   * Whether a person has checked the break-glass accounts. `npm run export` writes the accounts it
   * found as candidates with `false`: previews warn and `pulumi up` refuses until it is `true`.
   * @default true
   */
  readonly breakGlassConfirmed?: boolean;
  /**
   * State of every policy that does not set its own.
   * @default "reportOnly" - nothing is enforced until you opt in
   */
  readonly policyState?: PolicyStateSetting;
  /**
   * Object id of a pilot group: the policies that target all users target only this group.
   * @default - all users
   */
  readonly pilotGroup?: string;
  /**
   * When the program reads the tenant before declaring (`auto`: when credentials are in the environment).
   * @default "auto"
   */
  readonly liveChecks?: LiveChecks;
  /**
   * The Microsoft cloud of the tenant.
   * @default "global"
   */
  readonly cloud?: Cloud;
  /**
   * Legacy per-user MFA: `leave` it, `disable` it for every user (refused until Security Defaults
   * or an enabled all-users MFA policy require MFA), or `{ enforce: [user ids] }`.
   * @default "leave"
   */
  readonly perUserMfa?: PerUserMfaSetting;
  /**
   * Turn on the registration campaign that prompts users to register the Authenticator app
   * (Conditional Access stacks; break-glass excluded).
   * @default false
   */
  readonly registrationCampaign?: boolean;
  /**
   * Per-policy options; `false` omits a policy.
   * @default - the plan's baseline: p1 the four P1 policies, p2 also the two risk policies, free none
   */
  readonly policies?: PolicySettings;
  /**
   * Existing tenant policies to adopt, by object id, as baseline policies: the next `pulumi up`
   * imports each into the stack's state (Pulumi's `import` option) instead of creating a new one,
   * then updates it to the baseline shape. A policy that does not enforce the same as the baseline
   * one is refused unless given as `{ id, acceptChanges: true }` (docs/brownfield.md).
   * @default - none: every declared policy is created
   */
  readonly adopt?: AdoptSettings;
  /**
   * The authentication methods policy: which methods users may register and use (`enabled`,
   * `disabled` or `{ group }`), methods that must stay off, Authenticator context, system-preferred
   * MFA, and the migration from the legacy MFA and SSPR policies. `{}` takes Microsoft's guidance.
   * @default - not managed: the tenant's methods are left as they are
   */
  readonly authenticationMethods?: AuthenticationMethodsArgs | false;
  /**
   * Gaps the stack accepts on purpose, keyed by the rule that finds them (`EB-SD-PARITY`,
   * `EB-COVERAGE-PROOF`), each with its reason: the rule's errors become warnings that carry the
   * reason, shown in every plan, diff and report. An accepted gap that no longer exists is refused,
   * so an acceptance never outlives its reason (the rollback runbook, docs/migration.md).
   * @default - none: every gap is refused
   */
  readonly acceptedGaps?: AcceptedGaps;
  /**
   * Conditional Access policies beyond the baseline, by key: Graph v1.0 `conditionalAccessPolicy` JSON, or
   * the path (relative to the project folder) of a `.json` file holding it. Values in its
   * `conditions.locations` other than `All` / `AllTrusted` are `namedLocations` keys. An `id` adopts
   * the tenant's policy with that object id instead of creating one. They go through the same
   * schema, provider-input checks, guard, what-if and diff as the baseline.
   * @default - none
   */
  readonly customPolicies?: Readonly<Record<string, CustomPolicySetting>>;
  /**
   * Named locations the custom policies use, by key: IP ranges or countries. An `id` adopts the
   * tenant's named location with that object id.
   * @default - none
   */
  readonly namedLocations?: Readonly<Record<string, NamedLocationSetting>>;
  /**
   * The legacy MFA service's trusted IPs ("MFA Trusted IPs", location `00000000-0000-0000-0000-000000000000`),
   * which Graph cannot read: their IPv4 ranges, and whether "skip multifactor authentication for requests from
   * federated users on my intranet" is on. The what-if reads them; the stack does not change them.
   * @default - not declared: the what-if evaluates every policy naming them (or all trusted locations) both inside
   * and outside them, and the worse outcome counts
   */
  readonly mfaTrustedIps?: MfaTrustedIpsSetting;
  /**
   * Labels that group stacks for `fleet --tag` (tiers, licence groups, regions): letters, digits, `.`, `_`, `-`.
   * @default - none: the stack is run only when a fleet command names no tag
   */
  readonly tags?: readonly string[];
  /**
   * The tenant's id (directory id): a fleet run refuses a token issued for any other tenant, and
   * `credentials: partner` signs in to this tenant.
   * @default - the tenant of the stack's credential variables
   */
  readonly tenantId?: string;
  /**
   * Where a fleet run finds this tenant's credentials: `{ variables: PREFIX }` reads `PREFIX_AZURE_TENANT_ID`,
   * `PREFIX_AZURE_CLIENT_ID` and a secret, certificate or federated token of the same prefix; `partner` signs in
   * to `tenantId` as the partner's multi-tenant app (`ENTRA_BASELINE_PARTNER_CLIENT_ID`, federated; docs/fleet.md).
   * @default - `{ variables: <STACK> }`: the stack's name in capitals, other characters as `_` (`contoso` → `CONTOSO_AZURE_TENANT_ID`)
   */
  readonly credentials?: CredentialsSetting;
  /**
   * Tenant policies this stack deliberately leaves alone, each `{ id, displayName, reason }`.
   * `npm run export` writes one for each policy it cannot express (a beta-only feature, a named location
   * the tenant does not list …). Drift shows them as acknowledged, not as drift; any other policy the
   * stack does not manage is still drift (docs/export.md).
   * @default - none: every tenant policy the stack does not manage is drift
   */
  readonly unmanagedPolicies?: readonly UnmanagedPolicySetting[];
  /**
   * Guard findings on tenant policies exported unchanged (`npm run export` writes them): each names the rule, the
   * finding's exact text and, per custom policy involved, its tenant object id and the SHA-256 of its content at export.
   * While the policy is unchanged, in the stack and in the tenant, the finding is shown as an inherited risk (a warning
   * with its fix) and does not stop `pulumi up`; any change to it, and any new finding, is refused as usual (docs/export.md).
   * @default - none: every guard error stops the stack
   */
  readonly inheritedRisks?: readonly InheritedRiskSetting[];
}

/** A guard finding a stack inherits from the tenant, unchanged since the export. */
export interface InheritedRiskSetting {
  /** The guard rule's id, e.g. `EB-LOCKOUT-PROOF`. */
  readonly rule: string;
  /** The finding's message, exactly as the guard gave it at export: a different message is a different (new or worse) risk. */
  readonly finding: string;
  /** The custom policies it comes from, by key: the tenant policy's object id and the SHA-256 of its content at export. */
  readonly policies: Readonly<Record<string, { readonly id: string; readonly sha256: string }>>;
}

/** A tenant policy the stack deliberately leaves alone: its object id, display name and the reason. */
export interface UnmanagedPolicySetting {
  readonly id: string;
  readonly displayName: string;
  readonly reason: string;
}

/** Where a fleet run finds a tenant's credentials (docs/fleet.md). */
export type CredentialsSetting = "partner" | { readonly variables: string };

/** A custom policy: Graph-shaped JSON, or the path of a `.json` file holding it. */
export type CustomPolicySetting = Readonly<Record<string, unknown>> | string;

/** A named location: IP ranges (`ipRanges`, `trusted`) or countries (`countries`, `includeUnknownCountriesAndRegions`). */
export interface NamedLocationSetting {
  readonly displayName: string;
  /** IPv4 or IPv6 ranges in CIDR notation. */
  readonly ipRanges?: readonly string[];
  /**
   * Whether the IP ranges are a trusted location.
   * @default false
   */
  readonly trusted?: boolean;
  /** ISO 3166 two-letter country or region codes. */
  readonly countries?: readonly string[];
  /**
   * Whether sign-ins whose country cannot be told are in the location.
   * @default false
   */
  readonly includeUnknownCountriesAndRegions?: boolean;
  /**
   * Object id of the tenant's named location to adopt.
   * @default - a new named location is created
   */
  readonly id?: string;
}

/** `authenticationMethods` as a stack states it (docs/authentication-methods.md). */
export interface AuthenticationMethodsArgs {
  /**
   * Methods by name.
   * @default - microsoftAuthenticator, fido2 and temporaryAccessPass enabled; sms and voice disabled; others not managed
   */
  readonly methods?: { readonly [M in AuthenticationMethod]?: MethodSetting };
  /**
   * Methods that must stay disabled; enabling one is refused.
   * @default - none
   */
  readonly disallowed?: readonly AuthenticationMethod[];
  /**
   * Authenticator push notifications show the app and the location of the sign-in.
   * @default true
   */
  readonly authenticatorContext?: boolean;
  /**
   * System-preferred MFA (`systemCredentialPreferences`).
   * @default true
   */
  readonly systemPreferredMfa?: boolean;
  /**
   * `policyMigrationState: migrationComplete`: Entra ignores the legacy MFA and SSPR method settings.
   * @default true
   */
  readonly migrationComplete?: boolean;
}
