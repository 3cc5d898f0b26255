import * as fs from "fs";
import { UsageError } from "../documents/errors";
import { FLEET_COMMANDS, FLEET_KIND, FLEET_VERSION, type FleetResult, type FleetRow } from "./result";
import { fleetResult } from "./summary";

const MAX_BYTES = 64 * 1024 * 1024;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

/** The one shape problem of a parsed shard, or undefined when it is a fleet result this version writes. */
function shapeProblem(value: unknown): string | undefined {
  if (!isObject(value) || value.kind !== FLEET_KIND) return `not a fleet result (no "kind": "${FLEET_KIND}")`;
  if (value.version !== FLEET_VERSION)
    return `version ${JSON.stringify(value.version)}, this entra-baseline reads version ${FLEET_VERSION}: run every shard with one version`;
  if (!FLEET_COMMANDS.includes(value.command as never)) return `"command" is ${JSON.stringify(value.command)}, not one of ${FLEET_COMMANDS.join(", ")}`;
  if (!isStringList(value.tags) || !isStringList(value.selected)) return `"tags" and "selected" must be lists of names`;
  const shards = value.shards;
  if (!isObject(shards) || !Number.isInteger(shards.count) || !Array.isArray(shards.indexes) || !shards.indexes.every(Number.isInteger))
    return `"shards" must be { count, indexes }`;
  if (!Array.isArray(value.tenants) || !value.tenants.every((t) => isObject(t) && typeof t.stack === "string" && (t.status === "ok" || t.status === "failed")))
    return `"tenants" must be a list of rows, each with "stack" and "status"`;
  if (typeof value.startedAt !== "string" || typeof value.finishedAt !== "string") return `"startedAt" and "finishedAt" must be ISO times`;
  return undefined;
}

/** A shard's JSON, or a usage error naming the file and the fix. */
export function readShard(file: string): FleetResult {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_BYTES)
      throw new UsageError(`${file}: larger than ${MAX_BYTES / 1024 / 1024} MiB; pass a file written by fleet --format json`);
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `${file}: cannot read it (${(err as { code?: string }).code ?? "unreadable"}); pass a file written by npm run fleet -- <command> --format json`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${file}: not JSON; pass a file written by npm run fleet -- <command> --format json`);
  }
  const problem = shapeProblem(value);
  if (problem) throw new UsageError(`${file}: ${problem}`);
  return value as FleetResult;
}

const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");

/**
 * One fleet result from the shards of one run. Refuses, naming the files: shards of different
 * commands, tags, shard counts or stack lists (mixed runs), a shard given twice or overlapping rows,
 * and a missing shard or tenant, so a merged report never silently covers less than the fleet.
 */
export function mergeShards(shards: readonly { readonly file: string; readonly result: FleetResult }[]): FleetResult {
  if (shards.length === 0) throw new UsageError("merge: give the shard files, e.g. fleet merge shard-*/fleet.json");
  const [first, ...rest] = shards;
  const same = (key: string, of: (r: FleetResult) => unknown, what: string) => {
    for (const s of rest) {
      if (JSON.stringify(of(s.result)) !== JSON.stringify(of(first.result)))
        throw new UsageError(
          `${s.file} and ${first.file} are shards of different runs: ${what} ${JSON.stringify(of(s.result))} vs ` +
            `${JSON.stringify(of(first.result))} (${key}); merge the shards of one run`,
        );
    }
  };
  same("command", (r) => r.command, "command");
  same("tags", (r) => r.tags, "tags");
  same("shards.count", (r) => r.shards.count, "shard count");
  same("selected", (r) => [...r.selected].sort(), "selected stacks");
  const count = first.result.shards.count;
  const owner = new Map<number, string>();
  for (const s of shards) {
    for (const index of s.result.shards.indexes) {
      if (index < 1 || index > count) throw new UsageError(`${s.file}: shard ${index} of ${count} does not exist`);
      const earlier = owner.get(index);
      if (earlier !== undefined) throw new UsageError(`shard ${index}/${count} is given twice (${earlier} and ${s.file}); give each shard once`);
      owner.set(index, s.file);
    }
  }
  const missingShards = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !owner.has(i));
  if (missingShards.length > 0)
    throw new UsageError(`shard ${missingShards.map((i) => `${i}/${count}`).join(", ")} missing; merge every shard of the run (a failed job's shard too)`);
  const rows = new Map<string, { row: FleetRow; file: string }>();
  for (const s of shards) {
    for (const row of s.result.tenants) {
      const earlier = rows.get(row.stack);
      if (earlier)
        throw new UsageError(
          `tenant ${JSON.stringify(row.stack)} is in ${earlier.file} and in ${s.file}: the shards overlap; run each shard with the same stacks`,
        );
      rows.set(row.stack, { row, file: s.file });
    }
  }
  const selected = [...first.result.selected].sort();
  const missing = selected.filter((name) => !rows.has(name));
  const extra = [...rows.keys()].filter((name) => !selected.includes(name));
  if (missing.length > 0) throw new UsageError(`no row for ${list(missing)} in any shard: a shard ran over other stacks; rerun the fleet`);
  if (extra.length > 0) throw new UsageError(`rows for ${list(extra)}, which the run did not select: shards of different stack folders; rerun the fleet`);
  const tenants = [...rows.values()].map((r) => r.row).sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  const times = shards.map((s) => s.result);
  return fleetResult(
    {
      command: first.result.command,
      tags: first.result.tags,
      selected,
      shards: { count, indexes: Array.from({ length: count }, (_, i) => i + 1) },
      startedAt: times.map((r) => r.startedAt).sort()[0],
      finishedAt: times
        .map((r) => r.finishedAt)
        .sort()
        .at(-1)!,
    },
    tenants,
  );
}
