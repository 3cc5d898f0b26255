import * as pulumi from "@pulumi/pulumi";
import { providerInputs, type ProviderInputsRule } from "../components/providerInputsRule";
import type { Finding } from "../guard/finding";
import { allFindings, runRules, type RunnableRule } from "../guard/rule";
import type { PlannedResource } from "../documents/planResult";
import { UnsupportedPulumiError } from "../documents/errors";

import { isPolicyResource } from "../components/policyResources";
import { GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE } from "../components/resourceTypes";

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
    // With the `import` option the engine receives the id of the existing resource to adopt; the Graph-backed policy
    // takes it as its `adoptId` input instead (its create adopts that policy, whose id it keeps).
    const adopted = args.type === GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE && typeof args.inputs.adoptId === "string" ? args.inputs.adoptId : undefined;
    const importId = args.id || adopted;
    this.recorded.push({ type: args.type, name: args.name, inputs: args.inputs, ...(importId ? { importId } : {}) });
    if (isPolicyResource(args.type)) {
      this.refused.push(...allFindings(runRules(this.inputRules, args.name, args.inputs, args.type)));
    }
    return { id: importId || `${args.name}-id`, state: { ...args.inputs } };
  }

  call(_args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    return {};
  }
}

/**
 * The internals of @pulumi/pulumi the offline plan relies on, none of them public: `runtime.waitForRPCs` (every
 * pending registration has reached the mocks), and the two it swaps to skip serializing dynamic providers (the
 * closure serializer that dynamic resources call, the settings' per-provider cache switch). All are in 3.248.0, the
 * only version the peer range `^3.248.0` allows that installs on Node 20 (3.249.0 and later need Node 22); a spec
 * checks them there. `missing` names each one the installed version lacks.
 */
export interface PulumiInternals {
  readonly waitForRPCs?: () => Promise<void>;
  readonly serializer?: {
    readonly closure: { serializeFunction: (...args: any[]) => Promise<{ text: string; containsSecrets: boolean }> };
    readonly options: { cacheDynamicProviders?: boolean };
  };
  readonly missing: readonly string[];
}

/** Finds the internals through `load` (`require`, or a stand-in in the specs); never throws. */
export function findPulumiInternals(load: (id: string) => any = require): PulumiInternals {
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch {
      return undefined;
    }
  };
  const waitForRPCs = attempt(() => load("@pulumi/pulumi/runtime/settings").waitForRPCs);
  const closure = attempt(() => load("@pulumi/pulumi/runtime/closure/serializeClosure"));
  const options = attempt(() => load("@pulumi/pulumi/runtime/state").getStore().settings.options);
  const missing = [
    ...(typeof waitForRPCs === "function" ? [] : ["runtime/settings waitForRPCs"]),
    ...(typeof closure?.serializeFunction === "function" ? [] : ["runtime/closure/serializeClosure serializeFunction"]),
    ...(typeof options === "object" && options !== null ? [] : ["runtime/state getStore().settings.options"]),
  ];
  return {
    ...(typeof waitForRPCs === "function" ? { waitForRPCs } : {}),
    ...(typeof closure?.serializeFunction === "function" && typeof options === "object" && options !== null ? { serializer: { closure, options } } : {}),
    missing,
  };
}

/** The installed @pulumi/pulumi's version, for messages. */
const pulumiVersion = (): string => (require("@pulumi/pulumi/package.json") as { version: string }).version;

/** The notice of the serializer's fallback: one line on stderr, once per process. */
export const serializerFallbackNotice = (missing: readonly string[], version: string): string =>
  `entra-baseline: @pulumi/pulumi ${version} has no ${missing.join(", ")}: ` +
  `the offline plan serializes the dynamic providers' code (the same plan, slower)`;

/** Where the notice goes: stderr, once per process. */
const toStderr = (line: string): void => void process.stderr.write(`${line}\n`);
/** Who has been told already: each listener hears the notice once. */
const noticed = new WeakSet<(line: string) => void>();

/** Resolves once every pending registration has reached the mocks; refuses, in one line, a version without `waitForRPCs`. */
export async function waitForRegistrations(internals: PulumiInternals = findPulumiInternals()): Promise<void> {
  if (!internals.waitForRPCs) throw new UnsupportedPulumiError("runtime/settings waitForRPCs", pulumiVersion());
  return internals.waitForRPCs();
}

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
 * per-provider cache switch, so the stand-in is never cached for a later real run. Where the
 * installed version lacks them, `body` runs as it is (serializing: the same plan, slower), after one notice (`say`).
 */
export async function withoutProviderSerialization<T>(
  body: () => Promise<T>,
  internals: PulumiInternals = findPulumiInternals(),
  say: (line: string) => void = toStderr,
): Promise<T> {
  if (!internals.serializer) {
    if (!noticed.has(say)) say(serializerFallbackNotice(internals.missing, pulumiVersion()));
    noticed.add(say);
    return body();
  }
  const { closure, options } = internals.serializer;
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
