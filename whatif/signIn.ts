export type { Control, RiskState, SignIn, SignInDevice } from "../policies/facts";
export { RISK_STATES } from "../policies/facts";
import type { Control } from "../policies/facts";

/** What one policy asks of the sign-in: all of the controls (AND) or any one (OR). */
export interface Requirement {
  readonly policy: string;
  readonly operator: "AND" | "OR";
  readonly controls: readonly Control[];
}

/** A policy whose grant the sign-in cannot meet, and why: in effect a block. */
export interface Unmet {
  readonly policy: string;
  /** The controls it asks, in words ("compliantDevice", "mfa or compliantDevice"). */
  readonly controls: string;
  readonly reason: string;
}

export type Outcome =
  | { readonly kind: "allowed" }
  /**
   * `because` is set when a policy blocks in effect: it asks for controls this sign-in cannot meet (a legacy
   * client, an unregistered device, device code flow, an unsupported platform); `unmet` names each such policy.
   */
  | { readonly kind: "blocked"; readonly by: readonly string[]; readonly because?: string; readonly unmet?: readonly Unmet[] }
  /** Every requirement must be met (AND across policies). */
  | { readonly kind: "challenge"; readonly requirements: readonly Requirement[] };

/** One answer under one assumption about what the evaluation cannot tell (inside or outside the MFA trusted IPs …). */
export interface Way {
  /** The assumption, in words ("inside the MFA trusted IPs"). */
  readonly assumption: string;
  readonly applied: readonly string[];
  readonly reportOnly: readonly string[];
  readonly asks: Outcome;
  readonly outcome: Outcome;
}

export interface Evaluation {
  /** Enabled policies that apply. */
  readonly applied: readonly string[];
  /** Report-only policies that would apply (they never enforce). */
  readonly reportOnly: readonly string[];
  /** What it asks (the What If level): the blocks and requirements of the applicable policies, whether or not this sign-in can meet them. */
  readonly asks: Outcome;
  /**
   * Can this sign-in meet it: what happens. A requirement the sign-in cannot meet (a compliant device from an
   * unregistered device, a device control in device code flow, an app control on an unsupported platform, any
   * control from a legacy client) is in effect a block; under OR, the alternatives it can meet remain.
   */
  readonly outcome: Outcome;
  /** Present when the result depends on something the evaluation cannot check offline (docs/whatif.md, Simplifications). */
  readonly simplifications?: readonly string[];
  /**
   * Present when the evaluation could not tell a fact (MFA trusted IPs not declared, a GPS country not shared) and
   * evaluated every way: the answer under each. The top-level fields are the strictest way's; coverage counts the
   * weakest way as the gap, the lockout proof the strictest as the lockout.
   */
  readonly ways?: readonly Way[];
}
