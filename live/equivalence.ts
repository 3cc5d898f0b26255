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

/** The enforcement of a policy: every list as a set, ids compared case-insensitively; state and display name left out. */
export function enforcementOf(p: ConditionalAccessPolicy): Enforcement {
  const { users, applications } = p.conditions;
  const controls = [
    ...p.grantControls.builtInControls,
    ...(p.grantControls.authenticationStrength ? [`strength:${p.grantControls.authenticationStrength.id}`] : []),
  ];
  const frequency = p.sessionControls?.signInFrequency;
  return {
    users: Object.fromEntries(Object.entries(users).map(([k, v]) => [k, set(v)])),
    applications: Object.fromEntries(Object.entries(applications).map(([k, v]) => [k, set(v ?? [])])),
    clientAppTypes: set(p.conditions.clientAppTypes),
    signInRiskLevels: set(p.conditions.signInRiskLevels),
    userRiskLevels: set(p.conditions.userRiskLevels),
    // With one control the operator changes nothing.
    grant: { operator: controls.length > 1 ? p.grantControls.operator : "-", controls: set(controls) },
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
