import { expect } from "chai";
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { main } from "../cli/fleet";
import { mergeShards } from "../fleet/merge";
import type { FleetResult } from "../fleet/result";
import { pooled } from "../fleet/run";
import { inShard, parseShard, shardOf } from "../fleet/shard";
import { EXIT } from "../documents/errors";
import { runCli } from "./support/cli";
import { freeStack, stacksFolder, stagingP2 } from "./fleet/stacks";
import { writeIn } from "./support/files";

const STACK_NAME = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);

describe("fleet --shard i/n: stacks assigned stably by name", () => {
  it("puts every stack in exactly one shard, whatever the names and the count", () => {
    fc.assert(
      fc.property(fc.uniqueArray(STACK_NAME, { maxLength: 60 }), fc.integer({ min: 1, max: 256 }), (names, count) => {
        for (const name of names) {
          const owners = Array.from({ length: count }, (_, i) => i + 1).filter((index) => inShard(name, { index, count }));
          expect(owners).to.deep.equal([shardOf(name, count)]);
        }
      }),
    );
  });

  it("assigns a stack by its name alone: adding or removing other stacks never moves it", () => {
    fc.assert(
      fc.property(STACK_NAME, fc.uniqueArray(STACK_NAME, { maxLength: 30 }), fc.integer({ min: 1, max: 64 }), (name, others, count) => {
        const before = shardOf(name, count);
        others.forEach((o) => shardOf(o, count));
        expect(shardOf(name, count)).to.equal(before);
      }),
    );
  });

  it("is the same on every machine: fixed assignments", () => {
    expect([shardOf("contoso", 4), shardOf("fabrikam", 4), shardOf("northwind", 4), shardOf("contoso", 1)]).to.deep.equal([
      shardOf("contoso", 4),
      shardOf("fabrikam", 4),
      shardOf("northwind", 4),
      1,
    ]);
    // FNV-1a of "a" is 0xe40c292c: pinned so a change of hash (which would move every stack) is seen.
    expect(shardOf("a", 1000)).to.equal((0xe40c292c % 1000) + 1);
  });

  it("spreads many stacks over the shards", () => {
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 1000; i++) counts[shardOf(`tenant-${i}`, 4) - 1]++;
    for (const c of counts) expect(c).to.be.within(200, 300);
  });

  it("rejects a shard that is not i/n with 1 ≤ i ≤ n", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const m = /^\s*(\d{1,3})\/(\d{1,3})\s*$/.exec(text);
        const valid = !!m && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]) && Number(m[2]) <= 256;
        if (valid) expect(parseShard(text)).to.deep.equal({ index: Number(m![1]), count: Number(m![2]) });
        else expect(() => parseShard(text)).to.throw(/give i\/n/);
      }),
    );
    for (const bad of ["0/4", "5/4", "1/0", "1/257", "a/b", "1/2/3", ""]) expect(() => parseShard(bad), bad).to.throw(/--shard/);
  });
});

describe("pooled: at most N tenants at once, rows in stack order", () => {
  it("never runs more than the limit at once and keeps the order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (delays, limit) => {
        let running = 0;
        let peak = 0;
        const out = await pooled(delays, limit, async (d) => {
          running++;
          peak = Math.max(peak, running);
          for (let i = 0; i < d; i++) await Promise.resolve();
          running--;
          return d * 2;
        });
        expect(out).to.deep.equal(delays.map((d) => d * 2));
        expect(peak).to.be.at.most(limit);
        if (delays.length >= limit && delays.every((d) => d > 0)) expect(peak).to.equal(limit);
      }),
    );
  });
});

describe("fleet merge: one report from the shards of one run", () => {
  let folder: ReturnType<typeof stacksFolder>;
  const shardFile = (i: number, n: number, command = "plan") => path.join(folder.dir, `${command}-${i}-of-${n}.json`);
  const runShard = (i: number, n: number, command = "plan", extra: string[] = []) =>
    runCli(main, [command, "--stacks-dir", folder.dir, "--shard", `${i}/${n}`, "--format", "json", "--out", shardFile(i, n, command), ...extra]);

  before(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 7; i++) files[`t${i}`] = i % 3 === 0 ? stagingP2() : freeStack();
    folder = stacksFolder(files);
    for (let i = 1; i <= 3; i++) await runShard(i, 3);
    await runShard(1, 2);
    await runShard(1, 3, "whatif");
  });
  after(() => folder.cleanup());

  it("gives each shard its own stacks, and their merge equals the whole run's rows", async () => {
    const shards = [1, 2, 3].map((i) => JSON.parse(fs.readFileSync(shardFile(i, 3), "utf8")) as FleetResult);
    const names = shards.map((s) => s.tenants.map((t) => t.stack));
    expect(names.flat().sort()).to.deep.equal(["t0", "t1", "t2", "t3", "t4", "t5", "t6"]);
    for (const s of shards) expect(s.selected).to.have.length(7);
    const merged = await runCli(main, ["merge", shardFile(3, 3), shardFile(1, 3), shardFile(2, 3), "--format", "json"]);
    expect(merged.code, merged.stderr).to.equal(EXIT.ok);
    const result = JSON.parse(merged.stdout) as FleetResult;
    expect(result.tenants.map((t) => t.stack)).to.deep.equal(["t0", "t1", "t2", "t3", "t4", "t5", "t6"]);
    expect(result.shards).to.deep.equal({ count: 3, indexes: [1, 2, 3] });
    expect(result.summary).to.include({ tenants: 7, ok: 7 });
    const whole = JSON.parse((await runCli(main, ["plan", "--stacks-dir", folder.dir, "--format", "json"])).stdout) as FleetResult;
    const strip = (r: FleetResult) => r.tenants.map(({ startedAt, durationMs, ...rest }) => rest);
    expect(strip(result)).to.deep.equal(strip(whole));
  });

  it("writes markdown and HTML of the merged fleet", async () => {
    const md = await runCli(main, ["merge", shardFile(1, 3), shardFile(2, 3), shardFile(3, 3), "--format", "md"]);
    expect(md.stdout).to.match(/^## fleet plan: 7 tenants; 7 ok/);
    const html = await runCli(main, ["merge", shardFile(1, 3), shardFile(2, 3), shardFile(3, 3), "--format", "html"]);
    expect(html.stdout).to.include('<th scope="row">t6</th>');
  });

  it("rejects a missing shard, naming it (exit 2)", async () => {
    const run = await runCli(main, ["merge", shardFile(1, 3), shardFile(3, 3)]);
    expect(run.code).to.equal(EXIT.usage);
    expect(run.stderr).to.equal("fleet: shard 2/3 missing; merge every shard of the run (a failed job's shard too)\n");
  });

  it("rejects a shard given twice", async () => {
    const run = await runCli(main, ["merge", shardFile(1, 3), shardFile(2, 3), shardFile(2, 3), shardFile(3, 3)]);
    expect(run.code).to.equal(EXIT.usage);
    expect(run.stderr).to.equal(`fleet: shard 2/3 is given twice (${shardFile(2, 3)} and ${shardFile(2, 3)}); give each shard once\n`);
  });

  it("rejects shards of different runs: another shard count, another command", async () => {
    const counts = await runCli(main, ["merge", shardFile(1, 3), shardFile(1, 2)]);
    expect(counts.code).to.equal(EXIT.usage);
    expect(counts.stderr).to.include("are shards of different runs: shard count 2 vs 3");
    const commands = await runCli(main, ["merge", shardFile(1, 3), shardFile(1, 3, "whatif")]);
    expect(commands.code).to.equal(EXIT.usage);
    expect(commands.stderr).to.include('are shards of different runs: command "whatif" vs "plan"');
  });

  it("rejects overlapping rows and rows of stacks the run did not select", () => {
    const one = JSON.parse(fs.readFileSync(shardFile(1, 3), "utf8")) as FleetResult;
    const two = JSON.parse(fs.readFileSync(shardFile(2, 3), "utf8")) as FleetResult;
    const three = JSON.parse(fs.readFileSync(shardFile(3, 3), "utf8")) as FleetResult;
    const overlapping = { ...two, tenants: [...two.tenants, one.tenants[0]] };
    expect(() =>
      mergeShards([
        { file: "1", result: one },
        { file: "2", result: overlapping },
        { file: "3", result: three },
      ]),
    ).to.throw(`tenant "${one.tenants[0].stack}" is in 1 and in 2: the shards overlap; run each shard with the same stacks`);
    const dropped = { ...two, tenants: two.tenants.slice(1) };
    expect(() =>
      mergeShards([
        { file: "1", result: one },
        { file: "2", result: dropped },
        { file: "3", result: three },
      ]),
    ).to.throw(`no row for "${two.tenants[0].stack}" in any shard`);
    const foreign = { ...two, tenants: [...two.tenants, { ...two.tenants[0], stack: "<elsewhere>" }] };
    expect(() =>
      mergeShards([
        { file: "1", result: one },
        { file: "2", result: foreign },
        { file: "3", result: three },
      ]),
    ).to.throw('rows for "<elsewhere>", which the run did not select');
    expect(() => mergeShards([])).to.throw("merge: give the shard files");
  });

  it("rejects files that are not shards: missing, not JSON, a plan, another version, bad rows", async () => {
    const write = (name: string, text: string) => writeIn(folder.dir, name, text);
    const good = JSON.parse(fs.readFileSync(shardFile(1, 3), "utf8"));
    const cases: [string, string][] = [
      [path.join(folder.dir, "missing.json"), "cannot read it (ENOENT)"],
      [write("text.json", "not json"), "not JSON"],
      [write("plan.json", JSON.stringify({ stack: "x", conditionalAccessPolicies: [] })), 'not a fleet result (no "kind": "entra-baseline/fleet")'],
      [write("v2.json", JSON.stringify({ ...good, version: 2 })), "version 2, this entra-baseline reads version 1"],
      [write("cmd.json", JSON.stringify({ ...good, command: "deploy" })), '"command" is "deploy"'],
      [write("rows.json", JSON.stringify({ ...good, tenants: [{ stack: 1 }] })), '"tenants" must be a list of rows'],
      [write("shards.json", JSON.stringify({ ...good, shards: { count: "3" } })), '"shards" must be { count, indexes }'],
      [write("tags.json", JSON.stringify({ ...good, tags: "tier1" })), '"tags" and "selected" must be lists'],
      [write("times.json", JSON.stringify({ ...good, startedAt: 1 })), '"startedAt" and "finishedAt" must be ISO times'],
      [write("array.json", "[]"), "not a fleet result"],
    ];
    for (const [file, message] of cases) {
      const run = await runCli(main, ["merge", file]);
      expect(run.code, file).to.equal(EXIT.usage);
      expect(run.stderr, file).to.include(message);
      expect(run.stderr.split("\n"), file).to.have.length(2);
    }
    const beyond = write("beyond.json", JSON.stringify({ ...good, shards: { count: 3, indexes: [4] } }));
    expect((await runCli(main, ["merge", beyond])).stderr).to.include("shard 4 of 3 does not exist");
  });
});
