import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";

const ROOT = path.join(__dirname, "..");
const CPU_PRELOAD = path.join(__dirname, "cpuUsage.js");
const REGISTER = path.join(ROOT, "cli", "register.js");

/** A process the benchmark starts, with the node arguments that start it as its npm script does. */
export interface Timed {
  readonly label: string;
  readonly node: readonly string[];
}

export interface Timing {
  /** Median wall time, ms. */
  readonly wall: number;
  /** Median CPU time (user + system) of the process itself, ms: steadier than wall time on a busy machine. */
  readonly cpu: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function once(node: readonly string[]): { wall: number; cpu: number } {
  const cpuFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eb-bench-")), "cpu");
  const start = performance.now();
  const child = spawnSync(process.execPath, ["-r", CPU_PRELOAD, ...node], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ENTRA_BASELINE_BENCH_CPU: cpuFile },
  });
  const wall = performance.now() - start;
  if (child.status !== 0 && child.status !== 3) throw new Error(`node ${node.join(" ")} failed (${child.status}): ${child.stderr}`);
  return { wall, cpu: Number(fs.readFileSync(cpuFile, "utf8")) };
}

/** Times each process `runs` times, interleaved (a, b, c, a, b, c, …) so a busy spell hurts all alike. */
export function timeInterleaved(processes: readonly Timed[], runs = 7): Map<string, Timing> {
  for (const p of processes) once(p.node); // warm: the file system cache and the TypeScript transform cache
  const samples = new Map(processes.map((p) => [p.label, { wall: [] as number[], cpu: [] as number[] }]));
  for (let run = 0; run < runs; run++) {
    for (const p of processes) {
      const { wall, cpu } = once(p.node);
      samples.get(p.label)!.wall.push(wall);
      samples.get(p.label)!.cpu.push(cpu);
    }
  }
  return new Map([...samples].map(([label, s]) => [label, { wall: median(s.wall), cpu: median(s.cpu) }]));
}

/** The commands as their npm scripts start them (`node -r ./cli/register.js cli/<command>.ts`). */
export const command = (label: string, script: string, ...args: string[]): Timed => ({ label, node: ["-r", REGISTER, path.join("cli", script), ...args] });

/** The startup ratios of issue #13: the diff CLI against bare node, the offline plan against loading Pulumi. */
export function startupRatios(p2Stack: string, runs = 7): string[] {
  const plan = path.join("test", "fixtures", "diff", "p2-enforced.json");
  const timings = timeInterleaved(
    [
      { label: "node", node: ["-e", "0"] },
      command("diff", "diff.ts", "--base", plan, "--head", plan),
      { label: "pulumi", node: ["-e", 'require("@pulumi/pulumi")'] },
      command("plan", "plan.ts", "--stack", p2Stack),
    ],
    runs,
  );
  const t = (label: string) => timings.get(label)!;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const ratio = (a: string, b: string, target: number) => {
    const [wall, cpu] = [t(a).wall / t(b).wall, t(a).cpu / t(b).cpu];
    const verdict = Math.max(wall, cpu) <= target ? "met" : cpu <= target ? "met in CPU time" : "missed";
    return `${wall.toFixed(2)} × wall, ${cpu.toFixed(2)} × CPU (target ≤ ${target} ×: ${verdict})`;
  };
  return [
    `startup, median of ${runs} interleaved runs (wall / CPU): bare node ${ms(t("node").wall)} / ${ms(t("node").cpu)}; ` +
      `require("@pulumi/pulumi") ${ms(t("pulumi").wall)} / ${ms(t("pulumi").cpu)}`,
    `diff CLI, two plans, fresh process: ${ms(t("diff").wall)} / ${ms(t("diff").cpu)} = ${ratio("diff", "node", 3)} bare node`,
    `npm run plan -- --stack ${p2Stack} (p2), fresh process: ${ms(t("plan").wall)} / ${ms(t("plan").cpu)} = ` +
      `${ratio("plan", "pulumi", 1.5)} require("@pulumi/pulumi")`,
  ];
}

/** `npm test`, once: its wall time against the target of 45 s on 2 cores. */
export function testSuiteTime(): string {
  const start = performance.now();
  const run = spawnSync("npm", ["test", "--silent"], { cwd: ROOT, encoding: "utf8", env: process.env });
  const seconds = (performance.now() - start) / 1000;
  const summary = run.stdout.trim().split("\n").pop();
  return `npm test: ${seconds.toFixed(1)} s wall on ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} (${summary}) · target < 45 s`;
}
