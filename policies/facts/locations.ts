import type { GraphNamedLocation } from "./graphShape";

/**
 * Named locations ("Conditional Access: Network assignment"): IP ranges (IPv4 and IPv6 CIDR,
 * possibly marked trusted) and countries or regions (optionally with unknown countries and
 * regions). A sign-in carries its IP address and/or country; a country location matches by the
 * country given, whichever lookup method it names.
 */

/** Where a sign-in comes from, as the location condition sees it. */
export interface LocationProfile {
  /** Distinguishes profiles for caching. */
  readonly key: string;
  /** Ids (lower case) of the named locations that contain the sign-in. */
  readonly ids: ReadonlySet<string>;
  /** Whether one of them is marked trusted. */
  readonly trusted: boolean;
}

interface Range {
  readonly v6: boolean;
  readonly network: bigint;
  readonly mask: bigint;
}

/** An IPv4 or IPv6 address as a number, undefined when malformed. */
export function parseIp(address: string): { v6: boolean; value: bigint } | undefined {
  const a = address.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(a)) {
    const parts = a.split(".").map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v6: false, value: parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n) };
  }
  if (!a.includes(":") || !/^[0-9a-fA-F:.]+$/.test(a)) return undefined;
  const halves = a.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const last = tail.length > 0 ? tail : head;
  if (last.length > 0 && last[last.length - 1].includes(".")) {
    const v4 = parseIp(last.pop()!);
    if (!v4 || v4.v6) return undefined;
    last.push(((v4.value >> 16n) & 0xffffn).toString(16), (v4.value & 0xffffn).toString(16));
  }
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { v6: true, value: all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

/** A CIDR range ("10.0.0.0/8", "2001:db8::/32"), undefined when malformed. */
export function parseCidr(cidr: string): Range | undefined {
  const [address, prefixText, extra] = cidr.trim().split("/");
  if (extra !== undefined) return undefined;
  const ip = parseIp(address);
  if (!ip) return undefined;
  const bits = ip.v6 ? 128 : 32;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { v6: ip.v6, network: ip.value & mask, mask };
}

interface CompiledLocation {
  readonly id: string;
  readonly trusted: boolean;
  readonly contains: (ip: { v6: boolean; value: bigint } | undefined, country: string | undefined) => boolean;
}

function compileLocation(location: GraphNamedLocation): CompiledLocation {
  const id = location.id.toLowerCase();
  const countries = location.countriesAndRegions;
  const isCountry = (location["@odata.type"] ?? "").toLowerCase().includes("country") || (countries !== undefined && countries !== null && !location.ipRanges);
  if (isCountry) {
    const set = new Set((countries ?? []).map((c) => c.toUpperCase()));
    const unknown = location.includeUnknownCountriesAndRegions === true;
    return { id, trusted: false, contains: (_ip, country) => (country === undefined ? unknown : set.has(country)) };
  }
  const ranges = (location.ipRanges ?? []).flatMap((r) => {
    const range = r.cidrAddress ? parseCidr(r.cidrAddress) : undefined;
    return range ? [range] : [];
  });
  return { id, trusted: location.isTrusted === true, contains: (ip) => !!ip && ranges.some((r) => r.v6 === ip.v6 && (ip.value & r.mask) === r.network) };
}

/** Named locations compiled once; the returned function gives a sign-in's location profile (cached per IP and country, one object per profile). */
export function locationResolver(named: readonly GraphNamedLocation[]): (ipAddress?: string, countryCode?: string) => LocationProfile {
  const locations = named.map(compileLocation);
  const cache = new Map<string | undefined, Map<string | undefined, LocationProfile>>();
  const interned = new Map<string, LocationProfile>();
  const nowhere: LocationProfile = { key: "", ids: new Set(), trusted: false };
  return (ipAddress, countryCode) => {
    if (locations.length === 0) return nowhere;
    let byCountry = cache.get(ipAddress);
    if (!byCountry) {
      if (cache.size > 50_000) cache.clear();
      byCountry = new Map();
      cache.set(ipAddress, byCountry);
    }
    let profile = byCountry.get(countryCode);
    if (!profile) {
      const country = countryCode ? countryCode.toUpperCase() : undefined;
      const ip = ipAddress ? parseIp(ipAddress) : undefined;
      const hits = locations.filter((l) => l.contains(ip, country));
      const key = hits.map((l) => l.id).join(",");
      // One object per set of locations, so callers may cache by identity.
      profile = interned.get(key);
      if (!profile) {
        profile = { key, ids: new Set(hits.map((l) => l.id)), trusted: hits.some((l) => l.trusted) };
        interned.set(key, profile);
      }
      byCountry.set(countryCode, profile);
    }
    return profile;
  };
}
