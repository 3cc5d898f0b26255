// Graph answers with every property present: nulls, empty lists, `none`, switched-off controls. This tells
// them apart from values that set something, for the config checks and the live checks alike.

/**
 * Whether a value sets anything: not null, empty, false, `none` (a flags enum's nothing), or an object of such
 * values (Graph answers with every key present), nor a session control switched off (`isEnabled: false`).
 */
export function setsAnything(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === false) return false;
  // Graph's flags enums (guest types, transfer methods, insider risk) say "none" for nothing. "unknownFutureValue"
  // is a real setting this release cannot name (Graph sends it for newer members), so it counts.
  if (typeof value === "string") return value.split(",").some((v) => !["", "none"].includes(v.trim().toLowerCase()));
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") {
    if ((value as { isEnabled?: unknown }).isEnabled === false) return false;
    return Object.entries(value).some(([key, v]) => !key.includes("@odata") && setsAnything(v));
  }
  return true;
}
