import { checkAnswer } from "./answers";
import type { GraphClient } from "./client";
import { GRAPH_ENDPOINTS, pathOf } from "./endpointTable";
import { GraphRequestError } from "./errors";

// One Conditional Access policy by id, for the Graph-backed policy resource (the policies the azuread provider
// cannot express). Every call goes through the shared client: its headers, limiter, retries (reads on transient
// failures; writes only when Graph throttled them, retryStrategy.ts) and timeout. Plain functions: they are
// inlined into the serialized dynamic provider.

const { conditionalAccessPolicy: READ, createGraphBackedPolicy: CREATE, updateGraphBackedPolicy: UPDATE, deleteGraphBackedPolicy: DELETE } = GRAPH_ENDPOINTS;

/** A policy as Graph answers it (full GET shape, annotations included), its id checked. */
export type GraphPolicyAnswer = Record<string, unknown> & { readonly id: string };

/** GET one policy; undefined when Graph answers 404 (deleted in the portal, or never there). */
export async function getConditionalAccessPolicy(client: GraphClient, id: string): Promise<GraphPolicyAnswer | undefined> {
  try {
    const answer = await client.get<unknown>(pathOf(READ, { id }), READ.permission);
    return checkAnswer<GraphPolicyAnswer>(answer, READ.answer, `GET ${client.endpoint}${pathOf(READ, { id })}`);
  } catch (err) {
    if (err instanceof GraphRequestError && err.status === 404) return undefined;
    throw err;
  }
}

/** POST a new policy (Graph answers 201 with it); its id. Sent once unless Graph throttles it: a lost answer is never re-sent. */
export async function createConditionalAccessPolicy(client: GraphClient, body: unknown): Promise<string> {
  const answer = await client.post<unknown>(pathOf(CREATE), body, CREATE.permission);
  return checkAnswer<GraphPolicyAnswer>(answer, CREATE.answer, `POST ${client.endpoint}${pathOf(CREATE)}`).id;
}

/** PATCH a policy with its whole writable body (Graph answers 204). */
export async function updateConditionalAccessPolicy(client: GraphClient, id: string, body: unknown): Promise<void> {
  await client.patch(pathOf(UPDATE, { id }), body, UPDATE.permission);
}

/** DELETE a policy (Graph answers 204); one already gone (404) is what was asked. */
export async function deleteConditionalAccessPolicy(client: GraphClient, id: string): Promise<void> {
  try {
    await client.delete(pathOf(DELETE, { id }), DELETE.permission);
  } catch (err) {
    if (!(err instanceof GraphRequestError && err.status === 404)) throw err;
  }
}
