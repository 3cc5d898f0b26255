/**
 * `npm run bench` runs this file in its own process (it needs the Graph double, which lives with the
 * specs): `plan --against live` on a tenant of 195 policies whose enabled ones name 100 groups and 14
 * roles, against the Graph double answering each request after a latency. It prints the most Graph
 * requests in flight at once (as the double saw them) and the number of requests; then the same run
 * with 1 and with 6 authentication methods limited to groups (EB-LIVE-AUTH-METHOD-OFF reads their
 * transitive members, batched with the policies' groups): requests, most in flight, and the requests
 * each method group adds.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { main as plan } from "../../cli/plan";
import { AUTHENTICATION_METHODS } from "../../config/types";
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

/** Methods a stack may limit to a group: all but the Authenticator app, which stays on for everyone (EB-AUTH-KEEP-A-METHOD). */
const GROUPABLE = AUTHENTICATION_METHODS.filter((m) => m !== "microsoftAuthenticator");
const methodGroupId = (i: number) => `8c0e${String(i).padStart(4, "0")}-0000-4000-8000-00000000${String(i).padStart(4, "0")}`;

interface LiveRun {
  readonly code: number;
  readonly ms: number;
  readonly mostInFlight: number;
  readonly requests: number;
  readonly batches: number;
  readonly batched: number;
}

/** `plan --against live` on the bench tenant, its stack limiting the first `methodGroups` methods each to a group of every user. */
async function run(methodGroups: number): Promise<LiveRun> {
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
    // Each method group holds every user: nobody loses a method, so the guard accepts the stack and the run reads them all.
    const methods: readonly string[] = GROUPABLE.slice(0, methodGroups);
    methods.forEach((_, m) =>
      t.groupMembers.set(
        methodGroupId(m),
        Array.from({ length: USERS }, (_, u) => userIdOf(u)),
      ),
    );
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
        // The first `methodGroups` methods limited to their groups, the others on for everyone (none turned off).
        ...(methods.length > 0
          ? [
              "  entra-baseline:authenticationMethods:",
              "    methods:",
              ...AUTHENTICATION_METHODS.map((m) => `      ${m}: ${methods.includes(m) ? `{ group: ${methodGroupId(methods.indexOf(m))} }` : "enabled"}`),
            ]
          : []),
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
    if (code !== 0 && code !== 3) throw new Error(`plan --against live (${methodGroups} method groups) exited ${code}: ${stderr.join("")}`);
    const graph = double.graphRequests();
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      code,
      ms,
      mostInFlight: double.inFlight.most,
      requests: graph.length,
      batches: graph.filter((r) => r.path.endsWith("/$batch")).length,
      batched: double.batchedRequests,
    };
  } finally {
    await double.close();
  }
}

async function main(): Promise<void> {
  const none = await run(0);
  console.log(
    `plan --against live, ${POLICIES} policies naming ${GROUPS} groups and ${PRIVILEGED_ROLE_IDS.length} roles, ${USERS} users, ` +
      `Graph double at ${LATENCY_MS} ms a request: at most ${none.mostInFlight} Graph requests in flight (target ≤ 8) · ` +
      `${none.requests} Graph requests (${none.batches} $batch carrying ${none.batched}) · ${none.ms.toFixed(0)} ms · exit ${none.code}`,
  );
  const one = await run(1);
  const all = await run(GROUPABLE.length);
  const each = (r: LiveRun, n: number) => ((r.requests - none.requests) / n).toFixed(1);
  const eachBatched = (r: LiveRun, n: number) => ((r.batched - none.batched) / n).toFixed(1);
  console.log(
    `the same with methods limited to groups of all ${USERS} users (their transitive members read with the policies' groups): ` +
      `1 method group ${one.requests} Graph requests (${(one.requests / none.requests).toFixed(2)} × none; ${one.batched} inside $batch), ` +
      `most in flight ${one.mostInFlight}; ${GROUPABLE.length} method groups ${all.requests} requests ` +
      `(${(all.requests / none.requests).toFixed(2)} × none; ${all.batched} inside $batch), most in flight ${all.mostInFlight} (target ≤ 8) · ` +
      `each method group adds ${each(one, 1)} / ${each(all, GROUPABLE.length)} Graph requests and ` +
      `${eachBatched(one, 1)} / ${eachBatched(all, GROUPABLE.length)} reads inside $batch (its members' pages) · exit ${one.code}, ${all.code}`,
  );
}

main().catch((err) => {
  console.error(`live read bench: ${(err as Error).message}`);
  process.exit(1);
});
