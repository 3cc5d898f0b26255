import type { GraphClient } from "./client";
import { BatchOptions, sendBatches } from "./batch";
import { answerChecker } from "./answers";
import { GRAPH_ENDPOINTS, pathOf } from "./endpointTable";
import { GraphRequestError } from "./errors";

/** Legacy per-user MFA state (Graph beta `strongAuthenticationRequirements.perUserMfaState`). */
export type PerUserMfaState = "disabled" | "enabled" | "enforced";

export interface UserMfaState {
  readonly id: string;
  readonly userPrincipalName?: string;
  readonly state: PerUserMfaState;
}

const { perUserMfa: READ, writePerUserMfa: WRITE } = GRAPH_ENDPOINTS;
const requirementsUrl = (id: string) => pathOf(READ, { id, relative: true });

/** Every user of the tenant, ids (GUIDs, lower-cased: Entra ignores their case) and names only (`User.Read.All`). */
export async function listUsers(client: GraphClient): Promise<{ id: string; userPrincipalName?: string }[]> {
  const list = GRAPH_ENDPOINTS.users;
  const users = await client.getAll<{ id: string; userPrincipalName?: string | null }>(
    pathOf(list, { query: "$select=id,userPrincipalName&$top=999" }),
    list.permission,
    list.answer,
  );
  return users.map((u) => ({ id: u.id.toLowerCase(), ...(typeof u.userPrincipalName === "string" ? { userPrincipalName: u.userPrincipalName } : {}) }));
}

function failure(id: string, status: number, body: any, what: string, permission: string): GraphRequestError {
  if (status === 0) return new GraphRequestError(`${what} of user ${id}: Graph's $batch answer had no response for this user; try again`, 0);
  const message = typeof body?.error?.message === "string" ? body.error.message : `status ${status}`;
  if (status === 403)
    return new GraphRequestError(
      `${what} of user ${id}: the app lacks the Graph application permission ${permission} (403); grant it and give admin consent`,
      403,
    );
  return new GraphRequestError(
    `${what} of user ${id}: Graph answered ${status}: ${message}`,
    status,
    typeof body?.error?.code === "string" ? body.error.code : undefined,
  );
}

/** The per-user MFA state of each user, read through `$batch` (20 users a request). */
export async function readPerUserMfa(
  client: GraphClient,
  users: readonly { id: string; userPrincipalName?: string }[],
  options?: BatchOptions,
): Promise<UserMfaState[]> {
  const answers = await sendBatches(
    client,
    READ.version,
    users.map((u) => ({ id: u.id, method: READ.method, url: requirementsUrl(u.id) })),
    READ.permission,
    options,
  );
  const checkState = answerChecker(READ.answer);
  return users.map((u) => {
    const answer = answers.get(u.id);
    if (!answer || answer.status !== 200) throw failure(u.id, answer?.status ?? 0, answer?.body, "reading per-user MFA", READ.permission);
    const { perUserMfaState } = checkState<{ perUserMfaState: PerUserMfaState }>(
      answer.body,
      `GET ${client.endpoint}${pathOf(READ, { id: u.id })} (in $batch)`,
    );
    return { id: u.id, userPrincipalName: u.userPrincipalName, state: perUserMfaState };
  });
}

export interface PerUserMfaChange {
  readonly id: string;
  readonly from: PerUserMfaState;
  readonly to: PerUserMfaState;
}

/**
 * Sets users' per-user MFA state through `$batch`. Returns the changes made; throws after
 * trying every user when any failed, naming how many were changed, so a re-run resumes.
 */
export async function writePerUserMfa(client: GraphClient, changes: readonly PerUserMfaChange[], options?: BatchOptions): Promise<PerUserMfaChange[]> {
  const answers = await sendBatches(
    client,
    WRITE.version,
    changes.map((c) => ({ id: c.id, method: WRITE.method, url: pathOf(WRITE, { id: c.id, relative: true }), body: { perUserMfaState: c.to } })),
    WRITE.permission,
    options,
  );
  const done = changes.filter((c) => answers.get(c.id)?.status === 204 || answers.get(c.id)?.status === 200);
  const failed = changes.filter((c) => !done.includes(c));
  if (failed.length > 0) {
    const first = answers.get(failed[0].id);
    const cause = failure(failed[0].id, first?.status ?? 0, first?.body, "setting per-user MFA", WRITE.permission);
    throw new GraphRequestError(
      `${done.length} of ${changes.length} users changed, ${failed.length} failed (first: ${cause.message}); ` +
        `run pulumi up again to resume: users already changed are skipped`,
      cause.status,
    );
  }
  return done;
}
