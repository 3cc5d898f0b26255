import type { GuardRule } from "../input";
import { authMethodsKeepOne } from "./authMethodsKeepOne";
import { authMethodsMigration } from "./authMethodsMigration";
import { blockAllUsers } from "./blockAllUsers";
import { breakGlassExcluded } from "./breakGlassExcluded";
import { breakGlassIncluded } from "./breakGlassIncluded";
import { duplicateNames } from "./duplicateNames";
import { exampleIds } from "./exampleIds";
import { breakGlassUnconfirmed } from "./breakGlassUnconfirmed";
import { lockoutProof } from "./lockoutProof";
import { coverageProof } from "./coverageProof";
import { perUserMfaDisableSafe } from "./perUserMfaDisableSafe";
import { perUserMfaEnforce } from "./perUserMfaEnforce";
import { registrationCampaignCa } from "./registrationCampaignCa";
import { licenceFreeCa } from "./licenceFreeCa";
import { licenceRiskP2 } from "./licenceRiskP2";
import { pilotNotBreakGlass } from "./pilotNotBreakGlass";
import { policyLimit } from "./policyLimit";
import { riskConditionsSeparate } from "./riskConditionsSeparate";
import { sdCaConflict } from "./sdCaConflict";
import { sdParity } from "./sdParity";
import { sdStaging } from "./sdStaging";

/** Every guard rule, in the order findings are reported. Adding a rule: one file, one line here, one README row. */
export const GUARD_RULES: readonly GuardRule[] = [
  sdCaConflict,
  licenceFreeCa,
  licenceRiskP2,
  breakGlassExcluded,
  breakGlassIncluded,
  pilotNotBreakGlass,
  blockAllUsers,
  riskConditionsSeparate,
  policyLimit,
  duplicateNames,
  lockoutProof,
  coverageProof,
  exampleIds,
  breakGlassUnconfirmed,
  perUserMfaDisableSafe,
  perUserMfaEnforce,
  registrationCampaignCa,
  sdParity,
  sdStaging,
  authMethodsKeepOne,
  authMethodsMigration,
];
