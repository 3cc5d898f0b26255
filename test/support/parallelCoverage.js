// Coverage for `npm test`'s mocha --parallel run, loaded with --require before cli/register.js and test/setup.ts.
//
// In each worker (MOCHA_WORKER_ID set) it starts V8's block coverage through the inspector, before any of the
// project's TypeScript is compiled, and writes it as it exits, in NODE_V8_COVERAGE's format for `c8 report`:
// - with counts, as NODE_V8_COVERAGE collects it (V8's binary mode is cheaper but read 85 % of branches for 92 %);
// - only the project's own scripts: NODE_V8_COVERAGE writes every script the process loaded, Pulumi's and
//   gRPC's included, about 5 MB a process that c8 would then read and throw away;
// - only in the workers: Node hands NODE_V8_COVERAGE to every child process, even one spawned without it in
//   its environment, so the smoke spawns paid for coverage too, and the ts-node spawn's coverage of the same
//   files, compiled differently, was merged into the report;
// - with each file's source map (from cli/register.js, which adds them when ENTRA_BASELINE_COVERAGE is set),
//   so that c8 counts lines of the TypeScript.
// Together that took about 8 s of CPU off `npm test` (measured).
//
// In the main process it lets the workers finish writing: mocha stops them through workerpool, which kills a
// worker that has not exited within 1 s of being asked; they are given a minute instead.
const fs = require("fs");
const path = require("path");
const { fileURLToPath } = require("url");

const OUTPUT = process.env.ENTRA_BASELINE_COVERAGE;
const ROOT = path.join(__dirname, "..", "..");
const INLINE_MAP = "//# sourceMappingURL=data:application/json;charset=utf-8;base64,";

/** Whether a script V8 reports is one of the project's own (not a dependency's, not Node's). */
function isOwnScript(url) {
  if (!url.startsWith("file:")) return false;
  const relative = path.relative(ROOT, fileURLToPath(url));
  return !relative.startsWith("..") && !relative.split(path.sep).includes("node_modules");
}

/** Node's source-map-cache entry for a TypeScript file, as register.js compiled it: its map and the compiled lines' lengths. */
function sourceMapEntry(file) {
  const { compiled } = require("../../cli/register.js");
  const code = compiled(fs.readFileSync(file, "utf8"), file, undefined, true);
  const at = code.lastIndexOf(INLINE_MAP);
  if (at < 0) return undefined;
  return {
    lineLengths: code.split(/\n|\u2028|\u2029/).map((line) => line.length),
    data: JSON.parse(Buffer.from(code.slice(at + INLINE_MAP.length).trim(), "base64").toString("utf8")),
  };
}

function collectInWorker() {
  const inspector = require("inspector");
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
  process.once("exit", () => {
    // A session on the process's own thread answers synchronously, so this runs to the end before the exit.
    session.post("Profiler.takePreciseCoverage", (error, coverage) => {
      if (error) throw error;
      const result = coverage.result.filter((script) => isOwnScript(script.url));
      const sourceMaps = {};
      for (const script of result) {
        if (!script.url.endsWith(".ts")) continue;
        const entry = sourceMapEntry(fileURLToPath(script.url));
        if (entry) sourceMaps[script.url] = entry;
      }
      fs.mkdirSync(OUTPUT, { recursive: true });
      fs.writeFileSync(path.join(OUTPUT, `coverage-${process.pid}.json`), JSON.stringify({ result, "source-map-cache": sourceMaps }));
    });
  });
}

function letWorkersFinishWriting() {
  // Mocha's own copy of workerpool, wherever npm placed it.
  const workerpool = require(require.resolve("workerpool", { paths: [path.dirname(require.resolve("mocha/package.json"))] }));
  const pool = workerpool.pool;
  workerpool.pool = (script, options) => pool(script, { ...options, workerTerminateTimeout: 60_000 });
}

if (process.env.MOCHA_WORKER_ID === undefined) letWorkersFinishWriting();
else if (OUTPUT) collectInWorker();
