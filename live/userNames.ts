import { isUserPrincipalName } from "../config/objectIds";
import type { ConfigIssue } from "../config/validate";
import { CONFIG_NAMESPACE } from "../config/validate";
import type { NamedUser } from "../graph/userNames";

/** The keys whose users may be named by UPN: where each list sits in the raw configuration. */
const USER_LISTS: readonly { readonly key: string; readonly path: readonly string[] }[] = [
  { key: `${CONFIG_NAMESPACE}:breakGlassUsers`, path: ["breakGlassUsers"] },
  { key: `${CONFIG_NAMESPACE}:policies.allUsersMfa.excludeUsers`, path: ["policies", "allUsersMfa", "excludeUsers"] },
];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function listAt(raw: Readonly<Record<string, unknown>>, path: readonly string[]): unknown[] | undefined {
  let value: unknown = raw;
  for (const step of path) value = isRecord(value) ? value[step] : undefined;
  return Array.isArray(value) ? value : undefined;
}

function withListAt(raw: Readonly<Record<string, unknown>>, path: readonly string[], list: unknown[]): Record<string, unknown> {
  const [step, ...rest] = path;
  const inner = raw[step];
  return { ...raw, [step]: rest.length === 0 ? list : withListAt(isRecord(inner) ? inner : {}, rest, list) };
}

/** Each UPN a raw configuration names a user by (break-glass accounts, excluded service accounts), as written, with its key. */
export function userNameEntries(raw: Readonly<Record<string, unknown>>): { key: string; name: string }[] {
  return USER_LISTS.flatMap(({ key, path }) =>
    (listAt(raw, path) ?? []).filter((v): v is string => typeof v === "string" && isUserPrincipalName(v)).map((name) => ({ key, name })),
  );
}

/** The UPNs a raw configuration names users by, as written. */
export const userNamesIn = (raw: Readonly<Record<string, unknown>>): string[] => userNameEntries(raw).map((e) => e.name);

/**
 * The configuration with each UPN replaced by the object id Graph gave for it, so the guard and
 * the deployment work on ids. Every problem is reported, each naming the key and the UPN: a UPN no
 * user has, a guest, a deleted user, and one account named twice (by UPN and by id, or by two UPNs).
 */
export function resolveUserNames(
  raw: Readonly<Record<string, unknown>>,
  looked: ReadonlyMap<string, NamedUser | undefined>,
): { raw: Record<string, unknown>; issues: ConfigIssue[] } {
  let resolved: Record<string, unknown> = { ...raw };
  const issues: ConfigIssue[] = [];
  for (const { key, path } of USER_LISTS) {
    const list = listAt(raw, path);
    if (!list) continue;
    const ids = new Map<string, string>();
    const next = list.map((value) => {
      if (typeof value !== "string" || !isUserPrincipalName(value)) return value;
      const user = looked.get(value.toLowerCase());
      if (!user) {
        issues.push({ key, message: `"${value}" names no user of this tenant (Graph has no user with this UPN); check its spelling, or give the object id` });
      } else if (user.deleted) {
        issues.push({
          key,
          message: `"${value}" is a deleted user (in the recycle bin as ${user.userPrincipalName}, object id ${user.id}); restore it or name another account`,
        });
      } else if (user.userType.toLowerCase() === "guest") {
        issues.push({
          key,
          message: `"${value}" is a guest (userType Guest, object id ${user.id}), whose sign-in its home tenant controls; name a member account of this tenant`,
        });
      } else {
        return user.id;
      }
      return value;
    });
    for (const [i, value] of next.entries()) {
      if (typeof value !== "string") continue;
      const id = value.toLowerCase();
      const earlier = ids.get(id);
      if (earlier !== undefined && earlier !== list[i]) {
        issues.push({ key, message: `"${String(list[i])}" and "${earlier}" are the same account (object id ${id}, found in the tenant); keep one` });
      }
      ids.set(id, String(list[i]));
    }
    resolved = withListAt(resolved, path, next);
  }
  return { raw: resolved, issues };
}
