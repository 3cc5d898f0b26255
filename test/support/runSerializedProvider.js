// Runs one method of a serialized dynamic provider the way Pulumi's dynamic-provider host
// does (require-from-string, then .handler()), in a process configured only by its environment.
// Usage: node runSerializedProvider.js <provider-file> <method> <json-args>
const fs = require("fs");
const path = require("path");

const [file, method, args] = process.argv.slice(2);
const pulumiHost = path.dirname(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"));
const requireFromString = require(require.resolve("require-from-string", { paths: [pulumiHost] }));
const provider = requireFromString(fs.readFileSync(file, "utf8"), path.join(pulumiHost, "provider.js")).handler();

provider[method](...JSON.parse(args)).then(
  (result) => process.stdout.write(JSON.stringify(result ?? null)),
  (err) => {
    process.stderr.write(err && typeof err.message === "string" ? err.message : JSON.stringify(err));
    // How the provider host would log it (`${e}`), and whether it is a real Error there.
    process.stdout.write(JSON.stringify({ thrown: { text: String(err), isError: err instanceof Error } }));
    process.exit(1);
  },
);
