import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cachedValidators } from "../config/cachedValidators";
import { CONFIG_SCHEMA } from "../config/schema";

const OPTIONS = { allErrors: true, verbose: true, strict: true };
const BAD = { plan: "p9", breakGlassUsers: ["a", "a"], policyState: 3 };

describe("validators cached as ajv's standalone code", () => {
  let cache: string;
  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), "eb-ajv-"));
  });

  it("compiles once, then loads the cached code, which answers exactly as the compiled validator", () => {
    const compiled = cachedValidators("config", { config: CONFIG_SCHEMA }, OPTIONS, cache).config;
    const files = fs.readdirSync(cache);
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/^config-[0-9a-f]{64}\.js$/);
    const cached = cachedValidators("config", { config: CONFIG_SCHEMA }, OPTIONS, cache).config;
    expect(cached).to.not.equal(compiled);
    for (const config of [BAD, { plan: "p1" }, { unknownKey: true }]) {
      expect(cached(config)).to.equal(compiled(config));
      expect(cached.errors).to.deep.equal(compiled.errors, JSON.stringify(config));
    }
  });

  it("keys the cache by schema and options: another schema is compiled, not answered from the cache", () => {
    cachedValidators("config", { config: CONFIG_SCHEMA }, OPTIONS, cache);
    const planOnly = cachedValidators("config", { config: { ...CONFIG_SCHEMA, additionalProperties: true } }, OPTIONS, cache).config;
    expect(fs.readdirSync(cache)).to.have.length(2);
    expect(planOnly({ plan: "p1", unknownKey: true })).to.equal(true);
    expect(cachedValidators("config", { config: CONFIG_SCHEMA }, { ...OPTIONS, allErrors: false }, cache).config).to.be.a("function");
    expect(fs.readdirSync(cache)).to.have.length(3);
  });

  it("compiles again over a cache file it cannot load, and without a cache it can write", () => {
    const [file] = (cachedValidators("config", { config: CONFIG_SCHEMA }, OPTIONS, cache), fs.readdirSync(cache));
    fs.writeFileSync(path.join(cache, file), "this is not JavaScript {");
    expect(cachedValidators("config", { config: CONFIG_SCHEMA }, OPTIONS, cache).config(BAD)).to.equal(false);
    const notAFolder = path.join(cache, file);
    expect(cachedValidators("config", { config: CONFIG_SCHEMA }, OPTIONS, notAFolder).config({ plan: "p2" })).to.equal(true);
  });
});
