import { acceptedGap } from "../guard/acceptedGaps";
import type { GuardRule } from "../guard/input";
import type { RuleIdentity, RuleInfo, RulePhase } from "../guard/rule";
import { authMethodsKeepOne } from "../guard/rules/authMethodsKeepOne";
import { authMethodsMigration } from "../guard/rules/authMethodsMigration";
import { blockAllUsers } from "../guard/rules/blockAllUsers";
import { breakGlassExcluded } from "../guard/rules/breakGlassExcluded";
import { breakGlassIncluded } from "../guard/rules/breakGlassIncluded";
import { breakGlassUnconfirmed } from "../guard/rules/breakGlassUnconfirmed";
import { coverageProof } from "../guard/rules/coverageProof";
import { duplicateNames } from "../guard/rules/duplicateNames";
import { exampleIds } from "../guard/rules/exampleIds";
import { licenceFreeCa } from "../guard/rules/licenceFreeCa";
import { licenceRiskP2 } from "../guard/rules/licenceRiskP2";
import { lockoutProof } from "../guard/rules/lockoutProof";
import { perUserMfaDisableSafe } from "../guard/rules/perUserMfaDisableSafe";
import { perUserMfaEnforce } from "../guard/rules/perUserMfaEnforce";
import { pilotNotBreakGlass } from "../guard/rules/pilotNotBreakGlass";
import { policyLimit } from "../guard/rules/policyLimit";
import { registrationCampaignCa } from "../guard/rules/registrationCampaignCa";
import { riskConditionsSeparate } from "../guard/rules/riskConditionsSeparate";
import { sdCaConflict } from "../guard/rules/sdCaConflict";
import { sdParity } from "../guard/rules/sdParity";
import { sdStaging } from "../guard/rules/sdStaging";
import { cutoverStaged } from "../guard/transitions/cutoverStaged";
import { rollbackOrder } from "../guard/transitions/rollbackOrder";
import { adoptedPolicies } from "../live/rules/adoptedPolicies";
import { authMethodsBreakGlass } from "../live/rules/authMethodsBreakGlass";
import { authMethodsOff } from "../live/rules/authMethodsOff";
import { liveDuplicateNames } from "../live/rules/duplicateNames";
import { equivalentPolicies } from "../live/rules/equivalentPolicies";
import { liveLicence } from "../live/rules/licence";
import { liveOwner } from "../live/rules/owner";
import { perUserMfaInUse } from "../live/rules/perUserMfaInUse";
import { liveSecurityDefaultsConflict } from "../live/rules/securityDefaultsConflict";
import { unmanagedPolicies } from "../live/rules/unmanagedPolicies";
import { providerInputs } from "./providerInputsRule";

/** A rule with what the registry says of it. */
export type Registered<R extends RuleIdentity> = R & RuleInfo;

const entry =
  (...phases: RulePhase[]) =>
  <R extends RuleIdentity>(rule: R, severity: string, pack = false): Registered<R> => ({ ...rule, severity, phases, pack });
const guard = entry("guard");
const live = entry("live");
const transition = entry("transition");
/** Run by the CrossGuard policy pack over any stack's resources. */
const PACK = true;

/** The guard's rules over what a stack declares, in `GUARD_RULES`'s order, with the README's severity column. */
const GUARD: readonly Registered<GuardRule>[] = [
  guard(sdCaConflict, "error", PACK),
  guard(licenceFreeCa, "error", PACK),
  guard(licenceRiskP2, "error", PACK),
  guard(breakGlassExcluded, "error", PACK),
  guard(breakGlassIncluded, "error", PACK),
  guard(pilotNotBreakGlass, "error"),
  guard(blockAllUsers, "error", PACK),
  guard(riskConditionsSeparate, "error", PACK),
  guard(policyLimit, "error", PACK),
  guard(duplicateNames, "error", PACK),
  guard(lockoutProof, "error", PACK),
  guard(coverageProof, "error (a warning that names its reason when `acceptedGaps` accepts it)", PACK),
  guard(exampleIds, "warning in previews, error at `pulumi up`"),
  guard(breakGlassUnconfirmed, "warning in previews, error at `pulumi up`"),
  guard(perUserMfaDisableSafe, "error"),
  guard(perUserMfaEnforce, "warning; error for a break-glass account"),
  guard(registrationCampaignCa, "error"),
  guard(sdParity, "error (a warning that names its reason when `acceptedGaps` accepts it)", PACK),
  guard(sdStaging, "info"),
  guard(authMethodsKeepOne, "error"),
  guard(authMethodsMigration, "warning"),
];

/**
 * Every EB rule with its metadata: the guard's rules, the accepted-gap rule, the migration-order rules, the live
 * rules and the offline plan's provider-input rule. Each id is declared once, in its rule's file; the README's rule
 * table (a spec compares them), the policy pack (`pack`) and the reports' descriptions read this list.
 */
export const EB_RULES: readonly RuleInfo[] = [
  ...GUARD,
  guard(acceptedGap, "error"),
  entry("transition", "live")(cutoverStaged, "error (with the deployed state)"),
  transition(rollbackOrder, "error (with the deployed state)"),
  live(liveLicence, "error (live)"),
  live(liveSecurityDefaultsConflict, "error (live)"),
  live(unmanagedPolicies, "warning (live)"),
  live(liveOwner, "error (live)"),
  live(perUserMfaInUse, "warning (live)"),
  live(equivalentPolicies, "error (live) at `pulumi up`, warning in previews"),
  live(liveDuplicateNames, "error (live) at `pulumi up`, warning in previews"),
  live(adoptedPolicies, "error (live)"),
  live(authMethodsOff, "error (live); warning on plan free or in a preview when the registration details cannot be read"),
  live(authMethodsBreakGlass, "error (live); warning for an account the report does not list"),
  entry("offline plan")(providerInputs, "error (offline plan)"),
];

/** The guard rules the CrossGuard policy pack runs, in the guard's order. */
export const PACK_RULES: readonly GuardRule[] = GUARD.filter((rule) => rule.pack);

/** Each rule's one-line compliant condition, by id. */
export const RULE_DESCRIPTIONS: ReadonlyMap<string, string> = new Map(EB_RULES.map((rule) => [rule.id, rule.description]));
