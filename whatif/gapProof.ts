import { isModernClient, securityDefaultsGaps, SIGN_IN_CLIENT_APP_TYPES } from "../policies/facts";
import { verdictOf } from "./coverage";
import { DEFAULT_WHERE, KEY_APPS } from "./matrix";
import { personasOf, PersonaKind } from "./personas";
import { planEvaluator } from "./planEvaluator";
import type { PlannedPolicies } from "./plannedPolicies";

/**
 * Who the proof does not speak for: break-glass accounts, the exclusions the stack declares, pilots and
 * the groups a policy names (members of a narrower scope), and guests (EB-SD-PARITY covers them).
 * Every other persona is a member or admin, wherever and on whatever device the coverage report puts them.
 */
const EXEMPT: ReadonlySet<PersonaKind> = new Set(["breakGlass", "serviceAccount", "directorySync", "pilot", "includedGroup", "guest"]);

/**
 * Proves, with the coverage report's personas and evaluator, that no member or admin signs in
 * without MFA on a modern client: each one, to every key app, at no risk (a risk only adds
 * policies), against the enforced policies and Security Defaults when the plan keeps them on.
 * Break-glass accounts and the exclusions the stack declares (documented as deliberate) are
 * exempt. With Security Defaults off, the proof also reads the one parity answer
 * (`securityDefaultsGaps`, asked about members and admins): its probes reach the named locations,
 * platforms and applications the policies name, which the personas' fixed sign-ins do not, so any
 * member or admin it finds without MFA on a modern client is a gap here too, unless the simulation
 * already shows one for that kind of person (admin or member). Returns one line per way in (the personas who share it
 * named together), empty when proven: what the guard refuses.
 */
export function proveNoGap(plan: PlannedPolicies): string[] {
  const evaluate = planEvaluator(plan);
  const byWayIn = new Map<string, string[]>();
  const simulated = new Set<"admin" | "member">();
  for (const persona of personasOf(plan)) {
    if (EXEMPT.has(persona.kind) || persona.deliberate) continue;
    const open: string[] = [];
    for (const clientAppType of MODERN_CLIENTS) {
      const apps = KEY_APPS.filter((app) => {
        const signIn = {
          ...persona.who,
          ...(persona.where ?? DEFAULT_WHERE),
          applicationId: app.id,
          clientAppType,
          signInRisk: "none" as const,
          userRisk: "none" as const,
        };
        return verdictOf(evaluate(signIn)) === "allowed";
      });
      if (apps.length > 0) open.push(`on ${clientAppType} to ${apps.map((a) => a.label).join(", ")}`);
    }
    if (open.length === 0) continue;
    byWayIn.set(open.join("; "), [...(byWayIn.get(open.join("; ")) ?? []), persona.label]);
    simulated.add(persona.kind === "admin" ? "admin" : "member");
  }
  const simulatedGaps = [...byWayIn].map(([wayIn, labels]) => `simulated sign-ins of ${namesOf(labels)} get in without MFA ${wayIn}`);
  if (plan.securityDefaults.isEnabled) return simulatedGaps;
  const parityGaps = securityDefaultsGaps(plan.conditionalAccessPolicies, { guests: false })
    .filter((gap) => gap.protection !== "blockLegacyAuth" && gap.who !== "guest" && !simulated.has(gap.who))
    .map((gap) => `${gap.example} gets in without MFA (Security Defaults gave ${gap.what})`);
  return [...simulatedGaps, ...parityGaps];
}

const MODERN_CLIENTS = SIGN_IN_CLIENT_APP_TYPES.filter(isModernClient);

/** "member", "member and guest", or "3 of them (a, b, …)" for a long list. */
function namesOf(labels: readonly string[]): string {
  if (labels.length <= 3) return labels.join(" and ");
  return `${labels.length} personas (${labels.slice(0, 3).join(", ")}, …)`;
}
