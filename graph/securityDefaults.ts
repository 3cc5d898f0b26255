import { checkAnswer } from "./answers";
import type { GraphClient } from "./client";
import { GRAPH_ENDPOINTS, pathOf } from "./endpointTable";

/**
 * Reads whether Security Defaults are on (GET; permission Policy.Read.All). An answer without a
 * boolean `isEnabled` is an error: never read as "off", which would report drift Graph never stated.
 */
export async function readSecurityDefaults(client: GraphClient): Promise<{ isEnabled: boolean }> {
  const read = GRAPH_ENDPOINTS.securityDefaults;
  const answer = await client.get<unknown>(pathOf(read), read.permission);
  const policy = checkAnswer<{ isEnabled: boolean }>(answer, read.answer, `GET ${client.endpoint}${pathOf(read)}`);
  return { isEnabled: policy.isEnabled };
}

/** Turns Security Defaults on or off (PATCH `{"isEnabled": …}`, Graph answers 204; permission Policy.ReadWrite.SecurityDefaults). */
export async function writeSecurityDefaults(client: GraphClient, isEnabled: boolean): Promise<void> {
  const write = GRAPH_ENDPOINTS.writeSecurityDefaults;
  await client.patch(pathOf(write), { isEnabled }, write.permission);
}
