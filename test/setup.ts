// Pulumi mocks are global to the process: they are set once here, before any spec runs. Under
// `mocha --parallel` (npm test) the main process only hands out spec files, and each worker process
// (MOCHA_WORKER_ID) sets its own mocks; the main one need not load Pulumi at all.
const parallelMain = process.argv.includes("--parallel") && process.env.MOCHA_WORKER_ID === undefined;
if (!parallelMain) (require("./support/mockEngine") as typeof import("./support/mockEngine")).installMocks();
