import { PolicyPack } from "@pulumi/policy";
import { ENTRA_BASELINE_POLICIES } from "./policies";

// Loaded by Pulumi as the pack's program (`pulumi preview --policy-pack <this folder>`): constructing
// the pack starts its analyzer. Everything it checks is in policies.ts and stackGuard.ts.
new PolicyPack("entra-baseline", {
  description: "entra-baseline's guard over any stack's Conditional Access policies and Security Defaults",
  policies: [...ENTRA_BASELINE_POLICIES],
});
