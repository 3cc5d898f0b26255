import { factsOf, SessionFacts } from "../policies/facts";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { CHANGE_KIND_TABLE, FixedKind, judgedPolicyChange, JudgedKind, PolicyChange, policyChange, riskFor } from "./changeKinds";

type Frequency = SessionFacts["signInFrequency"];

/** Hours between reauthentications; 0 for every time, Infinity without a sign-in frequency. */
const frequencyHours = (frequency: Frequency): number => frequency?.hours ?? Infinity;

function frequencyName(frequency: Frequency): string {
  const hours = frequencyHours(frequency);
  if (hours === Infinity) return "no sign-in frequency";
  if (hours === 0) return "reauthentication every time";
  const unit = frequency!.type === "days" ? "day" : "hour";
  return `reauthentication every ${frequency!.value} ${unit}${frequency!.value === 1 ? "" : "s"}`;
}

/** Session controls: a longer sign-in frequency, or none, weakens. */
export function diffSession(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const b = factsOf(base).session.signInFrequency;
  const h = factsOf(head).session.signInFrequency;
  const before = frequencyHours(b);
  const after = frequencyHours(h);
  const sentence = `session: ${frequencyName(h)} instead of ${frequencyName(b)}`;
  if (after > before) return [policyChange(head, "session-weakened", riskFor(base, head, "medium"), sentence)];
  if (after < before) return [policyChange(head, "session-strengthened", riskFor(base, head, "medium"), sentence)];
  if (b?.authenticationType !== h?.authenticationType && before !== Infinity) {
    const weaker = h?.authenticationType === "secondaryAuthentication";
    return [
      policyChange(
        head,
        weaker ? "session-weakened" : "session-strengthened",
        riskFor(base, head, "medium"),
        `session: reauthentication asks for ${weaker ? "the second factor only" : "both factors"} (was ${weaker ? "both factors" : "the second factor only"})`,
      ),
    ];
  }
  return [];
}

const CLOUD_APP_SECURITY: Readonly<Record<string, string>> = {
  mcasConfigured: "the Defender for Cloud Apps policy",
  monitorOnly: "monitoring only",
  blockDownloads: "blocked downloads",
};

/**
 * The other session controls: persistent browser `always` weakens (sessions outlive the browser), and so does
 * `never` dropped; app-enforced restrictions or Defender for Cloud Apps turned off (or down to monitoring only)
 * weaken; resilience defaults back on weaken (sessions may be extended during an outage without evaluating
 * the policy).
 */
export function diffSessionControls(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const b = factsOf(base).session;
  const h = factsOf(head).session;
  const changes: PolicyChange[] = [];
  const risk = (weakens: boolean) => riskFor(base, head, weakens ? "high" : "medium");
  const push = (kind: FixedKind, sentence: string) => changes.push(policyChange(head, kind, risk(CHANGE_KIND_TABLE[kind].weakens), `session: ${sentence}`));
  const judge = (kind: JudgedKind, weakens: boolean, sentence: string) =>
    changes.push(judgedPolicyChange(head, kind, weakens, risk(weakens), `session: ${sentence}`));
  const modeOf = (p: SessionFacts) => p.persistentBrowserMode ?? "not set";
  if (modeOf(b) !== modeOf(h)) {
    const weaker = h.persistentBrowserMode === "always" || b.persistentBrowserMode === "never";
    judge("persistent-browser-changed", weaker, `persistent browser ${modeOf(h)} (was ${modeOf(b)})`);
  }
  if (b.applicationEnforcedRestrictions !== h.applicationEnforcedRestrictions) {
    if (h.applicationEnforcedRestrictions) push("app-enforced-restrictions-on", "app-enforced restrictions turned on");
    else push("app-enforced-restrictions-off", "app-enforced restrictions turned off: the apps no longer limit the session");
  }
  const cas = (p: SessionFacts) => p.cloudAppSecurity?.type;
  if (!b.cloudAppSecurity && h.cloudAppSecurity)
    push("cloud-app-security-on", `Defender for Cloud Apps session control on (${CLOUD_APP_SECURITY[cas(h) ?? ""] ?? cas(h)})`);
  else if (b.cloudAppSecurity && !h.cloudAppSecurity) push("cloud-app-security-off", "Defender for Cloud Apps session control turned off");
  else if (cas(b) !== cas(h)) {
    const name = (p: SessionFacts) => CLOUD_APP_SECURITY[cas(p) ?? ""] ?? String(cas(p));
    judge("cloud-app-security-changed", cas(h) === "monitorOnly", `Defender for Cloud Apps: ${name(h)} instead of ${name(b)}`);
  }
  if (b.disableResilienceDefaults !== h.disableResilienceDefaults) {
    judge(
      "resilience-defaults-changed",
      !h.disableResilienceDefaults,
      h.disableResilienceDefaults
        ? "resilience defaults disabled: no session is extended during an outage"
        : "resilience defaults back on: sessions may be extended during an outage",
    );
  }
  return changes;
}
