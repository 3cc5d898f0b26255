import { UsageError } from "../documents/errors";

/** One part of a fleet run split over machines: `--shard 2/4` is index 2 of count 4 (1-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The whole fleet as one shard: a run without `--shard`. */
export const WHOLE: Shard = { index: 1, count: 1 };

const MAX_SHARDS = 256;

/** `--shard i/n`, or a usage error naming the flag and the fix. */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UsageError(`--shard ${JSON.stringify(text)}: give i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, e.g. --shard 2/4 (the second of four machines)`);
  }
  return { index, count };
}

/** FNV-1a (32 bit) of the name's UTF-8 bytes: the same on every machine and Node version. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/**
 * The shard (1-based) a stack belongs to, by its name alone: adding or removing another stack never
 * moves it, and every machine of a matrix computes the same split without talking to the others.
 */
export const shardOf = (stack: string, count: number): number => (fnv1a(stack) % count) + 1;

export const inShard = (stack: string, shard: Shard): boolean => shard.count === 1 || shardOf(stack, shard.count) === shard.index;
