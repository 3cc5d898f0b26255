export type { Control, RiskState, SignIn } from "../policies/facts";
export { RISK_STATES } from "../policies/facts";
import type { Control } from "../policies/facts";

/** What one policy asks of the sign-in: all of the controls (AND) or any one (OR). */
export interface Requirement {
  readonly policy: string;
  readonly operator: "AND" | "OR";
  readonly controls: readonly Control[];
}

export type Outcome =
  | { readonly kind: "allowed" }
  /** `because` is set when a legacy client is blocked by a policy that asks for a control rather than blocking. */
  | { readonly kind: "blocked"; readonly by: readonly string[]; readonly because?: string }
  /** Every requirement must be met (AND across policies). */
  | { readonly kind: "challenge"; readonly requirements: readonly Requirement[] };

export interface Evaluation {
  /** Enabled policies that apply. */
  readonly applied: readonly string[];
  /** Report-only policies that would apply (they never enforce). */
  readonly reportOnly: readonly string[];
  readonly outcome: Outcome;
  /** Present when the result depends on something the evaluation cannot check offline (docs/whatif.md, Simplifications). */
  readonly simplifications?: readonly string[];
}
