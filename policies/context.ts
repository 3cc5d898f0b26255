import type { ConditionalAccessPolicyState, ConditionalAccessUsers } from "./graphTypes";

/** What every baseline policy builder needs from the stack configuration. */
export interface PolicyContext {
  readonly state: ConditionalAccessPolicyState;
  readonly breakGlassUsers: readonly string[];
  readonly breakGlassGroups: readonly string[];
  /** When set, the policies that target all users target only this group (rollout stage). */
  readonly pilotGroup?: string;
}

export interface UserTargetOptions {
  readonly excludeUsers?: readonly string[];
  readonly excludeGroups?: readonly string[];
  readonly excludeRoles?: readonly string[];
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * All users, or only the pilot group while one is set; break-glass accounts always excluded.
 */
export function allUsersTarget(ctx: PolicyContext, options: UserTargetOptions = {}): ConditionalAccessUsers {
  return {
    includeUsers: ctx.pilotGroup ? [] : ["All"],
    excludeUsers: unique([...ctx.breakGlassUsers, ...(options.excludeUsers ?? [])]),
    includeGroups: ctx.pilotGroup ? [ctx.pilotGroup] : [],
    excludeGroups: unique([...ctx.breakGlassGroups, ...(options.excludeGroups ?? [])]),
    includeRoles: [],
    excludeRoles: unique([...(options.excludeRoles ?? [])]),
  };
}

/** The holders of the given directory roles; break-glass accounts always excluded. */
export function rolesTarget(ctx: PolicyContext, roleIds: readonly string[]): ConditionalAccessUsers {
  return {
    includeUsers: [],
    excludeUsers: unique(ctx.breakGlassUsers),
    includeGroups: [],
    excludeGroups: unique(ctx.breakGlassGroups),
    includeRoles: unique(roleIds),
    excludeRoles: [],
  };
}

export const ALL_APPLICATIONS = { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] } as const;

/** Sign-in frequency "every time": Microsoft's risk templates re-authenticate on each risky sign-in. */
export const EVERY_TIME = {
  signInFrequency: {
    isEnabled: true,
    authenticationType: "primaryAndSecondaryAuthentication",
    frequencyInterval: "everyTime",
  },
} as const;
