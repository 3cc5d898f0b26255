// Runs methods of a serialized dynamic provider the way Pulumi's dynamic-provider host does
// (require-from-string, then .handler(), one process for all of a deployment's calls), in a process
// configured only by its environment.
// Usage: node runSerializedProvider.js <provider-file> <json: [{ method, args }]>
// Prints a JSON array with one entry per call: { result } or { thrown: { message, text, isError } }.
// The calls stop at the first that throws, and the process then exits 1.
const fs = require("fs");
const path = require("path");

const [file, calls] = process.argv.slice(2);
const pulumiHost = path.dirname(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"));
const requireFromString = require(require.resolve("require-from-string", { paths: [pulumiHost] }));
const provider = requireFromString(fs.readFileSync(file, "utf8"), path.join(pulumiHost, "provider.js")).handler();

(async () => {
  const outcomes = [];
  for (const { method, args } of JSON.parse(calls)) {
    try {
      outcomes.push({ result: (await provider[method](...args)) ?? null });
    } catch (err) {
      // How the provider host would log it (`${e}`), and whether it is a real Error there.
      const message = err && typeof err.message === "string" ? err.message : JSON.stringify(err);
      outcomes.push({ thrown: { message, text: String(err), isError: err instanceof Error } });
      process.exitCode = 1;
      break;
    }
  }
  process.stdout.write(JSON.stringify(outcomes));
})();
