"use strict";
// Preloaded into each timed process: writes its own CPU time (user + system, ms) on exit to the file
// ENTRA_BASELINE_BENCH_CPU names, so a ratio stays meaningful on a machine others are busy with.
process.on("exit", () => {
  const file = process.env.ENTRA_BASELINE_BENCH_CPU;
  if (!file) return;
  const usage = process.cpuUsage();
  require("fs").writeFileSync(file, String((usage.user + usage.system) / 1000));
});
