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
  readonly displayName: string;
  readonly trusted: boolean;
  /** A country location that looks up the country by the Authenticator app's GPS (`countryLookupMethod: authenticatorAppGps`). */
  readonly gps: boolean;
  readonly contains: (ip: { v6: boolean; value: bigint } | undefined, country: string | undefined) => boolean;
}

function compileLocation(location: GraphNamedLocation): CompiledLocation {
  const id = location.id.toLowerCase();
  const displayName = location.displayName ?? location.id;
  const countries = location.countriesAndRegions;
  const isCountry = (location["@odata.type"] ?? "").toLowerCase().includes("country") || (countries !== undefined && countries !== null && !location.ipRanges);
  if (isCountry) {
    const set = new Set((countries ?? []).map((c) => c.toUpperCase()));
    const unknown = location.includeUnknownCountriesAndRegions === true;
    const gps = (location.countryLookupMethod ?? "").toLowerCase() === "authenticatorappgps";
    return { id, displayName, trusted: false, gps, contains: (_ip, country) => (country === undefined ? unknown : set.has(country)) };
  }
  const ranges = (location.ipRanges ?? []).flatMap((r) => {
    const range = r.cidrAddress ? parseCidr(r.cidrAddress) : undefined;
    return range ? [range] : [];
  });
  return {
    id,
    displayName,
    trusted: location.isTrusted === true,
    gps: false,
    contains: (ip) => !!ip && ranges.some((r) => r.v6 === ip.v6 && (ip.value & r.mask) === r.network),
  };
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

/** The location id Graph gives the legacy MFA service's trusted IPs ("MFA Trusted IPs" in the location condition). */
export const MFA_TRUSTED_IPS_LOCATION = "00000000-0000-0000-0000-000000000000";

/**
 * The legacy MFA service's trusted IPs, which Graph cannot read: the stack declares them (`mfaTrustedIps`).
 * "Skip multifactor authentication for requests from federated users on my intranet" makes a request carrying AD
 * FS's insidecorporatenetwork claim count as coming from them.
 */
export interface MfaTrustedIps {
  /** IPv4 CIDR ranges. */
  readonly ipRanges: readonly string[];
  /** @default false */
  readonly federatedUsersOnIntranet?: boolean;
}

/** Where a sign-in may be: one profile, or, when the evaluation cannot tell, one per way with its assumption in words. */
export interface LocationWays {
  readonly profiles: readonly LocationProfile[];
  /** Parallel to `profiles`: "" for the only way, else the assumption ("inside the MFA trusted IPs"). */
  readonly assumptions: readonly string[];
  /** Named location ids (lower case) whose membership is assumed, MFA trusted IPs included. */
  readonly unknown: ReadonlySet<string>;
}

/** Facts of a sign-in the location condition reads. */
export interface SignInWhere {
  readonly ipAddress?: string;
  readonly countryCode?: string;
  readonly gpsCountryCode?: string;
  readonly insideCorporateNetwork?: boolean;
}

/** More unknowns than this are evaluated all inside and all outside only (2^k ways otherwise). */
const MAX_UNKNOWNS = 4;

/**
 * Named locations and the MFA trusted IPs compiled once; the returned function gives a sign-in's location ways.
 * Membership the evaluation cannot tell is assumed both ways: the MFA trusted IPs when the stack does not declare
 * them ("All trusted networks and locations" includes them "if configured"), and a GPS country location when the
 * sign-in shares no GPS country.
 */
export function locationWaysResolver(
  named: readonly GraphNamedLocation[],
  mfaTrustedIps?: MfaTrustedIps,
  referenced?: ReadonlySet<string>,
): (where: SignInWhere) => LocationWays {
  // Only what a policy names can change an answer: assume nothing about the rest (`referenced` undefined: everything).
  const named_ = (id: string) => referenced === undefined || referenced.has(id);
  const mfaMatters = named_(MFA_TRUSTED_IPS_LOCATION) || named_("AllTrusted");
  const locations = named.map(compileLocation);
  const trustedRanges = mfaTrustedIps?.ipRanges.flatMap((c) => {
    const r = parseCidr(c);
    return r ? [r] : [];
  });
  const interned = new Map<string, LocationProfile>();
  const profileOf = (ids: readonly string[], trusted: boolean): LocationProfile => {
    const key = `${ids.join(",")}${trusted ? "|t" : ""}`;
    let profile = interned.get(key);
    if (!profile) {
      profile = { key, ids: new Set(ids), trusted };
      interned.set(key, profile);
    }
    return profile;
  };
  // Cached by address, country, GPS country and the intranet claim, in nested maps (no string key per sign-in).
  let cache = new Map<string | undefined, Map<string | undefined, Map<string | undefined, LocationWays[]>>>();
  let size = 0;
  return (where) => {
    let byCountry = cache.get(where.ipAddress);
    if (!byCountry) cache.set(where.ipAddress, (byCountry = new Map()));
    let byGps = byCountry.get(where.countryCode);
    if (!byGps) byCountry.set(where.countryCode, (byGps = new Map()));
    let byIntranet = byGps.get(where.gpsCountryCode);
    if (!byIntranet) byGps.set(where.gpsCountryCode, (byIntranet = []));
    const slot = where.insideCorporateNetwork === true ? 1 : 0;
    let ways = byIntranet[slot];
    if (ways) return ways;
    const ip = where.ipAddress ? parseIp(where.ipAddress) : undefined;
    const country = where.countryCode ? where.countryCode.toUpperCase() : undefined;
    const gpsCountry = where.gpsCountryCode ? where.gpsCountryCode.toUpperCase() : undefined;
    const known: string[] = [];
    let trusted = false;
    const unknown: { id: string; trusted: boolean; inside: string; outside: string }[] = [];
    for (const l of locations) {
      if (l.gps && gpsCountry === undefined && named_(l.id)) {
        unknown.push({ id: l.id, trusted: false, inside: `GPS country in "${l.displayName}"`, outside: `GPS country outside "${l.displayName}"` });
      } else if (l.contains(ip, l.gps ? gpsCountry : country)) {
        known.push(l.id);
        trusted ||= l.trusted;
      }
    }
    if (!trustedRanges) {
      if (mfaMatters)
        unknown.push({ id: MFA_TRUSTED_IPS_LOCATION, trusted: true, inside: "inside the MFA trusted IPs", outside: "outside the MFA trusted IPs" });
    } else if (
      (ip !== undefined && trustedRanges.some((r) => r.v6 === ip.v6 && (ip.value & r.mask) === r.network)) ||
      (mfaTrustedIps?.federatedUsersOnIntranet === true && where.insideCorporateNetwork === true)
    ) {
      known.push(MFA_TRUSTED_IPS_LOCATION);
      trusted = true;
    }
    if (unknown.length === 0) {
      ways = { profiles: [profileOf(known, trusted)], assumptions: [""], unknown: new Set() };
    } else {
      // Every combination of inside / outside; past MAX_UNKNOWNS, all inside and all outside only.
      const masks = unknown.length <= MAX_UNKNOWNS ? Array.from({ length: 2 ** unknown.length }, (_, m) => m) : [2 ** unknown.length - 1, 0];
      const profiles: LocationProfile[] = [];
      const assumptions: string[] = [];
      for (const mask of masks) {
        const ids = [...known];
        let t = trusted;
        const words: string[] = [];
        unknown.forEach((u, i) => {
          const inside = (mask & (1 << i)) !== 0 || (unknown.length > MAX_UNKNOWNS && mask !== 0);
          if (inside) {
            ids.push(u.id);
            t ||= u.trusted;
          }
          words.push(inside ? u.inside : u.outside);
        });
        profiles.push(profileOf(ids.sort(), t));
        assumptions.push(words.join(", "));
      }
      ways = { profiles, assumptions, unknown: new Set(unknown.map((u) => u.id)) };
    }
    if (++size > 50_000) {
      cache = new Map();
      size = 0;
    }
    byIntranet[slot] = ways;
    return ways;
  };
}
