import { checkAnswer } from "./answers";
import { SECURITY_DEFAULTS_ANSWER } from "./answerSchemas";
import type { GraphClient } from "./client";

export const SECURITY_DEFAULTS_PATH = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";

/**
 * Reads whether Security Defaults are on (GET; permission Policy.Read.All). An answer without a
 * boolean `isEnabled` is an error: never read as "off", which would report drift Graph never stated.
 */
export async function readSecurityDefaults(client: GraphClient): Promise<{ isEnabled: boolean }> {
  const answer = await client.get<unknown>(SECURITY_DEFAULTS_PATH, "Policy.Read.All");
  const policy = checkAnswer<{ isEnabled: boolean }>(answer, SECURITY_DEFAULTS_ANSWER, `GET ${client.endpoint}${SECURITY_DEFAULTS_PATH}`);
  return { isEnabled: policy.isEnabled };
}

/** Turns Security Defaults on or off (PATCH `{"isEnabled": …}`, Graph answers 204; permission Policy.ReadWrite.SecurityDefaults). */
export async function writeSecurityDefaults(client: GraphClient, isEnabled: boolean): Promise<void> {
  await client.patch(SECURITY_DEFAULTS_PATH, { isEnabled }, "Policy.ReadWrite.SecurityDefaults");
}
