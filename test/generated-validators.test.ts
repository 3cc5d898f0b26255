import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import { CONFIG_SCHEMA } from "../config/schema";
import { GENERATED_VALIDATORS, generatedText, staleValidators } from "./support/generateValidators";

const ROOT = path.join(__dirname, "..");
const BAD_CONFIG = { plan: "p9", breakGlassUsers: ["a", "a"], policyState: 3 };
const byFile = (file: string) => GENERATED_VALIDATORS.find((g) => g.file === file)!;

describe("validators generated at build time (npm run validators)", () => {
  it("commits each module as its schema generates it: run npm run validators after changing a schema", () => {
    expect(staleValidators(ROOT)).to.deep.equal([]);
  });

  it("finds a module that is stale (its schema changed since) or missing, naming it", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "eb-validators-"));
    const config = byFile("config/configValidator.generated.js");
    fs.mkdirSync(path.join(root, "config"));
    fs.writeFileSync(path.join(root, config.file), generatedText(config).replace('"additionalProperties":false', '"additionalProperties":true'));
    expect(staleValidators(root, [config])).to.deep.equal([config.file]);
    fs.writeFileSync(path.join(root, config.file), generatedText(config));
    expect(staleValidators(root)).to.deep.equal(["documents/planShapeValidators.generated.js"]);
    // A Windows checkout's CRLF line endings are the same module.
    fs.writeFileSync(path.join(root, config.file), generatedText(config).replace(/\n/g, "\r\n"));
    expect(staleValidators(root, [config])).to.deep.equal([]);
  });

  it("answers exactly as ajv's compiler does for the same schema and options, errors included", () => {
    const g = byFile("config/configValidator.generated.js");
    const compiled = new Ajv(g.options).compile(CONFIG_SCHEMA);
    const generated = require("../config/configValidator.generated.js").config;
    for (const config of [BAD_CONFIG, { plan: "p1" }, { unknownKey: true }, { plan: "p2", breakGlassUsers: ["BreakGlass1@contoso.com"] }]) {
      expect(generated(config)).to.equal(compiled(config));
      expect(generated.errors).to.deep.equal(compiled.errors, JSON.stringify(config));
    }
  });

  it("loads only the committed module on first use: no cache read, nothing compiled or written at run time", () => {
    const fresh = ["../config/validate", "../config/configValidator.generated.js", "../documents/planShape", "../documents/planShapeValidators.generated.js"];
    // Loaded afresh, then put back: every other spec (and the program they run) keeps the one instance it imported.
    const saved = fresh.map((m) => [require.resolve(m), require.cache[require.resolve(m)]] as const);
    for (const [file] of saved) delete require.cache[file];
    try {
      const before = new Set(Object.keys(require.cache));
      const fromScratch = require("../config/validate") as typeof import("../config/validate");
      expect(fromScratch.validateConfig(BAD_CONFIG).ok).to.equal(false);
      expect(fromScratch.validateConfig({ plan: "p1", breakGlassUsers: ["5b1d2c3e-0000-4a6b-8c9d-0000000000a1"] }).ok).to.equal(true);
      expect((require("../documents/planShape") as typeof import("../documents/planShape")).planProblem({ securityDefaults: {} })).to.be.a("string");
      const loaded = Object.keys(require.cache)
        .filter((file) => !before.has(file))
        .map((file) => path.relative(ROOT, file).split(path.sep).join("/"));
      // The modules themselves and ajv's small run-time helpers; never a cache file, ajv's compiler or its code generator.
      expect(loaded.filter((file) => !/^(config|documents)\/[\w.]+\.(ts|js)$|^node_modules\/ajv\/dist\/runtime\//.test(file))).to.deep.equal([]);
      expect(loaded).to.include.members(["config/validate.ts", "config/configValidator.generated.js", "documents/planShapeValidators.generated.js"]);
    } finally {
      for (const [file, module] of saved) if (module) require.cache[file] = module;
    }
  });
});
