// `npm test`, on every core of the machine, in three parts that run side by side:
// - the type check, which also builds dist/ (checkAndBuild.js);
// - the specs, in mocha's parallel mode with one worker per core (at least two), collecting V8 coverage for c8;
// - once dist/ is built, the package spec in a mocha process of its own: it packs and installs dist/,
//   and its time goes to npm and tsc, whose coverage would not map to the sources.
// Then c8's report, which fails the run when coverage is below .c8rc.json's thresholds. The closing line,
// where .ci/run reads it, sums both mocha runs: "N passed, N failed". A failed type check, or a mocha run
// that ends without its summary, counts as one more failure; after a failed type check the package spec does not run.
// With ENTRA_BASELINE_BROWSER_SPECS=1 (.ci/run does it), the browser specs (test/browser/*.browser.ts) then run as a
// step of their own, and their counts join the closing line. Extra arguments go to every mocha run, e.g.
// `npm test -- --grep "the guard"`.
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const SUMMARY = /^(\d+) passed, (\d+) failed/;
const ROOT = path.join(__dirname, "..", "..");
const COVERAGE = path.join(ROOT, "coverage", "tmp");
/** The browser specs (`*.browser.ts`: not `.test.ts`, so not in the parallel run), run only when asked. */
const BROWSER = process.env.ENTRA_BASELINE_BROWSER_SPECS === "1";
const BROWSER_SPECS = fs
  .readdirSync(path.join(ROOT, "test", "browser"))
  .filter((f) => f.endsWith(".browser.ts"))
  .map((f) => path.join("test", "browser", f));
/** The specs that read dist/: the package spec and the public API report, in a mocha process of their own once it is built. */
const DIST_SPECS = [path.join("test", "package.test.ts"), path.join("test", "api-report.test.ts")];
const mocha = path.join(path.dirname(require.resolve("mocha/package.json")), "bin", "mocha.js");
const c8 = require.resolve("c8/bin/c8.js");
const jobs = String(Math.max(2, os.availableParallelism()));
const mochaArgs = process.argv.slice(2);

/** The longest spec files (2–7 s each, measured 2026-12-06): they start first, so that the workers end together. */
const LONGEST_FIRST = [
  "fleet-isolation",
  "advice-accepted",
  "security-defaults",
  "whatif-oracle",
  "graph-answers",
  "whatif-coverage",
  "whatif-delta",
  "authentication-methods",
  "step1-plan",
  "entra-baseline-cli",
  "graph-client",
];
const rank = (spec) => {
  const i = LONGEST_FIRST.indexOf(path.basename(spec, ".test.ts"));
  return i < 0 ? LONGEST_FIRST.length : i;
};

/** Every spec but the package's, the longest first, then by name. */
const specs = fs
  .readdirSync(path.join(ROOT, "test"), { recursive: true })
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => path.join("test", f))
  .filter((f) => !DIST_SPECS.includes(f))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

/** Runs a node script in the repository; resolves with its exit code and what it printed (streamed too, if asked). */
function run(args, env, stream) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    for (const from of [child.stdout, child.stderr]) {
      from.setEncoding("utf8");
      from.on("data", (chunk) => (stream ? stream(chunk) : (output += chunk)));
    }
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** Prints a mocha run's output, keeping back its closing "N passed, N failed" line; returns that line's counts. */
function lineFilter() {
  let pending = "";
  const counts = { passed: 0, failed: 0, seen: false };
  const print = (line) => {
    const match = SUMMARY.exec(line);
    if (match) Object.assign(counts, { passed: Number(match[1]), failed: Number(match[2]), seen: true });
    else process.stdout.write(`${line}\n`);
  };
  return {
    counts,
    write(chunk) {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop();
      lines.forEach(print);
    },
    end() {
      if (pending) print(pending);
      pending = "";
    },
  };
}

/**
 * Fills cli/register.js's cache with every TypeScript file as the coverage runs load it (with its source map),
 * which takes a second here, instead of in each mocha worker at once on a fresh clone.
 */
function warmTypeScriptCache() {
  const { compiled } = require("../../cli/register.js");
  const skipped = new Set(["node_modules", "dist", "coverage", ".git"]);
  const visit = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory() && !skipped.has(entry.name)) visit(file);
      else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) compiled(fs.readFileSync(file, "utf8"), file, undefined, true);
    }
  };
  visit(ROOT);
}

async function main() {
  warmTypeScriptCache();
  fs.rmSync(COVERAGE, { recursive: true, force: true });
  fs.mkdirSync(COVERAGE, { recursive: true });

  const specsOutput = lineFilter();
  const mainRun = run(
    [mocha, "--parallel", "--jobs", jobs, "--require", "test/support/parallelCoverage.js", ...mochaArgs, ...specs],
    { ENTRA_BASELINE_COVERAGE: COVERAGE },
    (chunk) => specsOutput.write(chunk),
  );
  const checked = await run([path.join(__dirname, "checkAndBuild.js")], {});
  // The package spec needs no Pulumi mocks in its own process (test/setup.ts): its programs run in the project it installs.
  const packageArgs = ["--no-config", "--require", "./cli/register.js", "--timeout", "20000", "--reporter", "test/support/summaryReporter.js"];
  const packageRun = checked.code === 0 ? run([mocha, ...packageArgs, ...mochaArgs, ...DIST_SPECS], { ENTRA_BASELINE_TEST_DIST_BUILT: "1" }) : undefined;
  const tested = await mainRun;
  specsOutput.end();

  const packageOutput = lineFilter();
  const packaged = packageRun ? await packageRun : undefined;
  if (packaged) {
    packageOutput.write(packaged.output);
    packageOutput.end();
  }

  const report = await run([c8, "report"], {}, (chunk) => process.stdout.write(chunk));

  // With ENTRA_BASELINE_BROWSER_SPECS=1 (.ci/run), the browser specs (npm run test:browser) as a step of their own, after
  // the others: they drive Chromium, so they share no core with the specs, and their counts join the closing line.
  const browserOutput = lineFilter();
  const browsed = BROWSER ? await run([mocha, ...mochaArgs, ...BROWSER_SPECS], {}, (chunk) => browserOutput.write(chunk)) : undefined;
  browserOutput.end();

  // Failures the mocha counts do not hold: each is one more on the closing line.
  const uncounted = [];
  if (browsed && browsed.code !== 0 && !browserOutput.counts.seen) uncounted.push("the browser specs ended without their summary (see above)");
  if (checked.code !== 0) uncounted.push(`the type check (tsc over tsconfig.json) failed, and the package spec did not run:\n${checked.output}`);
  if (tested.code !== 0 && !specsOutput.counts.seen) uncounted.push("mocha ended without its summary (see above)");
  if (packaged && packaged.code !== 0 && !packageOutput.counts.seen) uncounted.push("the package spec ended without its summary (see above)");
  for (const failure of uncounted) process.stdout.write(`\n${failure}\n`);
  if (report.code !== 0) process.stdout.write("\ncoverage is below the thresholds of .c8rc.json (see above): the run fails\n");

  const passed = specsOutput.counts.passed + packageOutput.counts.passed + browserOutput.counts.passed;
  const failed = specsOutput.counts.failed + packageOutput.counts.failed + browserOutput.counts.failed + uncounted.length;
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = checked.code || tested.code || (packaged?.code ?? 0) || report.code || (browsed?.code ?? 0);
}

main();
