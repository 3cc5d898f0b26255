/**
 * `npm run bench` runs this file in its own process (it needs the Graph double, which lives with the
 * specs): `plan --against live` on a tenant of 195 policies whose enabled ones name 100 groups and 14
 * roles, against the Graph double answering each request after a latency. It prints the most Graph
 * requests in flight at once (as the double saw them) and the number of requests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { main as plan } from "../../cli/plan";
import { PRIVILEGED_ROLE_IDS } from "../../policies/wellKnownIds";
import { BREAK_GLASS_USER } from "../fixtures/ids";
import { exportableTenant, graphPolicy } from "../fixtures/exportTenant";
import { mixedRegistrations, userIdOf } from "../graph-double/registrationDetails";
import { startGraphDouble } from "../graph-double/server";
import { pipelineEnvironment } from "../support/graphClient";

const POLICIES = 195;
const GROUPS = 100;
const USERS = 2000;
const LATENCY_MS = Number(process.argv[2] ?? "100");
const groupId = (i: number) => `6a0e${String(i).padStart(4, "0")}-0000-4000-8000-00000000${String(i).padStart(4, "0")}`;

async function main(): Promise<void> {
  const double = await startGraphDouble();
  try {
    exportableTenant(double.tenant);
    const t = double.tenant;
    t.securityDefaults = false;
    t.policies.clear();
    for (let i = 0; i < POLICIES; i++) {
      const p = graphPolicy(`7b0e${String(i).padStart(4, "0")}-0000-4000-8000-000000000000`, `Policy ${i}`, i % 2 === 0 ? "enabled" : "disabled");
      // Every group and role is named by some enabled policy: 100 groups included or excluded, the 14 admin roles.
      p.conditions.users = { ...p.conditions.users, includeUsers: [], includeGroups: [groupId(i % GROUPS)], excludeGroups: [groupId((i + 37) % GROUPS)] };
      if (i % 10 === 0) p.conditions.users = { ...p.conditions.users, includeGroups: [], includeRoles: [...PRIVILEGED_ROLE_IDS] };
      t.policies.set(p.id, p);
    }
    for (let g = 0; g < GROUPS; g++)
      t.groupMembers.set(
        groupId(g),
        Array.from({ length: 20 }, (_, k) => userIdOf((g * 20 + k) % USERS)),
      );
    PRIVILEGED_ROLE_IDS.forEach((role, r) => t.roleAssignments.push({ roleDefinitionId: role, principalId: userIdOf(r) }));
    for (let u = 0; u < USERS; u++) t.users.set(userIdOf(u), { id: userIdOf(u), userPrincipalName: `user${u}@contoso.com`, perUserMfaState: "disabled" });
    t.registrationDetails = mixedRegistrations(USERS);
    double.latencyMs = LATENCY_MS;

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-bench-live-"));
    const caFile = path.join(dir, "ca.pem");
    fs.writeFileSync(caFile, double.ca);
    // A p1 stack (the tenant's licence) with Conditional Access, as the tenant has it: the guard accepts it, the drift shows.
    fs.writeFileSync(
      path.join(dir, "Pulumi.bench.yaml"),
      [
        "config:",
        "  entra-baseline:plan: p1",
        "  entra-baseline:protection: conditionalAccess",
        "  entra-baseline:policyState: enabled",
        "  entra-baseline:breakGlassUsers:",
        `    - ${BREAK_GLASS_USER}`,
        "",
      ].join("\n"),
    );
    const stdout: string[] = [];
    const stderr: string[] = [];
    const start = performance.now();
    const code = await plan(["--stack", "bench", "--stacks-dir", dir, "--against", "live", "--json"], {
      stdout: (s) => stdout.push(s),
      stderr: (s) => stderr.push(s),
      env: pipelineEnvironment(double, caFile),
    });
    const ms = performance.now() - start;
    if (code !== 0 && code !== 3) throw new Error(`plan --against live exited ${code}: ${stderr.join("")}`);
    const graph = double.graphRequests();
    const batches = graph.filter((r) => r.path.endsWith("/$batch")).length;
    console.log(
      `plan --against live, ${POLICIES} policies naming ${GROUPS} groups and ${PRIVILEGED_ROLE_IDS.length} roles, ${USERS} users, ` +
        `Graph double at ${LATENCY_MS} ms a request: at most ${double.inFlight.most} Graph requests in flight (target ≤ 8) · ` +
        `${graph.length} Graph requests (${batches} $batch carrying ${double.batchedRequests}) · ${ms.toFixed(0)} ms · exit ${code}`,
    );
  } finally {
    await double.close();
  }
}

main().catch((err) => {
  console.error(`live read bench: ${(err as Error).message}`);
  process.exit(1);
});
