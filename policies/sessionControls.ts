import type { ConditionalAccessSessionControls } from "./graphTypes";

/** A sign-in frequency as any source spells it (Graph's answer, the azuread provider's inputs). */
export interface SignInFrequencyParts {
  readonly authenticationType?: string | null;
  readonly frequencyInterval?: string | null;
  readonly value?: number | null;
  readonly type?: string | null;
}

/** The session controls this project compares: an enabled sign-in frequency, with no null fields. */
export function signInFrequencyControls(parts: SignInFrequencyParts): { readonly sessionControls: ConditionalAccessSessionControls } {
  return {
    sessionControls: {
      signInFrequency: {
        isEnabled: true,
        authenticationType: (parts.authenticationType ?? "primaryAndSecondaryAuthentication") as "primaryAndSecondaryAuthentication",
        frequencyInterval: (parts.frequencyInterval ?? "timeBased") as "timeBased" | "everyTime",
        ...(parts.value != null ? { value: parts.value } : {}),
        ...(parts.type != null ? { type: parts.type as "hours" | "days" } : {}),
      },
    },
  };
}
