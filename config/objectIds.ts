/** A GUID in any letter case: Entra object ids, role template ids, application ids. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An id as this project compares it. Entra ignores the case of GUIDs, so they are lower-cased
 * once, at each edge (config, Graph's answers, plan and preview files), and compared exactly
 * everywhere after; anything else (`All`, `GuestsOrExternalUsers`, …) is kept as it is.
 */
export const canonicalId = (value: string): string => (GUID.test(value) ? value.toLowerCase() : value);

/** A copy of a JSON-like value with every GUID string lower-cased, at any depth (object keys are kept). */
export function canonicalIds<T>(value: T): T {
  if (typeof value === "string") return canonicalId(value) as T;
  if (Array.isArray(value)) return value.map(canonicalIds) as T;
  if (value === null || typeof value !== "object") return value;
  // fromEntries defines own properties: a `__proto__` key stays a key, never a prototype.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonicalIds(v)])) as T;
}

/** A user principal name (`admin@contoso.com`; a guest's `alice_fabrikam.com#EXT#@contoso.onmicrosoft.com`): a user named as admins know it. */
export const USER_PRINCIPAL_NAME = /^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Whether a user is named by UPN rather than by object id. */
export const isUserPrincipalName = (value: string): boolean => !GUID.test(value) && USER_PRINCIPAL_NAME.test(value);

/** Whether two user references name the same account as written: ids and UPNs are compared without regard to case, as Entra does. */
export const sameUser = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
