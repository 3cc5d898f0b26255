import type { GraphClient } from "./client";

export const SECURITY_DEFAULTS_PATH = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";

/** Reads whether Security Defaults are on (GET; permission Policy.Read.All). */
export async function readSecurityDefaults(client: GraphClient): Promise<{ isEnabled: boolean }> {
  const policy = await client.get<{ isEnabled?: unknown }>(SECURITY_DEFAULTS_PATH, "Policy.Read.All");
  return { isEnabled: policy.isEnabled === true };
}

/** Turns Security Defaults on or off (PATCH `{"isEnabled": …}`, Graph answers 204; permission Policy.ReadWrite.SecurityDefaults). */
export async function writeSecurityDefaults(client: GraphClient, isEnabled: boolean): Promise<void> {
  await client.patch(SECURITY_DEFAULTS_PATH, { isEnabled }, "Policy.ReadWrite.SecurityDefaults");
}
