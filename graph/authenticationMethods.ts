import { checkAnswer } from "./answers";
import { AUTHENTICATION_METHODS_ANSWER } from "./answerSchemas";
import type { GraphClient } from "./client";

export const AUTHENTICATION_METHODS_POLICY = "/beta/policies/authenticationMethodsPolicy";
/** Least-privileged application permissions (Graph docs: Get / Update authenticationMethodsPolicy). */
export const READ_AUTHENTICATION_METHODS = "Policy.Read.AuthenticationMethod";
export const WRITE_AUTHENTICATION_METHODS = "Policy.ReadWrite.AuthenticationMethod";

/** The policy as Graph returns it, every method configuration expanded (GET). */
export async function getAuthenticationMethodsPolicy(client: GraphClient): Promise<unknown> {
  const answer = await client.get<unknown>(AUTHENTICATION_METHODS_POLICY, READ_AUTHENTICATION_METHODS);
  return checkAnswer(answer, AUTHENTICATION_METHODS_ANSWER, `GET ${client.endpoint}${AUTHENTICATION_METHODS_POLICY}`);
}

/** PATCHes the policy (when the body says anything), then each method configuration by its Graph id; Graph answers 204 to each. */
export async function patchAuthenticationMethods(
  client: GraphClient,
  policy: Record<string, unknown>,
  methods: readonly { readonly id: string; readonly body: Record<string, unknown> }[],
): Promise<void> {
  if (Object.keys(policy).length > 0) await client.patch(AUTHENTICATION_METHODS_POLICY, policy, WRITE_AUTHENTICATION_METHODS);
  for (const m of methods)
    await client.patch(`${AUTHENTICATION_METHODS_POLICY}/authenticationMethodConfigurations/${m.id}`, m.body, WRITE_AUTHENTICATION_METHODS);
}
