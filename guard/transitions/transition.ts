import type { ConditionalAccessPolicy } from "../../policies/graphTypes";
import type { Finding } from "../finding";
import type { GuardInput } from "../input";

/** What the tenant has now: the previous deployment's plan, or what Graph answers. */
export interface TenantSnapshot {
  readonly securityDefaults: { readonly isEnabled: boolean };
  readonly policies: readonly ConditionalAccessPolicy[];
}

/** A rule about the order of changes: from the tenant as it is to what the stack declares. */
export interface TransitionRule {
  readonly id: string;
  readonly description: string;
  readonly check: (before: TenantSnapshot, after: GuardInput) => Finding[];
}
