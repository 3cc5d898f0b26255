// The Step 1 report for a tenant of many users, against the Graph double, in its own process:
// `node --expose-gc -r sucrase/register/ts test/support/step1Bench.ts <users>` prints one JSON line.
// Run by `npm run bench` (bench/run.ts), which cannot import the double (test/ is the last layer).
import { performance } from "perf_hooks";
import { GRAPH_ENDPOINTS } from "../../graph/endpointTable";
import { registrationDetailPages, REGISTRATION_DETAILS_PATH } from "../../graph/registrationDetails";
import { step1Aggregator } from "../../step1/step1Report";
import { mixedRegistrations } from "../graph-double/registrationDetails";
import { startGraphDouble } from "../graph-double/server";
import { clientFor } from "./graphClient";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heap = () => process.memoryUsage().heapUsed;

async function main() {
  const users = Number(process.argv[2] ?? "100000");
  const double = await startGraphDouble();
  double.tenant.registrationDetails = mixedRegistrations(users);
  const client = clientFor(double);
  await client.get("/v1.0/policies/authorizationPolicy", "Policy.Read.All"); // token and TLS session outside the measure
  // Timed run: no gc calls inside.
  const start = performance.now();
  const timed = step1Aggregator({ securityDefaults: false, policies: [], groupMembers: new Map(), roleHolders: new Map(), breakGlassUsers: [] });
  for await (const page of registrationDetailPages(client)) timed.add(page);
  const report = timed.result();
  const ms = performance.now() - start;
  const requests = double.count("GET", REGISTRATION_DETAILS_PATH);

  // Memory run: the heap that stays live (after a gc) after each page, against the heap before.
  gc();
  const before = heap();
  const retained: number[] = [];
  const measured = step1Aggregator({ securityDefaults: false, policies: [], groupMembers: new Map(), roleHolders: new Map(), breakGlassUsers: [] });
  for await (const page of registrationDetailPages(client)) {
    measured.add(page);
    gc();
    retained.push(heap() - before);
  }
  measured.result();
  const after = heap() - before;

  // The same users held in memory (what streaming avoids), for the ratio.
  gc();
  const heldBefore = heap();
  const held = await client.getAll(`${REGISTRATION_DETAILS_PATH}?$top=999`, GRAPH_ENDPOINTS.registrationDetails.permission);
  gc();
  const heldRetained = heap() - heldBefore;
  await double.close();
  const counted = report.members.users + report.admins.users;
  const firstPage = retained[0] ?? 0;
  const maxRetained = Math.max(...retained, 0);
  process.stdout.write(
    `${JSON.stringify({ users, counted, requests, pages: report.pages, ms, firstPage, maxRetained, after, heldRetained, held: held.length })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
