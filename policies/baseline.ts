import type { PolicyKey, PolicyOptionsByKey, PolicyStateSetting } from "../config/types";
import type { BaselineConfig } from "../config/keys";
import { adminMfaPolicy } from "./adminMfa";
import { allUsersMfaPolicy } from "./allUsersMfa";
import { azureManagementMfaPolicy } from "./azureManagementMfa";
import type { BaselinePolicy } from "./baselinePolicy";
import { blockLegacyAuthPolicy } from "./blockLegacyAuth";
import type { PolicyContext } from "./context";
import type { ConditionalAccessPolicyState } from "./graphTypes";
import { signInRiskMfaPolicy } from "./signInRiskMfa";
import { userRiskPasswordChangePolicy } from "./userRiskPasswordChange";
import { REPORT_ONLY } from "./wellKnownIds";

type Builder<K extends PolicyKey> = (ctx: PolicyContext, options: PolicyOptionsByKey[K]) => BaselinePolicy;

/** The builders, in the order the policies are declared and shown. */
const BUILDERS: { readonly [K in PolicyKey]: Builder<K> } = {
  adminMfa: adminMfaPolicy,
  allUsersMfa: allUsersMfaPolicy,
  blockLegacyAuth: blockLegacyAuthPolicy,
  azureManagementMfa: azureManagementMfaPolicy,
  signInRiskMfa: signInRiskMfaPolicy,
  userRiskPasswordChange: userRiskPasswordChangePolicy,
};

export function toGraphState(state: PolicyStateSetting): ConditionalAccessPolicyState {
  return state === "reportOnly" ? REPORT_ONLY : state;
}

/** The Conditional Access policies a validated configuration declares, each excluding the break-glass accounts. */
export function buildBaselinePolicies(config: BaselineConfig): BaselinePolicy[] {
  const built: BaselinePolicy[] = [];
  for (const key of Object.keys(BUILDERS) as PolicyKey[]) {
    const options = config.policies[key];
    if (!options) continue;
    const ctx: PolicyContext = {
      state: toGraphState(options.state ?? config.policyState),
      breakGlassUsers: config.breakGlassUsers,
      breakGlassGroups: config.breakGlassGroups,
      pilotGroup: config.pilotGroup,
    };
    const policy = (BUILDERS[key] as Builder<typeof key>)(ctx, options as never);
    // An adopted tenant policy keeps its own display name unless the stack renames it.
    built.push(options.displayName !== undefined ? { ...policy, policy: { ...policy.policy, displayName: options.displayName } } : policy);
  }
  return built;
}
