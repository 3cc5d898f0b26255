import * as ipaddr from "ipaddr.js";
import type { GraphNamedLocation, GraphPolicy } from "./graphShape";
import { ALL_TRUSTED_LOCATIONS } from "./vocabulary";

/**
 * What a change inside a named location does to the policies that use it: the one answer the
 * semantic diff and the drift share. A location's reach is its IP ranges (compared as address
 * space, not as text) or its countries and regions, with unknown ones; `AllTrusted` reaches every
 * location marked trusted. A policy that excludes a location loses the sign-ins the location gains;
 * a policy that includes it loses the sign-ins the location drops.
 */

/** Graph's default for a country location that names no lookup method. */
export const DEFAULT_COUNTRY_LOOKUP = "clientIpAddress";
export const UNKNOWN_COUNTRIES = "unknown countries and regions";

/** What one version of a named location reaches. */
export interface LocationReach {
  readonly ranges: readonly string[];
  /** Country and region codes, upper case. */
  readonly countries: readonly string[];
  readonly unknownCountries: boolean;
  readonly trusted: boolean;
  /** A country location's lookup method (`clientIpAddress`, `authenticatorAppGps`); undefined for an IP location. */
  readonly lookup?: string;
}

const NOWHERE: LocationReach = { ranges: [], countries: [], unknownCountries: false, trusted: false };

const isCountryLocation = (location: GraphNamedLocation) =>
  String(location["@odata.type"] ?? "").endsWith("countryNamedLocation") || (Array.isArray(location.countriesAndRegions) && !location.ipRanges);

/** The reach of a location as Graph (or the plan, in Graph's shape) has it; a missing location reaches nowhere. */
export function reachOf(location: GraphNamedLocation | undefined): LocationReach {
  if (!location) return NOWHERE;
  if (isCountryLocation(location)) {
    return {
      ranges: [],
      countries: [...new Set((location.countriesAndRegions ?? []).map((c) => String(c).toUpperCase()))],
      unknownCountries: location.includeUnknownCountriesAndRegions === true,
      trusted: false,
      lookup: location.countryLookupMethod ?? DEFAULT_COUNTRY_LOOKUP,
    };
  }
  const ranges = (location.ipRanges ?? []).flatMap((r) => (typeof r?.cidrAddress === "string" ? [r.cidrAddress.trim()] : []));
  return { ranges: [...new Set(ranges)], countries: [], unknownCountries: false, trusted: location.isTrusted === true };
}

interface Interval {
  readonly v6: boolean;
  readonly start: bigint;
  readonly end: bigint;
}

/** A CIDR range as an address interval (ipaddr.js parses; IPv4 only in four-part decimal, as Entra takes it), undefined when malformed. */
export function cidrInterval(cidr: string): Interval | undefined {
  if (!ipaddr.isValidCIDR(cidr)) return undefined;
  const [address, prefix] = ipaddr.parseCIDR(cidr);
  if (address.kind() === "ipv4" && !ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return undefined;
  const bits = address.kind() === "ipv6" ? 128 : 32;
  const value = address.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
  const size = 1n << BigInt(bits - prefix);
  const start = value & ~(size - 1n);
  return { v6: bits === 128, start, end: start + size - 1n };
}

/** The address space of CIDR ranges as the fewest intervals, IPv4 first, in address order (malformed ranges left out). */
function addressSpace(ranges: readonly string[]): Interval[] {
  const merged: Interval[] = [];
  const parsed = ranges.map(cidrInterval).filter((i): i is Interval => i !== undefined);
  parsed.sort((a, b) => (a.v6 === b.v6 ? (a.start < b.start ? -1 : a.start > b.start ? 1 : 0) : a.v6 ? 1 : -1));
  for (const i of parsed) {
    const last = merged.at(-1);
    if (last && last.v6 === i.v6 && i.start <= last.end + 1n) merged[merged.length - 1] = { ...last, end: last.end > i.end ? last.end : i.end };
    else merged.push(i);
  }
  return merged;
}

/**
 * The ranges of `ranges` that reach an address outside `within` (address space, so a split or merged
 * range is not new). Malformed ones count, unless `within` lists them as they are.
 */
function rangesBeyond(ranges: readonly string[], within: readonly string[]): string[] {
  const merged = addressSpace(within);
  return ranges.filter((range) => {
    const i = cidrInterval(range);
    if (!i) return !within.includes(range);
    return !merged.some((m) => m.v6 === i.v6 && m.start <= i.start && i.end <= m.end);
  });
}

/** How far a location's reach moved: what it reaches now that it did not (`added`), and what it no longer reaches. */
export interface ReachChange {
  /** CIDR ranges, country codes, and `unknown countries and regions`. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export function reachChange(base: LocationReach, head: LocationReach): ReachChange {
  const unknown = (from: LocationReach, to: LocationReach) => (to.unknownCountries && !from.unknownCountries ? [UNKNOWN_COUNTRIES] : []);
  return {
    added: [...rangesBeyond(head.ranges, base.ranges), ...head.countries.filter((c) => !base.countries.includes(c)).sort(), ...unknown(base, head)],
    removed: [...rangesBeyond(base.ranges, head.ranges), ...base.countries.filter((c) => !head.countries.includes(c)).sort(), ...unknown(head, base)],
  };
}

/**
 * A location's content as one string, equal for two locations exactly when Entra evaluates them alike: an IP
 * location by its address space (split, merged or reordered ranges alike) and trusted flag (which `AllTrusted`
 * and Identity Protection read), a country location by its countries in any order and case, unknown countries
 * and lookup method. Its name and object id are not content.
 */
export function reachKey(reach: LocationReach): string {
  if (reach.lookup !== undefined) return JSON.stringify(["country", reach.lookup, reach.unknownCountries, [...reach.countries].sort()]);
  const space = addressSpace(reach.ranges).map((i) => `${i.v6 ? 6 : 4}:${i.start.toString(16)}-${i.end.toString(16)}`);
  const malformed = reach.ranges.filter((r) => cidrInterval(r) === undefined).sort();
  return JSON.stringify(["ip", reach.trusted, space, malformed]);
}

export const NAMED_LOCATION_EFFECTS = ["widened", "narrowed", "trusted", "untrusted", "lookup-changed"] as const;
export type NamedLocationEffectKind = (typeof NAMED_LOCATION_EFFECTS)[number];

/** What one change inside a named location does to one policy. */
export interface NamedLocationEffect<Policy extends GraphPolicy = GraphPolicy> {
  readonly kind: NamedLocationEffectKind;
  readonly policy: Policy;
  /** How the policy uses the location: includes or excludes it. */
  readonly use: "include" | "exclude";
  /** Whether the policy names the location itself, or `AllTrusted`. */
  readonly via: "location" | "trusted";
  /** What the location reaches now and did not, or no longer reaches (the part this policy sees). */
  readonly reach: readonly string[];
  /** True when the policy applies to fewer sign-ins, or (lookup method) to other ones. */
  readonly weakens: boolean;
}

const uses = (list: readonly string[] | null | undefined, value: string) => (list ?? []).some((v) => String(v).toLowerCase() === value.toLowerCase());

/**
 * Every effect of one named location changing from `base` to `head` on `policies` (the head's: what
 * will be deployed), which name it by `id` or reach it through `AllTrusted`. Widening a location a
 * policy excludes weakens it; narrowing one it includes weakens it; marking a location trusted
 * weakens each policy that excludes `AllTrusted`; the reverse changes strengthen. A new lookup
 * method changes which sign-ins the location matches: it weakens each policy that uses it.
 */
export function namedLocationEffects<Policy extends GraphPolicy>(
  id: string,
  base: GraphNamedLocation | undefined,
  head: GraphNamedLocation | undefined,
  policies: readonly Policy[],
): NamedLocationEffect<Policy>[] {
  const before = reachOf(base);
  const after = reachOf(head);
  const direct = reachChange(before, after);
  const trusted = reachChange(before.trusted ? before : NOWHERE, after.trusted ? after : NOWHERE);
  const trustFlipped = before.trusted !== after.trusted;
  const lookupChanged = base !== undefined && head !== undefined && before.lookup !== undefined && after.lookup !== undefined && before.lookup !== after.lookup;
  const effects: NamedLocationEffect<Policy>[] = [];
  for (const policy of policies) {
    const locations = policy.conditions?.locations;
    if (!locations) continue;
    for (const via of ["location", "trusted"] as const) {
      const name = via === "location" ? id : ALL_TRUSTED_LOCATIONS;
      const change = via === "location" ? direct : trusted;
      for (const use of ["include", "exclude"] as const) {
        if (!uses(use === "include" ? locations.includeLocations : locations.excludeLocations, name)) continue;
        const effect = (kind: NamedLocationEffectKind, reach: readonly string[], weakens: boolean) => effects.push({ kind, policy, use, via, reach, weakens });
        if (change.added.length > 0) effect(via === "trusted" && trustFlipped ? "trusted" : "widened", change.added, use === "exclude");
        if (change.removed.length > 0) effect(via === "trusted" && trustFlipped ? "untrusted" : "narrowed", change.removed, use === "include");
        if (via === "location" && lookupChanged) effect("lookup-changed", after.countries, true);
      }
    }
  }
  return effects;
}
