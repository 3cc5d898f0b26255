/**
 * `npm run bench` runs this file in its own process (it needs the Graph double, which lives with the
 * specs): export of a tenant with 195 policies and 50 named locations, time and Graph requests.
 */
import { performance } from "perf_hooks";
import { exportTenant } from "../../cli/export";
import { startGraphDouble } from "../graph-double/server";
import { exportableTenant, graphLocation, graphPolicy } from "../fixtures/exportTenant";
import { clientFor } from "../support/graphClient";

const POLICIES = 195;
const LOCATIONS = 50;

async function main(): Promise<void> {
  const double = await startGraphDouble();
  try {
    exportableTenant(double.tenant);
    double.tenant.policies.clear();
    double.tenant.namedLocations.clear();
    const locationIds = Array.from({ length: LOCATIONS }, (_, i) => `7c0e${String(i).padStart(4, "0")}-0000-4000-8000-00000000${String(i).padStart(4, "0")}`);
    locationIds.forEach((id, i) => double.tenant.namedLocations.set(id, graphLocation(id, `Location ${i}`, i % 2 === 0 ? "ip" : "country")));
    for (let i = 0; i < POLICIES; i++) {
      const p = graphPolicy(`policy-${i}`, `Policy ${i}`, i % 3 === 0 ? "enabled" : "enabledForReportingButNotEnforced");
      p.conditions.locations = { includeLocations: ["All"], excludeLocations: [locationIds[i % LOCATIONS]] };
      double.tenant.policies.set(p.id, p);
    }
    const times: number[] = [];
    let requests = 0;
    let paged = 0;
    let exported = { policies: 0, locations: 0 };
    for (let run = 0; run < 3; run++) {
      const before = double.graphRequests().length;
      const start = performance.now();
      const { exported: e } = await exportTenant(clientFor(double), "bench");
      times.push(performance.now() - start);
      const calls = double.graphRequests().slice(before);
      requests = calls.length;
      paged = calls.filter((r) => r.path.includes("$skiptoken")).length;
      exported = { policies: Object.keys(e.customPolicies).length, locations: Object.keys(e.namedLocations).length };
    }
    const median = [...times].sort((a, b) => a - b)[1];
    console.log(
      `export of a tenant with ${POLICIES} policies and ${LOCATIONS} named locations: ${median.toFixed(0)} ms (median of 3), ` +
        `${requests} Graph requests (${requests - paged} + ${paged} pages of ${double.pageSize}); ` +
        `${exported.policies} custom policies, ${exported.locations} named locations written · target ≤ 10 requests plus paging, < 5000 ms`,
    );
  } finally {
    await double.close();
  }
}

main().catch((err) => {
  console.error(`export bench: ${(err as Error).message}`);
  process.exit(1);
});
