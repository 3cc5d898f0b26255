import { checkAnswer } from "./answers";
import type { GraphClient } from "./client";
import { GRAPH_ENDPOINTS, pathOf } from "./endpointTable";

/** The policy as Graph returns it, every method configuration expanded (GET). */
export async function getAuthenticationMethodsPolicy(client: GraphClient): Promise<unknown> {
  const read = GRAPH_ENDPOINTS.authenticationMethodsPolicy;
  const answer = await client.get<unknown>(pathOf(read), read.permission);
  return checkAnswer(answer, read.answer, `GET ${client.endpoint}${pathOf(read)}`);
}

/** PATCHes the policy (when the body says anything), then each method configuration by its Graph id; Graph answers 204 to each. */
export async function patchAuthenticationMethods(
  client: GraphClient,
  policy: Record<string, unknown>,
  methods: readonly { readonly id: string; readonly body: Record<string, unknown> }[],
): Promise<void> {
  const write = GRAPH_ENDPOINTS.writeAuthenticationMethodsPolicy;
  const writeMethod = GRAPH_ENDPOINTS.writeAuthenticationMethodConfiguration;
  if (Object.keys(policy).length > 0) await client.patch(pathOf(write), policy, write.permission);
  for (const m of methods) await client.patch(pathOf(writeMethod, { id: m.id }), m.body, writeMethod.permission);
}
