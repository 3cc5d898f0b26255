import * as pulumi from "@pulumi/pulumi";
import { providerInputs, type ProviderInputsRule } from "../components/providerInputsRule";
import type { Finding } from "../guard/finding";
import { allFindings, runRules, type RunnableRule } from "../guard/rule";
import type { PlannedResource } from "../documents/planResult";

import { isPolicyResource } from "../components/policyResources";

export {
  AUTHENTICATION_METHODS_TYPE,
  CONDITIONAL_ACCESS_POLICY_TYPE,
  GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE,
  NAMED_LOCATION_TYPE,
  SECURITY_DEFAULTS_TYPE,
} from "../components/resourceTypes";

/**
 * Pulumi mocks that record every registered resource, so the offline plan and
 * the tests see exactly what the program would ask the engine to create.
 */
export class ResourceRecorder implements pulumi.runtime.Mocks {
  private recorded: PlannedResource[] = [];
  private refused: Finding[] = [];

  /** @param inputRules - the rules over each Conditional Access policy's inputs (`EB-PROVIDER-INPUTS`) */
  constructor(private readonly inputRules: readonly RunnableRule<Parameters<ProviderInputsRule["check"]>>[] = [providerInputs]) {}

  /** What the real provider would refuse at `pulumi up`, found while recording: `EB-PROVIDER-INPUTS` findings. */
  get findings(): readonly Finding[] {
    return this.refused;
  }

  get resources(): readonly PlannedResource[] {
    return this.recorded;
  }

  reset(): void {
    this.recorded = [];
    this.refused = [];
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    // With the `import` option the engine receives the id of the existing resource to adopt.
    this.recorded.push({ type: args.type, name: args.name, inputs: args.inputs, ...(args.id ? { importId: args.id } : {}) });
    if (isPolicyResource(args.type)) {
      this.refused.push(...allFindings(runRules(this.inputRules, args.name, args.inputs, args.type)));
    }
    return { id: args.id || `${args.name}-id`, state: { ...args.inputs } };
  }

  call(_args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    return {};
  }
}

/** Resolves once every pending registration has reached the mocks (an SDK internal, stable since 3.x). */
export const waitForRegistrations: () => Promise<void> = (pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs;

let installed: ResourceRecorder | undefined;

/**
 * The process's one recorder. Pulumi mocks are global to the process, so they are set the
 * first time this is called and reused after (tests, the plan CLI and the benchmark share it).
 */
export function sharedRecorder(preview = true): ResourceRecorder {
  if (!installed) {
    installed = new ResourceRecorder();
    void pulumi.runtime.setMocks(installed, "entra-baseline", "offline", preview);
  }
  return installed;
}

/** What stands for a dynamic provider's code while the offline plan runs (the plan leaves that code out). */
export const PROVIDER_NOT_SERIALIZED = "entra-baseline offline plan: dynamic provider code not serialized";

/**
 * Runs `body` without serializing the dynamic providers' code. Pulumi serializes a dynamic
 * provider as a closure when its resource is constructed, parsing every function it reaches
 * with the TypeScript compiler: most of the offline plan's own time, for code the plan never
 * deploys and leaves out of its JSON. Safe there only; the specs serialize each provider as
 * `pulumi up` does. It swaps two internals of @pulumi/pulumi 3.x (pinned; a spec checks both),
 * restored after `body`: the closure serializer that dynamic resources call, and the
 * per-provider cache switch, so the stand-in is never cached for a later real run.
 */
export async function withoutProviderSerialization<T>(body: () => Promise<T>): Promise<T> {
  const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction: unknown };
  const options = (require("@pulumi/pulumi/runtime/state") as { getStore: () => { settings: { options: { cacheDynamicProviders?: boolean } } } }).getStore()
    .settings.options;
  const [serializeFunction, cacheDynamicProviders] = [closure.serializeFunction, options.cacheDynamicProviders];
  closure.serializeFunction = async () => ({ text: PROVIDER_NOT_SERIALIZED, containsSecrets: false });
  options.cacheDynamicProviders = false;
  try {
    return await body();
  } finally {
    closure.serializeFunction = serializeFunction;
    options.cacheDynamicProviders = cacheDynamicProviders;
  }
}
