import * as pulumi from "@pulumi/pulumi";
import type { Finding } from "../guard/finding";
import type { GuardInput } from "../guard/input";
import { errorsOf, runGuard } from "../guard/runGuard";
import { BaselineRejectedError } from "./errors";
import { reportFindings } from "./reportFindings";

export interface BaselineGuardArgs {
  /** Everything the stack declares: plan, protection, Security Defaults, break-glass ids and every CA policy in Graph shape. */
  readonly input: GuardInput;
}

/**
 * The guard as a component, for library users who declare their own policy set: it runs
 * every rule and throws, listing every error, before the resources that depend on it exist.
 * Declare it first and give your policies `dependsOn: [guard]`.
 */
export class BaselineGuard extends pulumi.ComponentResource {
  readonly findings: readonly Finding[];

  constructor(name: string, args: BaselineGuardArgs, opts?: pulumi.ComponentResourceOptions) {
    const findings = runGuard(args.input);
    if (errorsOf(findings).length > 0) throw new BaselineRejectedError([], findings);
    super("entra-baseline:index:BaselineGuard", name, {}, opts);
    this.findings = findings;
    reportFindings(findings, this);
    this.registerOutputs({ findings });
  }
}
