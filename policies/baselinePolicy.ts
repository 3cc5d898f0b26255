import type { PolicyKey } from "../config/types";
import type { ConditionalAccessPolicy } from "./graphTypes";

/** A baseline policy as declared: the Graph body plus what the guard needs to know about it. */
export interface BaselinePolicy {
  readonly key: PolicyKey;
  /** Id of the Microsoft template it follows (GET beta/identity/conditionalAccess/templates). */
  readonly templateId: string;
  /** Lowest licence plan whose features the policy uses. */
  readonly minimumPlan: "p1" | "p2";
  readonly policy: ConditionalAccessPolicy;
}
