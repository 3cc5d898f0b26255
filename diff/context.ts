import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import type { ChangeKind, ChangeRisk, PolicyChange } from "./types";

/** What every per-policy comparison needs to know beside the two policies. */
export interface DiffContext {
  /** Break-glass user object ids of either side. */
  readonly breakGlassUsers: readonly string[];
  /** Break-glass group object ids of either side. */
  readonly breakGlassGroups: readonly string[];
  /** Break-glass ids (users and groups) of the base. */
  readonly baseBreakGlass: readonly string[];
  /** Break-glass ids (users and groups) of the head. */
  readonly headBreakGlass: readonly string[];
  /**
   * Named locations' display names by lower-case id, from either side's named locations.
   * @default - none: a location is named by its id
   */
  readonly locationNames?: ReadonlyMap<string, string>;
}

/** A change to one policy. */
export function policyChange(policy: ConditionalAccessPolicy, kind: ChangeKind, weakens: boolean, risk: ChangeRisk, sentence: string): PolicyChange {
  return { kind, weakens, risk, policy: policy.displayName, sentence };
}
