/** How a guard finding affects a run: errors stop it, warnings are logged, info is shown in the plan. */
export type FindingSeverity = "error" | "warning" | "info";

/** One result of one guard rule. */
export interface Finding {
  /** Stable rule id, e.g. `EB-SD-CA-CONFLICT`; listed in the README's rule table. */
  readonly rule: string;
  readonly severity: FindingSeverity;
  /** What is wrong, the value that makes it wrong, and the fix. */
  readonly message: string;
  /** Display name of the policy the finding is about, when it is about one. */
  readonly policy?: string;
  /**
   * An error the stack inherited from the tenant, unchanged since the export (config `inheritedRisks`): shown as a
   * warning with its fix, it does not stop `pulumi up`.
   * @default - not inherited
   */
  readonly inherited?: true;
}
