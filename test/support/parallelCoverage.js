// Loaded by `npm test` (mocha --parallel under c8). Mocha stops its worker processes through workerpool,
// which kills a worker that has not exited within 1 s of being asked. A worker writes its V8 coverage as it
// exits, which takes longer than that for a process that loaded Pulumi: a killed worker's coverage is lost,
// and the c8 gate then fails on lines that did run. Workers are given a minute to exit instead.
const path = require("path");

// Mocha's own copy of workerpool, wherever npm placed it.
const workerpool = require(require.resolve("workerpool", { paths: [path.dirname(require.resolve("mocha/package.json"))] }));

const pool = workerpool.pool;
workerpool.pool = (script, options) => pool(script, { ...options, workerTerminateTimeout: 60_000 });
