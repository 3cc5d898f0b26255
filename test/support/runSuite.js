// `npm test` after the type check: every spec in one mocha process under c8, which fails the run when
// coverage is below .c8rc.json's thresholds. c8 prints its table after mocha has exited; the
// reporter's "N passed, N failed" line is held back and printed last, where .ci/run reads it.
const { spawn } = require("child_process");
const path = require("path");

const SUMMARY = /^\d+ passed, \d+ failed/;
const c8 = require.resolve("c8/bin/c8.js");
const mocha = path.join(path.dirname(require.resolve("mocha/package.json")), "bin", "mocha.js");
const child = spawn(process.execPath, [c8, process.execPath, mocha, ...process.argv.slice(2)], { stdio: ["inherit", "pipe", "inherit"] });

let summary;
let pending = "";
child.stdout.setEncoding("utf8");
child.stdout.on("data", (chunk) => {
  const lines = (pending + chunk).split("\n");
  pending = lines.pop();
  for (const line of lines) {
    if (SUMMARY.test(line)) summary = line;
    else process.stdout.write(`${line}\n`);
  }
});
child.on("close", (code, signal) => {
  if (pending) SUMMARY.test(pending) ? (summary = pending) : process.stdout.write(pending);
  if (code !== 0 && summary && / 0 failed/.test(summary)) process.stdout.write("coverage is below the thresholds of .c8rc.json (see above): the run fails\n");
  if (summary) process.stdout.write(`${summary}\n`);
  process.exitCode = code ?? (signal ? 1 : 0);
});
