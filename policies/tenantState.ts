import type { ConditionalAccessPolicy } from "./graphTypes";

/** Security Defaults' state, as Graph's `identitySecurityDefaultsEnforcementPolicy` has it. */
export interface SecurityDefaultsState {
  readonly isEnabled: boolean;
}

/**
 * A tenant's sign-in protection: Security Defaults and the Conditional Access policies. The one
 * shape for it, whoever holds it: the tenant as Graph answers (`LiveTenant`, with its policies'
 * ids), what a stack declares (`GuardInput`), the deployed state a migration starts from
 * (`--previous`), and each side of a semantic diff (`PolicySet`).
 */
export interface TenantState<Policy extends ConditionalAccessPolicy = ConditionalAccessPolicy> {
  readonly securityDefaults: SecurityDefaultsState;
  readonly policies: readonly Policy[];
}
