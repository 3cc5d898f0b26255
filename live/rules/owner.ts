import type { Verdict } from "../../guard/rule";
import { DISPLAY_NAME_PREFIX } from "../../policies/wellKnownIds";
import { ownerMarkerName, ownerMarkers } from "../ownership";
import { liveRule, type LiveRule } from "./liveRule";

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

/**
 * Compliant: no other stack's ownership marker is in the tenant, so one stack deploys one tenant.
 * Refused in every phase: a second stack would create a second baseline beside the first one, or
 * ask for Security Defaults over its policies. Warns when the tenant holds baseline policies but no
 * marker at all (a stack from before markers, or a deleted marker).
 */
export const liveOwner: LiveRule = liveRule({
  id: "EB-LIVE-OWNER",
  description: "the tenant holds no other stack's ownership marker: one stack per tenant",
  check: (tenant, stack): Verdict[] => {
    if (stack.stack === undefined || tenant.namedLocations === undefined) return [];
    const markers = ownerMarkers(tenant.namedLocations);
    const others = [...new Set(markers.filter((m) => m.stack !== stack.stack).map((m) => m.stack))];
    const baseline = tenant.policies.filter((p) => p.displayName.startsWith(DISPLAY_NAME_PREFIX)).map((p) => p.displayName);
    if (others.length > 0) {
      const ids = markers.filter((m) => m.stack !== stack.stack).map((m) => m.location.id);
      const held = baseline.length > 0 ? `; the tenant's ${baseline.length} baseline policies (${quoted(baseline)}) are managed by that stack` : "";
      return [
        {
          severity: "error",
          message:
            `two stacks claim one tenant: ` +
            `its ownership marker ${quoted(others.map(ownerMarkerName))} (named location ${ids.join(", ")}) says stack ${quoted(others)} deploys it, ` +
            `and this is stack "${stack.stack}"${held}. ` +
            `Deploy this tenant from ${quoted(others)} only, with this stack's credentials pointed at its own tenant; ` +
            `if that stack is retired, delete its marker (Entra admin center → Conditional Access → Named locations) ` +
            `and adopt its policies here (docs/ownership.md)`,
        },
      ];
    }
    if (markers.length === 0 && baseline.length > 0 && stack.policies.length > 0) {
      return [
        {
          severity: "warning",
          message:
            `the tenant holds ${baseline.length} baseline policies (${quoted(baseline)}) but no ownership marker: they were deployed before markers ` +
            "existed, or the marker was deleted. If another stack deploys this tenant, stop here; otherwise this stack writes its marker " +
            `"${ownerMarkerName(stack.stack)}" at the next pulumi up (docs/ownership.md)`,
        },
      ];
    }
    return [];
  },
});
