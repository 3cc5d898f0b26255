import type { TenantState } from "../../policies/tenantState";
import type { Finding } from "../finding";
import type { GuardInput } from "../input";

/** A rule about the order of changes: from the tenant as it is to what the stack declares. */
export interface TransitionRule {
  readonly id: string;
  readonly description: string;
  /** `before`: what the tenant has now, the previous deployment's plan or what Graph answers. */
  readonly check: (before: TenantState, after: GuardInput) => Finding[];
}
