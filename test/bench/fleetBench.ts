/**
 * `npm run bench` runs this file in its own process (the Graph double lives with the specs), with
 * `--expose-gc`: `fleet drift` over 1, 100 and 1,000 tenants, each with its own app registration,
 * against the fleet double answering every request (token requests too) after 100 ms, 16 tenants
 * at once. Prints the time against the ideal (tenants ÷ concurrency × one tenant's time) and the
 * peak heap of 100 vs 1,000 tenants.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { connectTenant, fleetAgent } from "../../fleet/credentials";
import type { FleetResult } from "../../fleet/result";
import { runFleet } from "../../fleet/run";
import { selectStacks } from "../../fleet/select";
import { WHOLE } from "../../fleet/shard";
import { memoizedWhatIf } from "../../fleet/whatIf";
import { startFleetDouble, type FleetDouble } from "../graph-double/fleetDouble";
import { newTenant } from "../graph-double/tenantState";
import { freeStack, reportOnlyP1, stagingP2 } from "../fleet/stacks";

const LATENCY_MS = 100;
const CONCURRENCY = 16;
const STACK_KINDS = [freeStack, reportOnlyP1, stagingP2];

/** A folder of `count` stacks (free, p1, p2 in turn), each with its tenant in the double and its own variables. */
/** One tenant state for all tenants: the double's memory stays out of the fleet's (tenants differ by id and credentials). */
const SHARED_STATE = newTenant();

function fleetOf(double: FleetDouble, count: number): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-bench-"));
  const env: NodeJS.ProcessEnv = { ENTRA_BASELINE_GRAPH_ENDPOINT: double.url, AZURE_AUTHORITY_HOST: double.url };
  for (let i = 0; i < count; i++) {
    const tenant = double.addTenant(SHARED_STATE);
    const name = `tenant${String(i).padStart(4, "0")}`;
    fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), STACK_KINDS[i % STACK_KINDS.length]());
    Object.assign(env, {
      [`${name.toUpperCase()}_AZURE_TENANT_ID`]: tenant.tenantId,
      [`${name.toUpperCase()}_AZURE_CLIENT_ID`]: tenant.clientId,
      [`${name.toUpperCase()}_AZURE_CLIENT_SECRET`]: tenant.clientSecret,
    });
  }
  return { dir, env };
}

async function drift(double: FleetDouble, count: number, concurrency: number): Promise<{ ms: number; peakHeap: number; result: FleetResult }> {
  const { dir, env } = fleetOf(double, count);
  global.gc?.();
  // The live heap (after a full collection) every 2 s: what the run holds, not the garbage it has yet to collect.
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    global.gc?.();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 2000);
  const agent = fleetAgent(double.ca);
  const start = performance.now();
  const { selected, stacks } = selectStacks(dir, [], WHOLE);
  const result = await runFleet({
    command: "drift",
    tags: [],
    selected,
    stacks,
    shard: WHOLE,
    stacksDir: dir,
    concurrency,
    tenantTimeoutMs: 300_000,
    connect: (stack) => connectTenant(stack, { env, tlsCa: double.ca, agent }),
    whatIf: memoizedWhatIf(),
    now: Date.now,
  });
  const ms = performance.now() - start;
  clearInterval(sampler);
  agent.destroy();
  global.gc?.();
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  fs.rmSync(dir, { recursive: true, force: true });
  const failed = result.tenants.filter((t) => t.status === "failed");
  if (failed.length > 0) throw new Error(`${failed.length} tenants failed, e.g. ${failed[0].stack}: ${failed[0].failure?.message}`);
  for (const t of [...double.tenants.keys()]) double.tenants.delete(t);
  return { ms, peakHeap, result };
}

async function main(): Promise<void> {
  const double = await startFleetDouble();
  try {
    await drift(double, 3, 3); // warm: modules loaded, the plans' code compiled
    double.latencyMs = LATENCY_MS;
    const ones = [];
    for (let i = 0; i < 3; i++) ones.push((await drift(double, 1, 1)).ms);
    const one = ones.sort((a, b) => a - b)[1];
    const hundred = await drift(double, 100, CONCURRENCY);
    const cpu = process.cpuUsage();
    const thousand = await drift(double, 1000, CONCURRENCY);
    const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
    const ideal = (1000 / CONCURRENCY) * one;
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    console.log(
      `fleet drift, 1,000 tenants (free, p1, p2 in turn), Graph double answering each request after ${LATENCY_MS} ms, concurrency ${CONCURRENCY}: ` +
        `${(thousand.ms / 1000).toFixed(1)} s; one tenant alone ${one.toFixed(0)} ms (median of 3); ideal ${(ideal / 1000).toFixed(1)} s; ` +
        `${(thousand.ms / ideal).toFixed(2)} × the ideal · target ≤ 2 × · peak Graph requests in flight ${double.inFlight.most} · ` +
        `CPU ${(cpuMs / 1000).toFixed(1)} s (${(cpuMs / 1000).toFixed(1)} ms a tenant, the double's TLS and answers included; ` +
        `${((100 * cpuMs) / thousand.ms).toFixed(0)} % of one core over the run)`,
    );
    console.log(
      `fleet drift peak live heap (after a full GC, every 2 s): 100 tenants ${mib(hundred.peakHeap)} (${(hundred.ms / 1000).toFixed(1)} s), ` +
        `1,000 tenants ${mib(thousand.peakHeap)}: ` +
        `${(thousand.peakHeap / hundred.peakHeap).toFixed(2)} × for 10 × the tenants`,
    );
  } finally {
    await double.close();
  }
}

main().catch((err) => {
  console.error(`fleet bench: ${(err as Error).stack}`);
  process.exit(1);
});
