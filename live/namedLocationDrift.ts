import { GraphNamedLocation, namedLocationEffects, NamedLocationEffectKind, reachChange, reachOf } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { markedOwner } from "./ownership";
import type { TenantNamedLocation } from "./tenant";

/** One field of a named location that applying the stack would change. */
export interface NamedLocationFieldChange {
  readonly field: "@odata.type" | "ipRanges" | "isTrusted" | "countriesAndRegions" | "includeUnknownCountriesAndRegions" | "countryLookupMethod";
  readonly tenant: unknown;
  readonly declared: unknown;
}

/** What the change does to one declared policy that uses the location (the semantic diff's judgement). */
export interface NamedLocationDriftEffect {
  readonly policy: string;
  readonly kind: NamedLocationEffectKind;
  readonly use: "include" | "exclude";
  readonly via: "location" | "trusted";
  readonly reach: readonly string[];
  readonly weakens: boolean;
}

/** A declared named location against the tenant: created, updated (field by field, each judged by the policies that use it), or unchanged. */
export interface NamedLocationDrift {
  readonly displayName: string;
  readonly status: "create" | "update" | "unchanged";
  /** The tenant's object id, when the location is there. */
  readonly id?: string;
  readonly changes: readonly NamedLocationFieldChange[];
  readonly effects: readonly NamedLocationDriftEffect[];
}

/** The tenant's location in Graph's shape, from the fields read (and the lookup method Graph sent). */
export function graphShapeOf(t: TenantNamedLocation): GraphNamedLocation {
  const lookup = t.graph.countryLookupMethod;
  return t.kind === "country"
    ? {
        id: t.id,
        "@odata.type": "#microsoft.graph.countryNamedLocation",
        displayName: t.displayName,
        countriesAndRegions: t.countries,
        includeUnknownCountriesAndRegions: t.includeUnknownCountriesAndRegions,
        ...(typeof lookup === "string" ? { countryLookupMethod: lookup } : {}),
      }
    : {
        id: t.id,
        "@odata.type": "#microsoft.graph.ipNamedLocation",
        displayName: t.displayName,
        isTrusted: t.isTrusted,
        ipRanges: t.ipRanges.map((cidrAddress) => ({ cidrAddress })),
      };
}

const sorted = (values: readonly string[]) => [...values].sort();

/** The fields that differ, compared as Entra reads them: ranges as address space, countries in any case, Graph's defaults filled in. */
function fieldChanges(tenant: GraphNamedLocation, declared: GraphNamedLocation): NamedLocationFieldChange[] {
  const t = reachOf(tenant);
  const d = reachOf(declared);
  const tKind = t.lookup === undefined ? "ip" : "country";
  const dKind = d.lookup === undefined ? "ip" : "country";
  if (tKind !== dKind) return [{ field: "@odata.type", tenant: tenant["@odata.type"], declared: declared["@odata.type"] }];
  const moved = reachChange(t, d);
  const changes: NamedLocationFieldChange[] = [];
  if (tKind === "ip") {
    if (moved.added.length + moved.removed.length > 0) changes.push({ field: "ipRanges", tenant: t.ranges, declared: d.ranges });
    if (t.trusted !== d.trusted) changes.push({ field: "isTrusted", tenant: t.trusted, declared: d.trusted });
    return changes;
  }
  if (JSON.stringify(sorted(t.countries)) !== JSON.stringify(sorted(d.countries)))
    changes.push({ field: "countriesAndRegions", tenant: sorted(t.countries), declared: sorted(d.countries) });
  if (t.unknownCountries !== d.unknownCountries)
    changes.push({ field: "includeUnknownCountriesAndRegions", tenant: t.unknownCountries, declared: d.unknownCountries });
  if (t.lookup !== d.lookup) changes.push({ field: "countryLookupMethod", tenant: t.lookup, declared: d.lookup });
  return changes;
}

/**
 * The stack's named locations against the tenant's: matched by the id the stack adopts, else by
 * display name; the ownership marker apart (live/ownership.ts checks it). Each change is judged by
 * the declared policies that use the location, as the semantic diff judges it.
 */
export function namedLocationDrift(
  tenantLocations: readonly TenantNamedLocation[],
  declared: readonly GraphNamedLocation[],
  policies: readonly ConditionalAccessPolicy[],
): NamedLocationDrift[] {
  const taken = new Set<TenantNamedLocation>();
  return declared
    .filter((location) => markedOwner({ displayName: location.displayName ?? "" }) === undefined)
    .map((location) => {
      const displayName = location.displayName ?? location.id;
      const tenant =
        tenantLocations.find((t) => t.id === location.id.toLowerCase() && !taken.has(t)) ??
        tenantLocations.find((t) => t.displayName === displayName && !taken.has(t) && markedOwner(t) === undefined);
      if (tenant) taken.add(tenant);
      const effects = namedLocationEffects(location.id, tenant ? graphShapeOf(tenant) : undefined, location, policies).map((e) => ({
        policy: e.policy.displayName,
        kind: e.kind,
        use: e.use,
        via: e.via,
        reach: e.reach,
        weakens: e.weakens,
      }));
      if (!tenant) return { displayName, status: "create" as const, changes: [], effects };
      const changes = fieldChanges(graphShapeOf(tenant), location);
      return {
        displayName,
        status: changes.length > 0 ? ("update" as const) : ("unchanged" as const),
        id: tenant.id,
        changes,
        effects: changes.length > 0 ? effects : [],
      };
    });
}
