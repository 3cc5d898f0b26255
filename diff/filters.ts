import { DeviceFilterScopeChange, deviceFilterScopeChange, describeDevice, factsOf, PolicyFilter } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { JudgedKind, judgedPolicyChange, PolicyChange, riskFor } from "./changeKinds";
import { loses, nowNeed } from "./scope";

// The filters of a policy: devices (evaluated: the device-filter evaluator of the policy facts), and applications
// and service principals (custom security attributes, not evaluable offline: judged from the rules' text).

const spaced = (rule: string) => rule.replace(/\s+/g, " ").trim();
const shown = (f: PolicyFilter) => `${f.mode} ${JSON.stringify(spaced(f.rule))}`;

/**
 * How a filter's rule changed, where the text tells: the head's rule is the base's joined with `-and` (fewer
 * match) or `-or` (more match). Undefined: a change to review.
 */
function ruleChange(before: string, after: string): "fewer" | "more" | undefined {
  const b = spaced(before);
  const a = spaced(after);
  const extends_ = (rule: string, base: string, op: string) => [`${base} ${op} `, `(${base}) ${op} `].some((prefix) => rule.startsWith(prefix));
  if (extends_(a, b, "-and")) return "fewer";
  if (extends_(a, b, "-or")) return "more";
  if (extends_(b, a, "-and")) return "more";
  if (extends_(b, a, "-or")) return "fewer";
  return undefined;
}

/** The filter's change as the devices (or apps) it moves: left out of the policy, brought in, both, or not known. */
type Verdict = { readonly leftOut: boolean; readonly broughtIn: boolean; readonly example?: string };

/**
 * A filter before and after, judged: it weakens when it decidably leaves something out of the policy and brings
 * nothing in (a filter added that leaves anything out, an include rule narrowed, an exclude rule widened). A
 * filter removed, or one that only brings more in, widens; any other change is one to review.
 */
function diffFilter(
  base: ConditionalAccessPolicy,
  head: ConditionalAccessPolicy,
  before: PolicyFilter | undefined,
  after: PolicyFilter | undefined,
  kind: JudgedKind,
  what: string,
  verdict: Verdict | undefined,
): PolicyChange[] {
  if (!before && !after) return [];
  if (before && after && before.mode === after.mode && spaced(before.rule) === spaced(after.rule)) return [];
  const change = (weakens: boolean, sentence: string) => [judgedPolicyChange(head, kind, weakens, riskFor(base, head, weakens ? "high" : "medium"), sentence)];
  const example = verdict?.example ? ` (for example ${verdict.example})` : "";
  if (verdict?.leftOut && !verdict.broughtIn) {
    return before
      ? change(
          true,
          `the ${what} filter now leaves more out of the policy (${shown(after!)}, was ${shown(before)}): they ${loses(base.grantControls)}${example}`,
        )
      : change(true, `now applies only where the ${what} filter allows (${shown(after!)}): the others ${loses(base.grantControls)}${example}`);
  }
  if (verdict?.broughtIn && !verdict.leftOut) {
    return after
      ? change(false, `the ${what} filter now brings more into the policy (${shown(after)}, was ${shown(before!)})${example}`)
      : change(false, `no ${what} filter any more (was ${shown(before!)}): every ${what} is in scope, they ${nowNeed(head.grantControls)}`);
  }
  const now = !before ? `is added: ${shown(after!)}` : after ? `changed to ${shown(after)}` : "is removed";
  const why = verdict?.leftOut
    ? `it leaves some out of the policy${example} and brings others in`
    : verdict
      ? `no ${what} was found that one rule keeps in the policy and the other does not`
      : "whether it narrows the policy cannot be told from the rules";
  return change(false, `review: the ${what} filter ${now}${before ? ` (was ${shown(before)})` : ""}; ${why}`);
}

/** What the text of two application or service principal filters tells: a filter added leaves out, removed brings in. */
function textVerdict(before: PolicyFilter | undefined, after: PolicyFilter | undefined): Verdict | undefined {
  if (!before) return { leftOut: true, broughtIn: false };
  if (!after) return { leftOut: false, broughtIn: true };
  const moved = before.mode === after.mode ? ruleChange(before.rule, after.rule) : undefined;
  if (moved === undefined) return undefined;
  const narrows = (after.mode === "include") === (moved === "fewer");
  return { leftOut: narrows, broughtIn: !narrows };
}

/** What evaluating both device filters on devices tells (the text's verdict when a rule does not parse). */
function deviceVerdict(before: PolicyFilter | undefined, after: PolicyFilter | undefined): Verdict | undefined {
  const moved: DeviceFilterScopeChange | undefined = deviceFilterScopeChange(before, after);
  if (!moved) return textVerdict(before, after);
  const device = moved.leftOut ?? moved.broughtIn;
  return { leftOut: !!moved.leftOut, broughtIn: !!moved.broughtIn, ...(device ? { example: describeDevice(device.device) } : {}) };
}

/** The device filter, judged by the devices it moves in or out of the policy. */
export function diffDeviceFilter(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const [before, after] = [factsOf(base).deviceFilter, factsOf(head).deviceFilter];
  return diffFilter(base, head, before, after, "device-filter-changed", "device", deviceVerdict(before, after));
}

/** The application filter (custom security attributes). */
export function diffApplicationFilter(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const [before, after] = [factsOf(base).applications.filter, factsOf(head).applications.filter];
  return diffFilter(base, head, before, after, "app-filter-changed", "application", textVerdict(before, after));
}

/** The service principal filter (custom security attributes) of a workload identity policy. */
export function diffServicePrincipalFilter(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const [before, after] = [factsOf(base).servicePrincipals.filter, factsOf(head).servicePrincipals.filter];
  return diffFilter(base, head, before, after, "service-principal-filter-changed", "service principal", textVerdict(before, after));
}
