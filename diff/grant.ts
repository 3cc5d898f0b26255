import { Control, factsOf, NormalisedGrant } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { BUILT_IN_STRENGTHS, controlName, customControlName, grantName, listOf, strengthName, termsOfUseName } from "./names";
import { added, removed } from "./sets";
import { judgedPolicyChange, PolicyChange, policyChange, riskFor } from "./changeKinds";

/** The grant as the policy facts read it; a session-only policy (grantControls null) asks for nothing. */
type Grant = NormalisedGrant;
const grantOfPolicy = (p: ConditionalAccessPolicy): Grant => factsOf(p).grant ?? { operator: "AND", block: false, controls: [] };

/** The authentication strength the grant asks for, if any. */
const strengthOf = (grant: Grant) =>
  grant.controls.find((c): c is Extract<Control, { kind: "authenticationStrength" }> => c.kind === "authenticationStrength")?.id;
const asksMfa = (grant: Grant) => grant.controls.some((c) => c.kind === "mfa");

/** How strong the authentication the grant asks for is: 0 none, 1 any MFA, 2 passwordless, 3 phishing-resistant. */
export function authenticationRank(grant: Grant): number {
  const strength = strengthOf(grant);
  if (strength) return BUILT_IN_STRENGTHS[strength]?.rank ?? 1;
  return asksMfa(grant) ? 1 : 0;
}

function authenticationName(grant: Grant): string {
  const strength = strengthOf(grant);
  if (strength) return strengthName(strength).replace(/ strength$/, "");
  return asksMfa(grant) ? "any MFA method" : "no MFA";
}

/** Every control the grant asks for, block aside: built-in controls, the strength, terms of use and custom controls. */
const requirements = (grant: Grant): number => grant.controls.length;

/**
 * The authentication a user cannot avoid: the grant's rank, or 0 when OR offers another way through (terms of
 * use, a compliant device …), so adding MFA beside such an alternative does not strengthen anything.
 */
function enforcedRank(grant: Grant): number {
  return hasAlternative(grant) ? 0 : authenticationRank(grant);
}

/** Whether OR offers a way through besides the authentication control. */
function hasAlternative(grant: Grant): boolean {
  return grant.operator === "OR" && otherControls(grant).length > 0;
}

const TERMS_OF_USE = "termsOfUse:";
const CUSTOM_CONTROL = "customControl:";

/** Every control but the authentication one (MFA or a strength): built-in controls, terms of use and custom controls, as tokens. */
function otherControls(grant: Grant): string[] {
  return grant.controls.flatMap((c) => {
    if (c.kind === "mfa" || c.kind === "authenticationStrength") return [];
    if (c.kind === "termsOfUse") return [`${TERMS_OF_USE}${c.id}`];
    if (c.kind === "customControl") return [`${CUSTOM_CONTROL}${c.id}`];
    return [c.kind === "passwordChange" ? "passwordChange" : c.name];
  });
}

/** One of {@link otherControls} in words, as `grantName` says it. */
function otherControlName(token: string): string {
  if (token.startsWith(TERMS_OF_USE)) return termsOfUseName(token.slice(TERMS_OF_USE.length));
  if (token.startsWith(CUSTOM_CONTROL)) return customControlName(token.slice(CUSTOM_CONTROL.length));
  return controlName(token);
}

/**
 * Grant controls and their operator: removing the block, a weaker authentication strength, a new
 * alternative under OR, a requirement dropped under AND, or AND becoming OR weakens.
 */
export function diffGrant(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const b = grantOfPolicy(base);
  const h = grantOfPolicy(head);
  if (b.block && !h.block) {
    const now = requirements(h) > 0 ? `; it asks for ${grantName(head.grantControls)} instead` : "";
    return [policyChange(head, "grant-block-removed", riskFor(base, head, "high"), `no longer blocks access${now}`)];
  }
  if (!b.block && h.block) {
    return [policyChange(head, "grant-block-added", riskFor(base, head, "high"), `now blocks access (was ${grantName(base.grantControls)})`)];
  }
  if (b.block && h.block) return [];

  const changes: PolicyChange[] = [];
  const authChanged = strengthOf(b) !== strengthOf(h) || asksMfa(b) !== asksMfa(h);
  if (authChanged) {
    const before = enforcedRank(b);
    const after = enforcedRank(h);
    // Under OR, another control (terms of use, a device …) is a way through: say so, or the sentence reads as MFA gained or lost.
    const alternatives = (g: Grant) => listOf(otherControls(g).map(otherControlName));
    const still = hasAlternative(h)
      ? `; ${alternatives(h)} still let${otherControls(h).length === 1 ? "s" : ""} users through without it`
      : hasAlternative(b)
        ? `; ${alternatives(b)} let users through without it before`
        : "";
    const sentence = `asks for ${authenticationName(h)} instead of ${authenticationName(b)}${still}`;
    // Weaker: less authentication that cannot be avoided, or a weaker one still asked (phishing-resistant → any MFA, even
    // beside a compliant device). Stronger only when what cannot be avoided grows.
    const nominalBefore = authenticationRank(b);
    const nominalAfter = authenticationRank(h);
    const weaker = after < before || (nominalAfter > 0 && nominalAfter < nominalBefore);
    if (weaker) changes.push(policyChange(head, "grant-weakened", riskFor(base, head, "high"), sentence));
    else if (after > before) changes.push(policyChange(head, "grant-strengthened", riskFor(base, head, "medium"), sentence));
    else changes.push(policyChange(head, "grant-changed", riskFor(base, head, "medium"), sentence));
  }

  const more = added(otherControls(b), otherControls(h));
  const fewer = removed(otherControls(b), otherControls(h));
  if (more.length > 0) {
    const names = listOf(more.map(otherControlName));
    if (h.operator === "OR" && requirements(h) > 1 && requirements(b) > 0) {
      changes.push(policyChange(head, "grant-weakened", riskFor(base, head, "high"), `now also accepts ${names} instead of ${grantName(base.grantControls)}`));
    } else {
      changes.push(policyChange(head, "grant-strengthened", riskFor(base, head, "medium"), `now also requires ${names}`));
    }
  }
  if (fewer.length > 0) {
    const names = listOf(fewer.map(otherControlName));
    if (b.operator === "OR" && requirements(h) > 0 && requirements(b) > 1) {
      changes.push(policyChange(head, "grant-strengthened", riskFor(base, head, "medium"), `no longer accepts ${names} as an alternative`));
    } else {
      changes.push(policyChange(head, "grant-weakened", riskFor(base, head, "high"), `no longer requires ${names}`));
    }
  }
  if (b.operator !== h.operator && requirements(b) > 1 && requirements(h) > 1) {
    const toOr = h.operator === "OR";
    const sentence = `requires ${toOr ? "one" : "all"} of ${grantName(head.grantControls)} instead of ${toOr ? "all" : "one"} of them`;
    changes.push(judgedPolicyChange(head, "grant-operator-changed", toOr, riskFor(base, head, toOr ? "high" : "medium"), sentence));
  }
  return changes;
}
