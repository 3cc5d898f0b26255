import type { GraphPolicy, UserExclusion } from "../policies/facts";
import { capabilityOf, contextOf, whoOf } from "./compile";
import { EvaluatorOptions, evaluationSet } from "./evaluate";
import type { BreakGlass } from "./lockout";
import type { SignIn } from "./signIn";

/** A policy that would apply to a sign-in but for an exclusion of its user. */
export interface Exclusion {
  /** The policy's display name. */
  readonly policy: string;
  /** The exclusions of its users condition that name the user (their id, a group or role of theirs, their guest type). */
  readonly by: readonly UserExclusion[];
  /** Whether it excludes the user as a break-glass account of the stack (by the user's id or a break-glass group of theirs). */
  readonly breakGlass: boolean;
}

/**
 * How the what-if says who excluded someone, for a coverage persona and a single sign-in alike:
 * `excluded in the stack by "A", "B" (conditions.users.excludeUsers, break-glass)`.
 */
export function excludedByText(policies: readonly string[], by: readonly UserExclusion[], breakGlass = false): string {
  const why = [...by.map((field) => `conditions.users.${field}`), ...(breakGlass ? ["break-glass"] : [])];
  return `excluded in the stack by ${policies.map((p) => `"${p}"`).join(", ")} (${why.join(", ")})`;
}

/**
 * The policies that would apply to the sign-in (every condition holds, one way or another, and the include side of
 * its users condition) but exclude its user, and by which exclusion: what explains a policy missing from `applied`.
 * Disabled policies, and those left out for a named location not supplied, are never listed.
 */
export function exclusionsOf(
  policies: readonly GraphPolicy[],
  signIn: SignIn,
  options: EvaluatorOptions & { readonly breakGlass?: BreakGlass } = {},
): Exclusion[] {
  const { compiled, locate } = evaluationSet(policies, options);
  const who = whoOf(signIn);
  const can = capabilityOf(signIn);
  const contexts = locate(signIn).profiles.map((profile) => contextOf(signIn, profile));
  const breakGlassUsers = new Set((options.breakGlass?.users ?? []).map((id) => id.toLowerCase()));
  const breakGlassGroups = new Set((options.breakGlass?.groups ?? []).map((id) => id.toLowerCase()));
  const exclusions: Exclusion[] = [];
  for (const p of compiled) {
    if (p.leftOut || !p.includesUser(who) || !contexts.some((context) => p.appliesToContext(context))) continue;
    if (p.appliesToDevice !== undefined && !p.appliesToDevice(can.device)) continue;
    const by = p.excludesUserBy(who);
    if (by.length === 0) continue;
    const breakGlass =
      (by.includes("excludeUsers") && breakGlassUsers.has(who.userId) && p.users.excludeUsers.includes(who.userId)) ||
      (by.includes("excludeGroups") && who.groupIds.some((g) => breakGlassGroups.has(g) && p.users.excludeGroups.includes(g)));
    exclusions.push({ policy: p.name, by, breakGlass });
  }
  return exclusions;
}

/** The exclusions in words, one line per kind of exclusion (policies excluded alike share a line). */
export function exclusionLines(exclusions: readonly Exclusion[]): string[] {
  const byKind = new Map<string, Exclusion[]>();
  for (const e of exclusions) {
    const kind = `${e.by.join(",")}|${e.breakGlass}`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), e]);
  }
  return [...byKind.values()].map((alike) =>
    excludedByText(
      alike.map((e) => e.policy),
      alike[0].by,
      alike[0].breakGlass,
    ),
  );
}
