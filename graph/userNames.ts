import { answerChecker } from "./answers";
import { BatchOptions, sendBatches } from "./batch";
import type { GraphClient } from "./client";
import { GRAPH_ENDPOINTS, pathOf } from "./endpointTable";
import { GraphRequestError } from "./errors";

/** What Graph says about a user named by UPN: its object id, member or guest, and whether it sits in the recycle bin. */
export interface NamedUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly userType: "Member" | "Guest" | string;
  readonly deleted: boolean;
}

const { userByName: BY_NAME, deletedUsers: DELETED } = GRAPH_ENDPOINTS;
const SELECT = "$select=id,userPrincipalName,userType";
/** Deleted users (30 days in the recycle bin): Graph prefixes their UPN with their id, so they are matched by the UPN's end. */
const DELETED_USERS_PATH = pathOf(DELETED, { query: `${SELECT}&$top=999` });

/**
 * Looks users up by UPN through `$batch` (20 a request; the client's limiter bounds what is in
 * flight): `GET /users/{upn}` for each, then, only for those Graph does not find, one read of the
 * deleted users. The answer maps each UPN, lower-cased, to the user, or to undefined when no user
 * has it. Any other failure (403, throttling past the retries) is an error naming the UPN.
 */
export async function lookUpUserNames(client: GraphClient, names: readonly string[], options?: BatchOptions): Promise<Map<string, NamedUser | undefined>> {
  const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  const found = new Map<string, NamedUser | undefined>();
  if (unique.length === 0) return found;
  const requests = unique.map((name, i) => ({ id: String(i + 1), method: BY_NAME.method, url: pathOf(BY_NAME, { id: name, query: SELECT, relative: true }) }));
  const answers = await sendBatches(client, BY_NAME.version, requests, BY_NAME.permission, options);
  const check = answerChecker(BY_NAME.answer);
  const missing: string[] = [];
  unique.forEach((name, i) => {
    const answer = answers.get(String(i + 1));
    if (answer?.status === 404) {
      missing.push(name);
      return;
    }
    if (!answer || answer.status !== 200) {
      const status = answer?.status ?? 0;
      const why =
        status === 403
          ? `the app lacks the Graph application permission ${BY_NAME.permission} (403); grant it and give admin consent`
          : `Graph answered ${status || "nothing"}${typeof answer?.body?.error?.message === "string" ? `: ${answer.body.error.message}` : ""}`;
      throw new GraphRequestError(`looking up the user ${name}: ${why}`, status);
    }
    const user = check<{ id: string; userPrincipalName: string; userType?: string | null }>(
      answer.body,
      `GET ${pathOf(BY_NAME).replace("{id}", name)} (in $batch)`,
    );
    found.set(name.toLowerCase(), {
      id: user.id.toLowerCase(),
      userPrincipalName: user.userPrincipalName,
      userType: user.userType ?? "Member",
      deleted: false,
    });
  });
  if (missing.length > 0) {
    const deleted = await client.getAll<{ id: string; userPrincipalName: string; userType?: string | null }>(
      DELETED_USERS_PATH,
      DELETED.permission,
      DELETED.answer,
    );
    for (const name of missing) {
      const match = deleted.find((u) => u.userPrincipalName.toLowerCase().endsWith(name.toLowerCase()));
      found.set(
        name.toLowerCase(),
        match ? { id: match.id.toLowerCase(), userPrincipalName: match.userPrincipalName, userType: match.userType ?? "Member", deleted: true } : undefined,
      );
    }
  }
  return found;
}
