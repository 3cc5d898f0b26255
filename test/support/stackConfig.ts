import { BREAK_GLASS_USER } from "../fixtures/ids";

/**
 * A p1 stack at cut-over (Conditional Access enforced, one break-glass user) as Pulumi's config bag: `keys` adds or
 * replaces keys, named without the `entra-baseline:` prefix; a value that is not a string is written as JSON, as
 * `pulumi config set --path` would hold it.
 */
export function cutOverConfig(keys: Record<string, unknown> = {}): Record<string, string> {
  const all: Record<string, unknown> = { plan: "p1", protection: "conditionalAccess", policyState: "enabled", breakGlassUsers: [BREAK_GLASS_USER], ...keys };
  return Object.fromEntries(Object.entries(all).map(([key, value]) => [`entra-baseline:${key}`, typeof value === "string" ? value : JSON.stringify(value)]));
}
