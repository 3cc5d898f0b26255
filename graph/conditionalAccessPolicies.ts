import { checkAnswer } from "./answers";
import { CONDITIONAL_ACCESS_POLICY_ANSWER } from "./answerSchemas";
import type { GraphClient } from "./client";
import { GraphRequestError } from "./errors";

// One Conditional Access policy by id, for the Graph-backed policy resource (the policies the azuread provider
// cannot express). Every call goes through the shared client: its headers, limiter, retries (reads on transient
// failures; writes only when Graph throttled them, retryStrategy.ts) and timeout. Plain functions: they are
// inlined into the serialized dynamic provider.

export const CA_POLICIES_PATH = "/v1.0/identity/conditionalAccess/policies";
const READ = "Policy.Read.All";
const WRITE = "Policy.ReadWrite.ConditionalAccess";

const policyPath = (id: string) => `${CA_POLICIES_PATH}/${encodeURIComponent(id)}`;

/** A policy as Graph answers it (full GET shape, annotations included), its id checked. */
export type GraphPolicyAnswer = Record<string, unknown> & { readonly id: string };

/** GET one policy; undefined when Graph answers 404 (deleted in the portal, or never there). */
export async function getConditionalAccessPolicy(client: GraphClient, id: string): Promise<GraphPolicyAnswer | undefined> {
  try {
    const answer = await client.get<unknown>(policyPath(id), READ);
    return checkAnswer<GraphPolicyAnswer>(answer, CONDITIONAL_ACCESS_POLICY_ANSWER, `GET ${client.endpoint}${policyPath(id)}`);
  } catch (err) {
    if (err instanceof GraphRequestError && err.status === 404) return undefined;
    throw err;
  }
}

/** POST a new policy (Graph answers 201 with it); its id. Sent once unless Graph throttles it: a lost answer is never re-sent. */
export async function createConditionalAccessPolicy(client: GraphClient, body: unknown): Promise<string> {
  const answer = await client.post<unknown>(CA_POLICIES_PATH, body, WRITE);
  return checkAnswer<GraphPolicyAnswer>(answer, CONDITIONAL_ACCESS_POLICY_ANSWER, `POST ${client.endpoint}${CA_POLICIES_PATH}`).id;
}

/** PATCH a policy with its whole writable body (Graph answers 204). */
export async function updateConditionalAccessPolicy(client: GraphClient, id: string, body: unknown): Promise<void> {
  await client.patch(policyPath(id), body, WRITE);
}

/** DELETE a policy (Graph answers 204); one already gone (404) is what was asked. */
export async function deleteConditionalAccessPolicy(client: GraphClient, id: string): Promise<void> {
  try {
    await client.delete(policyPath(id), WRITE);
  } catch (err) {
    if (!(err instanceof GraphRequestError && err.status === 404)) throw err;
  }
}
