import * as pulumi from "@pulumi/pulumi";
import { EntraBaseline, EntraBaselineArgs } from "./components/entraBaseline";
import { rawConfigFromPulumi } from "./config/fromPulumi";

// The component validates the configuration itself; nothing is registered when it is rejected.
const baseline = new EntraBaseline(
  "entra-baseline",
  rawConfigFromPulumi(pulumi.runtime.allConfig()) as unknown as EntraBaselineArgs,
);

export const settings = baseline.settings;
export const securityDefaultsEnabled = baseline.securityDefaults.isEnabled;
export const policyIds = Object.fromEntries(Object.entries(baseline.policies).map(([key, policy]) => [key, policy!.id]));
export const guardFindings = baseline.findings;
