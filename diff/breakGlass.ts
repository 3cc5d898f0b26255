import { groupName, listOf, userName } from "./names";
import { added, removed } from "./sets";
import type { PolicyChange, PolicySet } from "./types";

/**
 * The tenant's break-glass (emergency access) accounts and groups, before and after. Fewer of
 * them, or none, weakens: emergency access then rests on fewer accounts.
 */
export function diffBreakGlass(base: PolicySet, head: PolicySet): PolicyChange[] {
  const names = (set: PolicySet["breakGlass"]) => [...set.users.map((u) => userName(u, [])), ...set.groups.map((g) => groupName(g, []))];
  const before = names(base.breakGlass);
  const after = names(head.breakGlass);
  const gone = removed(before, after);
  const come = added(before, after);
  if (gone.length === 0 && come.length === 0) return [];
  const parts = [
    ...(gone.length > 0 ? [`${listOf(gone)} ${gone.length === 1 ? "is" : "are"} no longer excluded as emergency access`] : []),
    ...(come.length > 0 ? [`${listOf(come)} ${come.length === 1 ? "is" : "are"} now excluded from every policy as emergency access`] : []),
  ];
  const weakens = after.length < before.length || after.length === 0;
  return [{ kind: "break-glass-accounts-changed", weakens, risk: weakens ? "high" : "medium", sentence: `break-glass accounts change: ${parts.join("; ")}` }];
}
