import { GraphNamedLocation, namedLocationEffects, NamedLocationEffect, NamedLocationEffectKind, reachChange, reachOf } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { listOf } from "./names";
import { loses, nowNeed } from "./scope";
import { judgedChange, JudgedKind, judgedPolicyChange, PolicyChange, riskFor } from "./changeKinds";
import type { PolicySet } from "./report";

const KIND: Record<NamedLocationEffectKind, JudgedKind> = {
  widened: "named-location-widened",
  narrowed: "named-location-narrowed",
  trusted: "named-location-trusted",
  untrusted: "named-location-untrusted",
  "lookup-changed": "named-location-lookup-changed",
};

const LOOKUP: Readonly<Record<string, string>> = {
  clientIpAddress: "the sign-in's IP address",
  authenticatorAppGps: "the Authenticator app's GPS",
};

/** Up to 6 values, then "and N more": a range list can be long. */
function shortList(values: readonly string[]): string {
  return values.length <= 6 ? listOf(values) : `${values.slice(0, 5).join(", ")} and ${values.length - 5} more`;
}

/** How the policy uses the location, as a clause: "the policy excludes it", "the policy includes trusted locations". */
function useClause(effect: NamedLocationEffect): string {
  return `the policy ${effect.use}s ${effect.via === "trusted" ? "trusted locations" : "it"}`;
}

/** The sentence a reviewer reads: the location by name, what moved, and what it does to this policy's sign-ins. */
function sentence(
  effect: NamedLocationEffect<ConditionalAccessPolicy>,
  name: string,
  before: GraphNamedLocation | undefined,
  after: GraphNamedLocation | undefined,
): string {
  const grant = effect.policy.grantControls;
  const outcome = effect.weakens ? loses(grant) : nowNeed(grant);
  const location = `named location "${name}"`;
  const so = `${useClause(effect)}, so sign-ins from there ${outcome}`;
  switch (effect.kind) {
    case "widened":
      return `${location} now also covers ${shortList(effect.reach)}${effect.via === "trusted" ? ", and it is trusted" : ""}; ${so}`;
    case "narrowed":
      return `${location} no longer covers ${shortList(effect.reach)}; ${so}`;
    case "trusted":
      return `${location} (${shortList(effect.reach)}) is ${before ? "now marked trusted" : "new and trusted"}; ${so}`;
    case "untrusted":
      return `${location} (${shortList(effect.reach)}) is no longer trusted; ${so}`;
    case "lookup-changed":
      return (
        `${location} now finds the country by ${LOOKUP[after?.countryLookupMethod ?? ""] ?? `${after?.countryLookupMethod ?? "Graph's default"}`}: ` +
        `other sign-ins match it than before, and ${useClause(effect)}`
      );
  }
}

/**
 * Changes inside the named locations, judged by how each of the head's policies uses them: one change
 * per location and policy it affects. Locations are matched by id (the id the policies name them by).
 */
export function diffNamedLocations(base: PolicySet, head: PolicySet): PolicyChange[] {
  const before = new Map((base.namedLocations ?? []).map((l) => [l.id.toLowerCase(), l]));
  const after = new Map((head.namedLocations ?? []).map((l) => [l.id.toLowerCase(), l]));
  const changes: PolicyChange[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const h = after.get(id);
    const name = h?.displayName ?? b?.displayName ?? id;
    const effects = namedLocationEffects(id, b, h, head.policies);
    for (const effect of effects) {
      changes.push(
        judgedPolicyChange(effect.policy, KIND[effect.kind], effect.weakens, riskFor(effect.policy, effect.policy, "high"), sentence(effect, name, b, h)),
      );
    }
    if (effects.length === 0 && head.partial) changes.push(...unseenUses(name, b, h));
  }
  return changes;
}

/**
 * A location whose reach changed while the policies that use it are not in the document: it may
 * weaken any of them, so it is reported as weakening, with the way to see them.
 */
function unseenUses(name: string, before: GraphNamedLocation | undefined, after: GraphNamedLocation | undefined): PolicyChange[] {
  const { added, removed } = reachChange(reachOf(before), reachOf(after));
  const trust = reachOf(before).trusted !== reachOf(after).trusted ? [`is ${reachOf(after).trusted ? "now" : "no longer"} trusted`] : [];
  const moved = [
    ...(added.length > 0 ? [`now also covers ${shortList(added)}`] : []),
    ...(removed.length > 0 ? [`no longer covers ${shortList(removed)}`] : []),
    ...trust,
  ];
  if (moved.length === 0) return [];
  // Taken to weaken whatever moved: the policies that would say otherwise are not in the document.
  const kind = added.length > 0 || reachOf(after).trusted ? "named-location-widened" : "named-location-narrowed";
  const sentence =
    `named location "${name}" ${listOf(moved)}; the policies that use it are not in this preview, so it is taken to weaken them ` +
    `(run pulumi preview --json --show-sames to see which)`;
  return [judgedChange(kind, true, "high", sentence, { location: name })];
}
