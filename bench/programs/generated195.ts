// A generated 195-policy stack planned offline: guard, then every policy declared under the mock engine.
import * as azuread from "@pulumi/azuread";
import { sharedRecorder, waitForRegistrations } from "../../plan/mockEngine";
import { BaselineGuard } from "../../components/baselineGuard";
import { toProviderInputs } from "../../components/providerArgs";
import { buildBaselinePolicies } from "../../policies/baseline";
import { validateConfig } from "../../config/validate";

sharedRecorder();
const validation = validateConfig({ plan: "p2", breakGlassUsers: ["5b1d2c3e-0000-4a6b-8c9d-0000000000a1"], policyState: "enabled" });
if (!validation.ok) throw new Error("bench config rejected");
const base = buildBaselinePolicies(validation.config).map((p) => p.policy);
const policies = Array.from({ length: 195 }, (_, i) => ({ ...base[i % base.length], displayName: `${base[i % base.length].displayName} #${i}` }));
const guard = new BaselineGuard("bench-guard", {
  input: {
    plan: "p2",
    protection: "conditionalAccess",
    securityDefaults: { isEnabled: false },
    breakGlassUsers: ["5b1d2c3e-0000-4a6b-8c9d-0000000000a1"],
    breakGlassGroups: [],
    policies,
  },
});
policies.forEach((p, i) => new azuread.ConditionalAccessPolicy(`bench-${i}`, toProviderInputs(p), { dependsOn: [guard] }));
waitForRegistrations().then(() => process.exit(0));
