import type * as pulumi from "@pulumi/pulumi";
import type { NamedLocationSetting } from "../config/args";
import { BUILT_IN_LOCATIONS } from "../config/customPolicies";
import { projectGraphPolicy } from "../policies/customPolicy";
import { toProviderInputs } from "./providerArgs";

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/**
 * A custom policy's azuread `ConditionalAccessPolicy` inputs: the fields every policy shares go
 * through the baseline's mapping, then locations (keys resolved to the declared named locations'
 * ids), platforms and the grant's terms of use / custom factors are added.
 */
export function customPolicyInputs(graph: Readonly<Record<string, any>>, locationIds: Readonly<Record<string, pulumi.Input<string>>>) {
  const base = toProviderInputs(projectGraphPolicy(graph));
  const c = graph.conditions ?? {};
  const resolve = (values: unknown) => list(values).map((v) => ((BUILT_IN_LOCATIONS as readonly string[]).includes(v) ? v : locationIds[v]));
  const includedLocations = resolve(c.locations?.includeLocations);
  const excludedLocations = resolve(c.locations?.excludeLocations);
  const includedPlatforms = list(c.platforms?.includePlatforms);
  const excludedPlatforms = list(c.platforms?.excludePlatforms);
  const g = graph.grantControls;
  const { grantControls, ...rest } = base;
  const apps = c.applications ?? {};
  return {
    ...rest,
    conditions: {
      ...base.conditions,
      // As stated: both lists set reach the provider's own check (EB-PROVIDER-INPUTS) instead of one being dropped.
      applications: {
        ...(list(apps.includeApplications).length > 0 ? { includedApplications: list(apps.includeApplications) } : {}),
        ...(list(apps.includeUserActions).length > 0 ? { includedUserActions: list(apps.includeUserActions) } : {}),
        excludedApplications: list(apps.excludeApplications),
      },
      ...(includedLocations.length + excludedLocations.length > 0 ? { locations: { includedLocations, excludedLocations } } : {}),
      ...(includedPlatforms.length + excludedPlatforms.length > 0 ? { platforms: { includedPlatforms, excludedPlatforms } } : {}),
    },
    // A session-only policy has no grant controls; the provider refuses an empty grant block.
    ...(g
      ? {
          grantControls: {
            ...grantControls,
            ...(list(g.termsOfUse).length > 0 ? { termsOfUses: list(g.termsOfUse) } : {}),
            ...(list(g.customAuthenticationFactors).length > 0 ? { customAuthenticationFactors: list(g.customAuthenticationFactors) } : {}),
          },
        }
      : {}),
  };
}

/** A named location's azuread `NamedLocation` inputs. */
export function namedLocationInputs(location: NamedLocationSetting) {
  return location.countries !== undefined
    ? {
        displayName: location.displayName,
        country: { countriesAndRegions: [...location.countries], includeUnknownCountriesAndRegions: location.includeUnknownCountriesAndRegions ?? false },
      }
    : { displayName: location.displayName, ip: { ipRanges: [...(location.ipRanges ?? [])], trusted: location.trusted ?? false } };
}
