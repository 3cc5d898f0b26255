import type { GraphNamedLocation } from "../policies/facts";
import { namedLocationFromInputs } from "../components/namedLocationInputs";
import { NAMED_LOCATION_TYPE } from "../components/resourceTypes";
import type { PlannedResource } from "../documents/planResult";

/** The named locations a plan declares, by the id its policies use (the adopted id, or the mock engine's). */
export function plannedNamedLocations(resources: readonly PlannedResource[]): GraphNamedLocation[] {
  return resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r) => namedLocationFromInputs(r.importId ?? `${r.name}-id`, r.inputs));
}
