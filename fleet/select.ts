import { rawConfigFromPulumi } from "../config/fromPulumi";
import { availableStacks, readStackConfig } from "../documents/stackFile";
import { UsageError } from "../documents/errors";
import { failureOf } from "./failure";
import type { FleetFailure } from "./result";
import { inShard, Shard } from "./shard";

/** A stack of the fleet: its configuration as Pulumi would pass it, or why it cannot be read. */
export interface FleetStack {
  readonly name: string;
  /** The stack file's config bag (namespaced keys, JSON text values); absent when the file cannot be read. */
  readonly config?: Readonly<Record<string, string>>;
  readonly tags: readonly string[];
  readonly failure?: FleetFailure;
}

export interface Selection {
  /** Every stack the tags select, before sharding (what `fleet merge` checks the shards against). */
  readonly selected: readonly string[];
  /** This shard's stacks. */
  readonly stacks: readonly FleetStack[];
}

/** The stack's `tags` as written; a malformed value is left to the configuration's own check, which names it. */
function tagsOf(config: Readonly<Record<string, string>>): readonly string[] {
  const tags = rawConfigFromPulumi(config).tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

function readStack(name: string, stacksDir: string): FleetStack {
  try {
    const config = readStackConfig(name, stacksDir);
    return { name, config, tags: tagsOf(config) };
  } catch (err) {
    return { name, tags: [], failure: failureOf(err) };
  }
}

/**
 * The stacks of `stacksDir` a fleet command runs over: those carrying any of `tags` (all of them
 * when no tag is given), then this shard's part. A stack whose file cannot be read is kept, as a
 * failed row, whatever the tags: a broken stack never drops silently out of the fleet.
 */
export function selectStacks(stacksDir: string, tags: readonly string[], shard: Shard): Selection {
  const names = availableStacks(stacksDir);
  if (names.length === 0) throw new UsageError(`no stack files (Pulumi.<stack>.yaml) in ${stacksDir}; pass --stacks-dir <dir>`);
  const read = names.map((name) => readStack(name, stacksDir));
  const chosen = read.filter((s) => tags.length === 0 || s.failure !== undefined || s.tags.some((t) => tags.includes(t)));
  if (chosen.length === 0) {
    const known = [...new Set(read.flatMap((s) => s.tags))].sort();
    throw new UsageError(
      `no stack carries the tag ${tags.map((t) => JSON.stringify(t)).join(" or ")}; tags in ${stacksDir}: ${known.join(", ") || "(none)"}; ` +
        "set entra-baseline:tags in the stack files, or drop --tag",
    );
  }
  return { selected: chosen.map((s) => s.name), stacks: chosen.filter((s) => inShard(s.name, shard)) };
}
