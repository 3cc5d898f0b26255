"use strict";
// Runs the project's TypeScript as `-r sucrase/register/ts` does (sucrase's "typescript" and
// "imports" transforms, line for line), with each file's output cached on disk, keyed by the
// sucrase version, the file's path and its content. Once a command's files are cached it starts
// without loading sucrase or transforming anything: the precompiled JS, without a build step that
// could go stale. A cache that cannot be written (read-only install) only costs the transform.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE = process.env.ENTRA_BASELINE_TS_CACHE || path.join(__dirname, "..", "node_modules", ".cache", "entra-baseline-ts");
// Under coverage (c8's NODE_V8_COVERAGE, or npm test's ENTRA_BASELINE_COVERAGE: test/support/parallelCoverage.js)
// each file carries its source map, so coverage is counted on the TypeScript.
const WITH_SOURCE_MAP = !!(process.env.NODE_V8_COVERAGE || process.env.ENTRA_BASELINE_COVERAGE);
const SALT = `sucrase ${require("sucrase/package.json").version}; typescript, imports`;

let sucrase;
function transform(source, filename, withSourceMap = WITH_SOURCE_MAP) {
  sucrase = sucrase || require("sucrase");
  const sourceMapOptions = withSourceMap ? { compiledFilename: filename } : undefined;
  const { code, sourceMap } = sucrase.transform(source, { transforms: ["typescript", "imports"], filePath: filename, sourceMapOptions });
  if (!sourceMap) return code;
  return `${code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(sourceMap)).toString("base64")}`;
}

/** The JS of one TypeScript file: from the cache, or transformed and cached. */
function compiled(source, filename, cache = CACHE, withSourceMap = WITH_SOURCE_MAP) {
  const salt = `${SALT}${withSourceMap ? "; source map" : ""}`;
  const key = crypto.createHash("sha256").update(salt).update("\0").update(filename).update("\0").update(source).digest("hex");
  const file = path.join(cache, `${key}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    const code = transform(source, filename, withSourceMap);
    try {
      fs.mkdirSync(cache, { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(partial, code);
      fs.renameSync(partial, file);
    } catch {
      // Not cached: the next run transforms again.
    }
    return code;
  }
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(compiled(fs.readFileSync(filename, "utf8"), filename), filename);
};

module.exports = { compiled, transform };
