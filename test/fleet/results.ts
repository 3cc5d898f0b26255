import { expect } from "chai";
import { main } from "../../cli/fleet";
import type { FleetResult, FleetRow } from "../../fleet/result";
import { fleetResult } from "../../fleet/summary";
import { runCli } from "../support/cli";

/** A fleet result of one shard over every row's stack, with no tag filter, run between the two times. */
export function oneShardResult(command: FleetResult["command"], rows: FleetRow[], startedAt: string, finishedAt: string): FleetResult {
  return fleetResult({ command, tags: [], selected: rows.map((r) => r.stack), shards: { count: 1, indexes: [1] }, startedAt, finishedAt }, rows);
}

/** Runs `fleet <command> --stacks-dir <dir> --format json` in-process, expects its exit code, and reads the fleet's JSON. */
export async function fleetJson(command: string, dir: string, env: NodeJS.ProcessEnv, exit: number): Promise<FleetResult> {
  const run = await runCli(main, [command, "--stacks-dir", dir, "--format", "json"], env);
  expect(run.code, run.stderr).to.equal(exit);
  return JSON.parse(run.stdout) as FleetResult;
}
