/**
 * `npm run bench` runs this file in its own process (it needs the Graph double, which lives with the
 * specs): export of a tenant with 195 full-feature policies (the real-world corpus's, cycled, each with
 * a named location) and 50 named locations, time and Graph requests; then the drift of the same estate
 * right after, which must show no change.
 */
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { exportTenant } from "../../cli/export";
import { readTenant } from "../../live/readTenant";
import { runPlan } from "../../plan/runPlan";
import { startGraphDouble } from "../graph-double/server";
import { graphLocation } from "../fixtures/exportTenant";
import { corpusTenant, loadCorpus } from "../fixtures/corpus";
import { clientFor } from "../support/graphClient";

const POLICIES = 195;
const LOCATIONS = 50;

async function main(): Promise<void> {
  const double = await startGraphDouble();
  try {
    const corpus = loadCorpus();
    corpusTenant(double.tenant, corpus);
    double.tenant.policies.clear();
    double.tenant.namedLocations.clear();
    // Full-feature policies: every corpus policy the export writes (all but the beta-only ones; authentication contexts and
    // application filters through the Graph-backed resource).
    const models = corpus.entries.filter((e) => !e.betaOnly);
    const locationIds = Array.from({ length: LOCATIONS }, (_, i) => `7c0e${String(i).padStart(4, "0")}-0000-4000-8000-00000000${String(i).padStart(4, "0")}`);
    locationIds.forEach((id, i) => double.tenant.namedLocations.set(id, graphLocation(id, `Location ${i}`, i % 2 === 0 ? "ip" : "country")));
    for (let i = 0; i < POLICIES; i++) {
      const p = structuredClone(corpus.policies.get(models[i % models.length].id)!);
      p.id = randomUUID();
      p.displayName = `${p.displayName} #${i}`;
      if (p.grantControls)
        p.grantControls["authenticationStrength@odata.context"] = p.grantControls["authenticationStrength@odata.context"].replace(/\('[^']*'\)/, `('${p.id}')`);
      p.conditions.locations = { includeLocations: ["All"], excludeLocations: [locationIds[i % LOCATIONS]] };
      double.tenant.policies.set(p.id, p);
    }
    const times: number[] = [];
    let requests = 0;
    let paged = 0;
    let text = "";
    let exported = { policies: 0, adopted: 0, locations: 0, leftOut: 0, risks: 0 };
    for (let run = 0; run < 3; run++) {
      const before = double.graphRequests().length;
      const start = performance.now();
      const result = await exportTenant(clientFor(double), "bench");
      times.push(performance.now() - start);
      const calls = double.graphRequests().slice(before);
      requests = calls.length;
      paged = calls.filter((r) => r.path.includes("$skiptoken")).length;
      const e = result.exported;
      text = result.text;
      exported = {
        policies: Object.keys(e.customPolicies).length,
        adopted: Object.keys(e.adopt).length,
        locations: Object.keys(e.namedLocations).length,
        leftOut: e.skipped.length,
        risks: (e.inheritedRisks ?? []).length,
      };
    }
    const median = [...times].sort((a, b) => a - b)[1];
    console.log(
      `export of a tenant with ${POLICIES} full-feature policies and ${LOCATIONS} named locations: ${median.toFixed(0)} ms (median of 3), ` +
        `${requests} Graph requests (${requests - paged} + ${paged} pages of ${double.pageSize}); ` +
        `${exported.policies} custom + ${exported.adopted} adopted policies, ${exported.locations} named locations written, ` +
        `${exported.leftOut} left out, ${exported.risks} inherited risks · target ≤ 10 requests plus paging, < 2000 ms`,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-export-bench-"));
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), text.replace("breakGlassConfirmed: false", "breakGlassConfirmed: true"));
    const start = performance.now();
    const plan = await runPlan({ stack: "bench", stacksDir: dir, readTenant: () => readTenant(clientFor(double)) });
    const changed = plan.drift!.policies.filter((p) => !["unchanged", "unmanaged", "adopt"].includes(p.status)).length;
    console.log(
      `drift of the same estate right after: ${plan.drift!.drifted ? `CHANGES (${changed} policies)` : "no change"} ` +
        `in ${(performance.now() - start).toFixed(0)} ms · target: no change`,
    );
  } finally {
    await double.close();
  }
}

main().catch((err) => {
  console.error(`export bench: ${(err as Error).message}`);
  process.exit(1);
});
