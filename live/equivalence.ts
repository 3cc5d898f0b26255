import { Control, factsOf } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { setsAnything } from "../config/graphValues";
import { droppedParts } from "../policies/customPolicy";
import { isMicrosoftManaged, TenantPolicy } from "./tenant";

/**
 * What a policy enforces, whatever its name or state: who (users, groups, roles), which apps,
 * which client apps, at which risk, and the grant (and session) it asks for. Two policies with
 * the same enforcement protect the same sign-ins the same way.
 */
export interface Enforcement {
  readonly users: Readonly<Record<string, readonly string[]>>;
  readonly applications: Readonly<Record<string, readonly string[]>>;
  readonly clientAppTypes: readonly string[];
  readonly signInRiskLevels: readonly string[];
  readonly userRiskLevels: readonly string[];
  readonly grant: { readonly operator: string; readonly controls: readonly string[] };
  readonly session: string;
}

const set = (values: readonly string[]) => [...new Set(values.map((v) => v.toLowerCase()))].sort();

/** Parts the shared projection reads but the baseline never declares: a tenant policy that sets one enforces something else. */
const NEVER_IN_THE_BASELINE = [
  "conditions.platforms",
  "conditions.locations",
  "conditions.users.includeGuestsOrExternalUsers",
  "conditions.users.excludeGuestsOrExternalUsers",
  "grantControls.termsOfUse",
  "grantControls.customAuthenticationFactors",
] as const;

/**
 * The parts of a tenant policy's Graph answer the baseline does not set, by Graph path (empty when none is set):
 * those it never declares, and every part the projection drops (guests, device filters, authentication
 * contexts and flows, conditions Graph adds later, session controls but the sign-in frequency …).
 */
export function unmodelledParts(graph: Readonly<Record<string, any>> | undefined): string[] {
  if (!graph) return [];
  const at = (path: string) => path.split(".").reduce<any>((value, key) => value?.[key], graph);
  return [...NEVER_IN_THE_BASELINE.filter((path) => setsAnything(at(path))), ...droppedParts(graph).map((part) => part.path)];
}

const CONTROL_NAMES: Record<Control["kind"], (c: Control) => string> = {
  mfa: () => "mfa",
  passwordChange: () => "passwordchange",
  authenticationStrength: (c) => `strength:${(c as { id: string }).id}`,
  termsOfUse: (c) => `termsofuse:${(c as { id: string }).id}`,
  customControl: (c) => `custom:${(c as { id: string }).id}`,
  other: (c) => (c as { name: string }).name,
};

/**
 * The enforcement of a policy, read through the shared policy facts (so a Graph answer with nulls and the
 * declared shape read alike): every list as a set, ids compared case-insensitively, the client app types
 * as covered ("all" is every type); state and display name left out.
 */
export function enforcementOf(p: ConditionalAccessPolicy): Enforcement {
  const f = factsOf(p);
  const { includeUsers, excludeUsers, includeGroups, excludeGroups, includeRoles, excludeRoles } = f.users;
  const controls = [...(f.grant?.block ? ["block"] : []), ...(f.grant?.controls ?? []).map((c) => CONTROL_NAMES[c.kind](c))];
  const frequency = p.sessionControls?.signInFrequency;
  return {
    users: Object.fromEntries(
      Object.entries({ includeUsers, excludeUsers, includeGroups, excludeGroups, includeRoles, excludeRoles }).map(([k, v]) => [k, set(v)]),
    ),
    applications: {
      includeApplications: set(f.applications.includeApplications),
      excludeApplications: set(f.applications.excludeApplications),
      includeUserActions: set(f.applications.includeUserActions),
    },
    clientAppTypes: set([...f.clientAppTypes]),
    signInRiskLevels: set(f.signInRiskLevels),
    userRiskLevels: set(f.userRiskLevels),
    // With one control the operator changes nothing.
    grant: { operator: controls.length > 1 ? (f.grant?.operator ?? "AND") : "-", controls: set(controls) },
    session: frequency?.isEnabled ? `${frequency.frequencyInterval}:${frequency.authenticationType}:${frequency.value ?? ""}${frequency.type ?? ""}` : "",
  };
}

/**
 * Whether a tenant policy enforces the same thing as a declared one, whatever its name or state:
 * the same users, roles, groups, apps, client apps, risk levels and grant. A Microsoft-managed
 * policy is never equivalent (Microsoft owns it), nor one with a condition the baseline does not set,
 * on either side.
 */
export function isEquivalent(declared: ConditionalAccessPolicy, tenant: TenantPolicy): boolean {
  if (isMicrosoftManaged(tenant) || unmodelledParts(tenant.graph).length > 0) return false;
  // A declared custom policy with guests, locations, platforms or terms of use enforces more than the enforcement compares.
  if (unmodelledParts(declared as unknown as Readonly<Record<string, unknown>>).length > 0) return false;
  return JSON.stringify(enforcementOf(declared)) === JSON.stringify(enforcementOf(tenant));
}

/** The tenant policies equivalent to a declared one, enabled ones first. */
export function equivalentsOf(declared: ConditionalAccessPolicy, tenant: readonly TenantPolicy[]): TenantPolicy[] {
  const rank = (p: TenantPolicy) => (p.state === "enabled" ? 0 : p.state === "enabledForReportingButNotEnforced" ? 1 : 2);
  return tenant.filter((p) => isEquivalent(declared, p)).sort((a, b) => rank(a) - rank(b));
}
