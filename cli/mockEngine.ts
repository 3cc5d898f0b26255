import type * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "./planResult";

/**
 * Pulumi mocks that record every registered resource, so the offline plan and
 * the tests see exactly what the program would ask the engine to create.
 */
export class ResourceRecorder implements pulumi.runtime.Mocks {
  private recorded: PlannedResource[] = [];

  get resources(): readonly PlannedResource[] {
    return this.recorded;
  }

  reset(): void {
    this.recorded = [];
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    this.recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
    return { id: `${args.name}-id`, state: { ...args.inputs } };
  }

  call(_args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    return {};
  }
}
