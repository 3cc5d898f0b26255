import { betaOnlyParts } from "../config/graph/policyShape";

/**
 * The beta-only features a Graph policy uses, each with the path that sets it (none for a v1.0 policy): Graph
 * v1.0 (what this project declares, and what the azuread provider writes) cannot express them, so a policy that
 * uses one is refused by name. Declared once, with the policy's fields (config/graph/policyFields.ts).
 */
export const betaOnlyFeatures = betaOnlyParts;
