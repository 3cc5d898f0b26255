/** The guard asks the shared policy facts (policies/facts); nothing here re-derives them. */
export {
  alwaysRequiresMfa,
  coversAllClients,
  givesAllUsersMfa,
  isBlock,
  isEnabled,
  name,
  requiresMfa,
  targetsAllApps,
  targetsAllUsers,
  usesRisk,
} from "../policies/facts";
