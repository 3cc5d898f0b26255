import { answerChecker } from "./answers";
import { BatchOptions, sendBatches } from "./batch";
import type { GraphClient } from "./client";
import { GraphRequestError } from "./errors";

/** What Graph says about a user named by UPN: its object id, member or guest, and whether it sits in the recycle bin. */
export interface NamedUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly userType: "Member" | "Guest" | string;
  readonly deleted: boolean;
}

export const USER_NAMES_PERMISSION = "User.Read.All";
const SELECT = "$select=id,userPrincipalName,userType";
/** Deleted users (30 days in the recycle bin): Graph prefixes their UPN with their id, so they are matched by the UPN's end. */
export const DELETED_USERS_PATH = `/v1.0/directory/deletedItems/microsoft.graph.user?${SELECT}&$top=999`;

const NAMED_USER_ANSWER = {
  type: "object",
  required: ["id", "userPrincipalName"],
  properties: {
    id: { type: "string", pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" },
    userPrincipalName: { type: "string" },
    userType: { type: ["string", "null"] },
  },
};

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
  const requests = unique.map((name, i) => ({ id: String(i + 1), method: "GET" as const, url: `/users/${encodeURIComponent(name)}?${SELECT}` }));
  const answers = await sendBatches(client, "v1.0", requests, USER_NAMES_PERMISSION, options);
  const check = answerChecker(NAMED_USER_ANSWER);
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
          ? `the app lacks the Graph application permission ${USER_NAMES_PERMISSION} (403); grant it and give admin consent`
          : `Graph answered ${status || "nothing"}${typeof answer?.body?.error?.message === "string" ? `: ${answer.body.error.message}` : ""}`;
      throw new GraphRequestError(`looking up the user ${name}: ${why}`, status);
    }
    const user = check<{ id: string; userPrincipalName: string; userType?: string | null }>(answer.body, `GET /v1.0/users/${name} (in $batch)`);
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
      USER_NAMES_PERMISSION,
      NAMED_USER_ANSWER,
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
