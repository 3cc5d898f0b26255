import { DISPLAY_NAME_PREFIX } from "../policies/wellKnownIds";
import type { TenantNamedLocation } from "./tenant";

/**
 * The ownership marker: one IP named location per stack, in the tenant, whose display name says
 * which stack deploys the tenant's baseline. It outlives lost Pulumi state (it is in the tenant,
 * not in the state), needs no permission the stack lacks, and no policy uses it. docs/ownership.md.
 */
export const OWNER_MARKER_PREFIX = `${DISPLAY_NAME_PREFIX}owner `;

/**
 * The one address range the marker holds: 192.0.2.0/32 is in TEST-NET-1 (RFC 5737), reserved for
 * documentation and never routed, and the marker is untrusted: even a policy that named it would
 * match no real sign-in.
 */
export const OWNER_MARKER_RANGE = "192.0.2.0/32";

/** `<project>/<stack>`: Pulumi's stack names are unique per project and backend. */
export const stackIdentity = (project: string, stack: string) => `${project}/${stack}`;

/** The marker's display name for a stack. */
export const ownerMarkerName = (stack: string) => `${OWNER_MARKER_PREFIX}${stack}`;

/** The stack a named location marks as owner, or undefined when it is not a marker. */
export function markedOwner(location: { readonly displayName: string }): string | undefined {
  return location.displayName.startsWith(OWNER_MARKER_PREFIX) ? location.displayName.slice(OWNER_MARKER_PREFIX.length).trim() : undefined;
}

/** The tenant's ownership markers, with the stack each names. */
export function ownerMarkers(locations: readonly TenantNamedLocation[] = []): { readonly stack: string; readonly location: TenantNamedLocation }[] {
  return locations.flatMap((location) => {
    const stack = markedOwner(location);
    return stack === undefined ? [] : [{ stack, location }];
  });
}

/** The azuread provider's `NamedLocation` inputs of a stack's marker. */
export function ownerMarkerInputs(stack: string) {
  return { displayName: ownerMarkerName(stack), ip: { ipRanges: [OWNER_MARKER_RANGE], trusted: false } };
}
