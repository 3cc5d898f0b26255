import type { PlannedPolicies } from "./plannedPolicies";
import { DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE, PRIVILEGED_ROLES } from "../policies/wellKnownIds";
import type { SignIn } from "./signIn";

export type PersonaKind = "admin" | "member" | "guest" | "breakGlass" | "directorySync" | "serviceAccount" | "pilot";

/** Someone who signs in, as the coverage report imagines them. */
export interface Persona {
  readonly id: string;
  readonly label: string;
  readonly kind: PersonaKind;
  readonly who: Pick<SignIn, "userId" | "groupIds" | "roleIds" | "userType">;
  /** Why a gap for this persona is a documented choice rather than a mistake. */
  readonly deliberate?: string;
}

const person = (userId: string, groupIds: string[] = [], roleIds: string[] = [], userType: "member" | "guest" = "member") => ({ userId, groupIds, roleIds, userType });

/** The personas a plan's policies speak of: every admin role, member, guest, break-glass, sync, exclusions, pilot. */
export function personasOf(plan: PlannedPolicies): Persona[] {
  const breakGlassUsers = new Set(plan.breakGlass.users);
  const breakGlassGroups = new Set(plan.breakGlass.groups);
  const policies = plan.conditionalAccessPolicies;
  const roles = new Map<string, string>(Object.entries(PRIVILEGED_ROLES));
  for (const p of policies) for (const r of p.conditions.users.includeRoles) if (!roles.has(r)) roles.set(r, `role ${r}`);

  const personas: Persona[] = [...roles].map(([id, name]) => ({ id: `admin:${id}`, label: name, kind: "admin" as const, who: person(`admin-${id}`, [], [id]) }));
  personas.push({ id: "member", label: "member", kind: "member", who: person("member") });
  personas.push({ id: "guest", label: "guest", kind: "guest", who: person("guest", [], [], "guest") });
  for (const id of breakGlassUsers) personas.push({ id: `breakGlass:${id}`, label: `break-glass ${id}`, kind: "breakGlass", who: person(id) });
  for (const id of breakGlassGroups) personas.push({ id: `breakGlassGroup:${id}`, label: `break-glass group member ${id}`, kind: "breakGlass", who: person(`member-of-${id}`, [id]) });
  personas.push({
    id: "directorySync",
    label: "Directory Synchronization account",
    kind: "directorySync",
    who: person("directory-sync", [], [DIRECTORY_SYNCHRONIZATION_ACCOUNTS_ROLE]),
    deliberate: "Microsoft's all-users MFA template excludes the Directory Synchronization Accounts role so Entra Connect keeps syncing",
  });
  const excludedUsers = new Set(policies.flatMap((p) => p.conditions.users.excludeUsers).filter((id) => !breakGlassUsers.has(id) && id !== "GuestsOrExternalUsers"));
  for (const id of excludedUsers) {
    personas.push({ id: `service:${id}`, label: `excluded service account ${id}`, kind: "serviceAccount", who: person(id), deliberate: "excluded in the stack (policies.allUsersMfa.excludeUsers)" });
  }
  const excludedGroups = new Set(policies.flatMap((p) => p.conditions.users.excludeGroups).filter((id) => !breakGlassGroups.has(id)));
  for (const id of excludedGroups) {
    personas.push({ id: `serviceGroup:${id}`, label: `excluded group member ${id}`, kind: "serviceAccount", who: person(`member-of-${id}`, [id]), deliberate: "excluded in the stack (policies.allUsersMfa.excludeGroups)" });
  }
  const pilots = new Set(policies.flatMap((p) => p.conditions.users.includeGroups).filter((id) => !breakGlassGroups.has(id)));
  for (const id of pilots) personas.push({ id: `pilot:${id}`, label: `pilot member ${id}`, kind: "pilot", who: person(`pilot-${id}`, [id]) });
  return personas;
}
