import type { Finding } from "../../guard/finding";
import type { GuardInput } from "../../guard/input";
import type { LiveTenant } from "../tenant";

/** A rule that compares the tenant as it is with what the stack declares. */
export interface LiveRule {
  readonly id: string;
  readonly description: string;
  readonly check: (tenant: LiveTenant, stack: GuardInput) => Finding[];
}
