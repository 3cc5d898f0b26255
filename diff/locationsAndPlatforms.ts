import { ALL_LOCATIONS, ALL_PLATFORMS, ALL_TRUSTED_LOCATIONS, DEVICE_PLATFORMS, factsOf } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { listOf } from "./names";
import { loses, nowNeed } from "./scope";
import { added, removed } from "./sets";
import { FixedKind, PolicyChange, policyChange, riskFor } from "./changeKinds";

/**
 * Where sign-ins come from, as one condition reads it: `any` when the condition is not configured or
 * includes its "all" value; else the values it includes. Exclusions apply either way.
 */
interface WhereScope {
  readonly any: boolean;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** One of the two "where from" conditions, in words. */
export interface Condition {
  /** "location", "device platform": what `any` covers. */
  readonly noun: string;
  readonly widened: FixedKind;
  readonly narrowed: FixedKind;
  readonly scopeOf: (policy: ConditionalAccessPolicy) => WhereScope;
  readonly name: (value: string) => string;
}

const scope = (configured: boolean, include: readonly string[], exclude: readonly string[], all: string): WhereScope =>
  !configured || include.includes(all) ? { any: true, include: [], exclude } : { any: false, include, exclude };

const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  android: "Android",
  ios: "iOS",
  windows: "Windows",
  windowsphone: "Windows Phone",
  macos: "macOS",
  linux: "Linux",
  all: "any device platform",
};
const PLATFORM_SPELLING = new Map<string, string>([...DEVICE_PLATFORMS, ALL_PLATFORMS].map((p) => [p.toLowerCase(), p]));
/** Platforms in Graph's spelling (`iOS`, `macOS`); the condition compares them in any case. */
const platforms = (values: readonly string[]) => values.map((v) => PLATFORM_SPELLING.get(v.toLowerCase()) ?? v);

/** A "where from" condition whose include and exclude lists the policy facts give (undefined: not configured). */
function whereFrom(
  noun: string,
  [widened, narrowed]: readonly [FixedKind, FixedKind],
  all: string,
  lists: (policy: ConditionalAccessPolicy) => readonly [readonly string[], readonly string[]] | undefined,
  name: (value: string) => string,
): Condition {
  const scopeOf = (policy: ConditionalAccessPolicy) => {
    const [include, exclude] = lists(policy) ?? [[], []];
    return scope(lists(policy) !== undefined, include, exclude, all);
  };
  return { noun, widened, narrowed, scopeOf, name };
}

/** The locations a policy includes and excludes, as the policy facts read them. */
function locationLists(policy: ConditionalAccessPolicy) {
  const locations = factsOf(policy).locations;
  return locations && ([locations.includeLocations, locations.excludeLocations] as const);
}

/** The platforms a policy includes and excludes, in Graph's spelling. */
function platformLists(policy: ConditionalAccessPolicy) {
  const configured = factsOf(policy).platforms;
  return configured && ([platforms(configured.includePlatforms), platforms(configured.excludePlatforms)] as const);
}

const locationName = (value: string) =>
  value === ALL_LOCATIONS ? "any location" : value === ALL_TRUSTED_LOCATIONS ? "trusted locations" : `named location ${value}`;

const platformName = (value: string) => PLATFORM_NAMES[value.toLowerCase()] ?? `platform ${value}`;

export const LOCATIONS = whereFrom("location", ["locations-widened", "locations-narrowed"], ALL_LOCATIONS, locationLists, locationName);
export const PLATFORMS = whereFrom("device platform", ["platforms-widened", "platforms-narrowed"], ALL_PLATFORMS, platformLists, platformName);

/** The policy's reach by where sign-ins come from, in words, for a policy added or removed: "" when it has none. */
export function wherePhrase(policy: ConditionalAccessPolicy): string {
  return [LOCATIONS, PLATFORMS]
    .map((condition) => {
      const s = condition.scopeOf(policy);
      if (s.any && s.exclude.length === 0) return "";
      const names = (values: readonly string[]) => listOf(values.map(condition.name));
      const reach = s.any ? `from any ${condition.noun}` : `only from ${s.include.length > 0 ? names(s.include) : `no ${condition.noun}`}`;
      return `, ${reach}${s.exclude.length > 0 ? ` except ${names(s.exclude)}` : ""}`;
    })
    .join("");
}

/** Named locations or device platforms: a policy applying to sign-ins from fewer places or devices weakens. */
export function diffWhere(
  base: ConditionalAccessPolicy,
  head: ConditionalAccessPolicy,
  condition: Condition,
  /** Display names by lower-case id (the named locations the plans carry), so a sentence names "Office", not its id. */
  displayNames: ReadonlyMap<string, string> = new Map(),
): PolicyChange[] {
  const before = condition.scopeOf(base);
  const after = condition.scopeOf(head);
  const name = (value: string) => {
    const known = displayNames.get(value.toLowerCase());
    return known !== undefined ? `named location "${known}"` : condition.name(value);
  };
  const names = (values: readonly string[]) => (values.length > 0 ? listOf(values.map(name)) : `no ${condition.noun}`);
  const narrowed = (risk: "high" | "medium", sentence: string) => policyChange(head, condition.narrowed, riskFor(base, head, risk), sentence);
  const widened = (risk: "high" | "medium", sentence: string) => policyChange(head, condition.widened, riskFor(base, head, risk), sentence);
  const changes: PolicyChange[] = [];
  if (before.any && !after.any) {
    changes.push(
      narrowed(
        "high",
        `now applies only to sign-ins from ${names(after.include)} (was any ${condition.noun}): sign-ins from anywhere else ${loses(base.grantControls)}`,
      ),
    );
  } else if (!before.any && after.any) {
    changes.push(
      widened("high", `now applies to sign-ins from any ${condition.noun} (was only ${names(before.include)}): they ${nowNeed(head.grantControls)}`),
    );
  } else if (!before.any && !after.any) {
    const fewer = removed(before.include, after.include);
    const more = added(before.include, after.include);
    if (fewer.length > 0) changes.push(narrowed("medium", `no longer applies to sign-ins from ${names(fewer)}: they ${loses(base.grantControls)}`));
    if (more.length > 0) changes.push(widened("medium", `now also applies to sign-ins from ${names(more)}: they ${nowNeed(head.grantControls)}`));
  }
  const excluded = added(before.exclude, after.exclude);
  const reincluded = removed(before.exclude, after.exclude);
  if (excluded.length > 0) changes.push(narrowed("medium", `sign-ins from ${names(excluded)} are now excluded: they ${loses(base.grantControls)}`));
  if (reincluded.length > 0) {
    changes.push(widened("medium", `sign-ins from ${names(reincluded)} are no longer excluded: they ${nowNeed(head.grantControls)}`));
  }
  return changes;
}
