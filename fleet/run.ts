import type { FleetCommand, FleetResult, FleetRow } from "./result";
import type { FleetStack } from "./select";
import type { Shard } from "./shard";
import { fleetResult } from "./summary";
import { tenantRow, type TenantRunContext } from "./tenantRow";

export interface FleetRunOptions extends TenantRunContext {
  readonly command: FleetCommand;
  readonly tags: readonly string[];
  /** Every stack the tags selected, before sharding. */
  readonly selected: readonly string[];
  /** This shard's stacks, the ones run here. */
  readonly stacks: readonly FleetStack[];
  readonly shard: Shard;
  /** Tenants at once; each tenant's own client bounds its requests in flight. */
  readonly concurrency: number;
  /** Hears each finished row (progress). */
  readonly onRow?: (row: FleetRow, done: number, total: number) => void;
  /**
   * Capture stack traces during the run. A row shows one line per failure, never a trace, and Pulumi's
   * runtime captures one for every promise of every plan: a third of a tenant's CPU time (`npm run bench`).
   * @default false - on with `ENTRA_BASELINE_DEBUG=1`
   */
  readonly stackTraces?: boolean;
}

/** Runs `worker` over `items`, at most `limit` at once, keeping their order in the result. */
export async function pooled<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/** Runs a fleet command over this shard's stacks: one row per tenant, failures on their rows, the exit code of the whole. */
export async function runFleet(options: FleetRunOptions): Promise<FleetResult> {
  const limit = Error.stackTraceLimit;
  if (!options.stackTraces) Error.stackTraceLimit = 0;
  try {
    return await run(options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

async function run(options: FleetRunOptions): Promise<FleetResult> {
  const startedAt = new Date(options.now()).toISOString();
  let done = 0;
  const tenants = await pooled(options.stacks, options.concurrency, async (stack) => {
    const row = await tenantRow(stack, options);
    options.onRow?.(row, ++done, options.stacks.length);
    return row;
  });
  return fleetResult(
    {
      command: options.command,
      tags: options.tags,
      selected: options.selected,
      shards: { count: options.shard.count, indexes: [options.shard.index] },
      startedAt,
      finishedAt: new Date(options.now()).toISOString(),
    },
    tenants,
  );
}
