import type { Options, ValidateFunction } from "ajv";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Where ajv's standalone code is kept between runs (beside the TypeScript transform cache of cli/register.js). */
const CACHE = process.env.ENTRA_BASELINE_TS_CACHE ?? path.join(__dirname, "..", "node_modules", ".cache", "entra-baseline-ts");

/**
 * Validators for JSON Schemas (draft-07), compiled by ajv on first use and kept as ajv's standalone code,
 * keyed by ajv's version, the options and the schemas. A command then starts without loading or running
 * ajv's compiler, a tenth of a plan's start-up. A cache that cannot be read or written only costs the compile.
 * @param name names the cache file, e.g. `config`
 * @param schemas each validator's schema, by the name it is returned under
 * @param options ajv's options (`code.source` is added)
 * @param cache the cache folder
 */
export function cachedValidators<Name extends string>(
  name: string,
  schemas: Readonly<Record<Name, object>>,
  options: Options,
  cache: string = CACHE,
): Record<Name, ValidateFunction> {
  const key = createHash("sha256")
    .update(`ajv ${require("ajv/package.json").version}\0${JSON.stringify([options, schemas])}`)
    .digest("hex");
  const file = path.join(cache, `${name}-${key}.js`);
  try {
    return require(file);
  } catch {
    // Not cached yet, or the cache is not readable: compile.
  }
  const Ajv = require("ajv").default as typeof import("ajv").default;
  const ajv = new Ajv({ ...options, code: { ...options.code, source: true } });
  for (const [id, schema] of Object.entries<object>(schemas)) ajv.addSchema(schema, id);
  const names = Object.keys(schemas) as Name[];
  const validators = Object.fromEntries(names.map((id) => [id, ajv.getSchema(id)!])) as Record<Name, ValidateFunction>;
  try {
    const standaloneCode = require("ajv/dist/standalone").default as typeof import("ajv/dist/standalone").default;
    fs.mkdirSync(cache, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, standaloneCode(ajv, Object.fromEntries(names.map((id) => [id, id]))));
    fs.renameSync(partial, file);
  } catch {
    // Not cached: the next run compiles again.
  }
  return validators;
}
