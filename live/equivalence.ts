import { Control, factsOf } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
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

/** Conditions and controls Graph can hold that the baseline never declares: a policy that sets one enforces something else. */
const UNMODELLED_CONDITIONS = [
  "platforms",
  "locations",
  "devices",
  "clientApplications",
  "authenticationFlows",
  "servicePrincipalRiskLevels",
  "insiderRiskLevels",
] as const;

const isSet = (value: unknown): boolean =>
  value !== null &&
  value !== undefined &&
  value !== "" &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === "object" && Object.values(value).every((v) => !isSet(v)));

/** The parts of a tenant policy's Graph answer that the project's shape drops, by Graph path (empty when none is set). */
export function unmodelledParts(graph: Readonly<Record<string, any>> | undefined): string[] {
  if (!graph) return [];
  const c = graph.conditions ?? {};
  const parts: string[] = UNMODELLED_CONDITIONS.filter((k) => isSet(c[k])).map((k) => `conditions.${k}`);
  for (const k of ["includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"]) if (isSet(c.users?.[k])) parts.push(`conditions.users.${k}`);
  for (const k of ["includeAuthenticationContextClassReferences", "applicationFilter"])
    if (isSet(c.applications?.[k])) parts.push(`conditions.applications.${k}`);
  for (const k of ["termsOfUse", "customAuthenticationFactors"]) if (isSet(graph.grantControls?.[k])) parts.push(`grantControls.${k}`);
  const session = graph.sessionControls ?? {};
  for (const [k, v] of Object.entries(session))
    if (k !== "signInFrequency" && isSet(v) && !(typeof v === "object" && (v as { isEnabled?: unknown }).isEnabled === false))
      parts.push(`sessionControls.${k}`);
  return parts;
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
 * policy is never equivalent (Microsoft owns it), nor one with a condition the baseline does not set.
 */
export function isEquivalent(declared: ConditionalAccessPolicy, tenant: TenantPolicy): boolean {
  if (isMicrosoftManaged(tenant) || unmodelledParts(tenant.graph).length > 0) return false;
  return JSON.stringify(enforcementOf(declared)) === JSON.stringify(enforcementOf(tenant));
}

/** The tenant policies equivalent to a declared one, enabled ones first. */
export function equivalentsOf(declared: ConditionalAccessPolicy, tenant: readonly TenantPolicy[]): TenantPolicy[] {
  const rank = (p: TenantPolicy) => (p.state === "enabled" ? 0 : p.state === "enabledForReportingButNotEnforced" ? 1 : 2);
  return tenant.filter((p) => isEquivalent(declared, p)).sort((a, b) => rank(a) - rank(b));
}
