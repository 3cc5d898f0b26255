import type { ConditionalAccessPolicy, SignInFrequencySessionControl } from "../policies/graphTypes";
import { policyChange } from "./context";
import { riskFor } from "./risk";
import type { PolicyChange } from "./types";

/** Hours between reauthentications; 0 for every time, Infinity without a sign-in frequency. */
export function frequencyHours(frequency: SignInFrequencySessionControl | undefined): number {
  if (!frequency?.isEnabled) return Infinity;
  if (frequency.frequencyInterval === "everyTime") return 0;
  return (frequency.value ?? 0) * (frequency.type === "days" ? 24 : 1);
}

function frequencyName(frequency: SignInFrequencySessionControl | undefined): string {
  const hours = frequencyHours(frequency);
  if (hours === Infinity) return "no sign-in frequency";
  if (hours === 0) return "reauthentication every time";
  const unit = frequency!.type === "days" ? "day" : "hour";
  return `reauthentication every ${frequency!.value} ${unit}${frequency!.value === 1 ? "" : "s"}`;
}

/** Session controls: a longer sign-in frequency, or none, weakens. */
export function diffSession(base: ConditionalAccessPolicy, head: ConditionalAccessPolicy): PolicyChange[] {
  const b = base.sessionControls?.signInFrequency;
  const h = head.sessionControls?.signInFrequency;
  const before = frequencyHours(b);
  const after = frequencyHours(h);
  const sentence = `session: ${frequencyName(h)} instead of ${frequencyName(b)}`;
  if (after > before) return [policyChange(head, "session-weakened", true, riskFor(base, head, "medium"), sentence)];
  if (after < before) return [policyChange(head, "session-strengthened", false, riskFor(base, head, "medium"), sentence)];
  if (b?.authenticationType !== h?.authenticationType && before !== Infinity) {
    const weaker = h?.authenticationType === "secondaryAuthentication";
    return [
      policyChange(
        head,
        weaker ? "session-weakened" : "session-strengthened",
        weaker,
        riskFor(base, head, "medium"),
        `session: reauthentication asks for ${weaker ? "the second factor only" : "both factors"} (was ${weaker ? "both factors" : "the second factor only"})`,
      ),
    ];
  }
  return [];
}
