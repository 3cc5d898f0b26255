import type { NamedLocationSetting } from "../config/args";
import type { GraphNamedLocation } from "../policies/facts";

// A named location three ways: as the stack states it (config `namedLocations`), as the azuread provider's
// `NamedLocation` inputs, and in Graph's shape (what the diff, the drift, the what-if and equivalence read).

/** A named location's azuread `NamedLocation` inputs. */
export function namedLocationInputs(location: NamedLocationSetting) {
  return location.countries !== undefined
    ? {
        displayName: location.displayName,
        country: { countriesAndRegions: [...location.countries], includeUnknownCountriesAndRegions: location.includeUnknownCountriesAndRegions ?? false },
      }
    : { displayName: location.displayName, ip: { ipRanges: [...(location.ipRanges ?? [])], trusted: location.trusted ?? false } };
}

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

/** The stack's named locations in Graph's shape, each under its config key: the name its custom policies use. */
export function declaredNamedLocations(locations: Readonly<Record<string, NamedLocationSetting>> | undefined): GraphNamedLocation[] {
  return Object.entries(locations ?? {}).map(([key, location]) => namedLocationFromInputs(key, namedLocationInputs(location)));
}
