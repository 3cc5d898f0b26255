// `npm test`'s type check, which also builds the package: one TypeScript program over tsconfig.json's files
// (sources, specs, bench) is checked, then its library files are emitted into dist/ with
// tsconfig.build.json's options, as `npm run build` writes them. `npm run build` and this check would
// otherwise each check the library from scratch; the package spec uses this dist/ instead of building.
// Prints the diagnostics and exits 1 when the check fails (dist/ is then left alone).
// Usage: node test/support/checkAndBuild.js
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const root = path.join(__dirname, "..", "..");

function parsed(configFile) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) };
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, configFile), undefined, host);
  if (config.errors.length) fail(config.errors);
  return config;
}

function fail(diagnostics) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stdout.write(format(diagnostics, host));
  process.exit(1);
}

// The validators generated from the JSON Schemas (npm run validators) must be current before they are built into dist/.
require("../../cli/register.js");
const { copyValidatorsInto, staleValidators } = require("./generateValidators.ts");
const stale = staleValidators();
if (stale.length) {
  process.stdout.write(stale.map((file) => `${file} is not what its schema generates: run npm run validators and commit it\n`).join(""));
  process.exit(1);
}

const check = parsed("tsconfig.json");
const build = parsed("tsconfig.build.json");
// The check's own options (its `types` include mocha's for the specs), with the build's emit options.
const { outDir, rootDir, declaration, sourceMap } = build.options;
const program = ts.createProgram({ rootNames: check.fileNames, options: { ...check.options, noEmit: false, outDir, rootDir, declaration, sourceMap } });
// Every file's syntax and types; declaration diagnostics (for the library files only) come with their emit.
const diagnostics = [
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...program.getSyntacticDiagnostics(),
  ...program.getSemanticDiagnostics(),
];
if (diagnostics.length) fail(diagnostics);

// What the build emits: its files, and the JSON modules they import (resolveJsonModule), as tsc -p would.
const library = new Set(build.fileNames.map((f) => path.resolve(f)));
const libraryFolders = new Set([...library].map((f) => path.relative(root, f).split(path.sep)[0]));
const emitted = program.getSourceFiles().filter((sourceFile) => {
  const file = path.resolve(sourceFile.fileName);
  if (library.has(file)) return true;
  const relative = path.relative(root, file);
  return file.endsWith(".json") && !relative.startsWith("..") && libraryFolders.has(relative.split(path.sep)[0]);
});
fs.rmSync(outDir, { recursive: true, force: true });
for (const sourceFile of emitted) {
  const result = program.emit(sourceFile);
  if (result.diagnostics.length) fail(result.diagnostics);
}
// tsc emits TypeScript only: the generated validator modules are copied beside what loads them.
copyValidatorsInto(outDir);
