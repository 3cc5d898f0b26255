import type { GraphNamedLocation } from "../policies/facts";
import { NAMED_LOCATION_TYPE } from "../components/resourceTypes";
import type { PlannedResource } from "../documents/planResult";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/**
 * A named location's azuread `NamedLocation` inputs (`ip: { ipRanges, trusted }` or `country: {
 * countriesAndRegions, includeUnknownCountriesAndRegions, countryLookupMethod }`) in Graph's shape,
 * under the id the policies name it by: what the diff, the drift and the what-if read.
 */
export function namedLocationFromInputs(id: string, inputs: Record<string, unknown>): GraphNamedLocation {
  const displayName = typeof inputs.displayName === "string" ? inputs.displayName : id;
  if (isObject(inputs.country)) {
    const country = inputs.country;
    return {
      id,
      "@odata.type": "#microsoft.graph.countryNamedLocation",
      displayName,
      countriesAndRegions: strings(country.countriesAndRegions),
      includeUnknownCountriesAndRegions: country.includeUnknownCountriesAndRegions === true,
      ...(typeof country.countryLookupMethod === "string" ? { countryLookupMethod: country.countryLookupMethod } : {}),
    };
  }
  const ip = isObject(inputs.ip) ? inputs.ip : {};
  return {
    id,
    "@odata.type": "#microsoft.graph.ipNamedLocation",
    displayName,
    isTrusted: ip.trusted === true,
    ipRanges: strings(ip.ipRanges).map((cidrAddress) => ({ cidrAddress })),
  };
}

/** The named locations a plan declares, by the id its policies use (the adopted id, or the mock engine's). */
export function plannedNamedLocations(resources: readonly PlannedResource[]): GraphNamedLocation[] {
  return resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r) => namedLocationFromInputs(r.importId ?? `${r.name}-id`, r.inputs));
}
