import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_KEYS, ConfigKey, ConfigKeyDefinition } from "../config/keys";
import type { KeySchema } from "../config/schemaParts";
import { POLICY_KEYS } from "../config/types";
import { validateConfig } from "../config/validate";
import { BREAK_GLASS_USER } from "./fixtures/ids";

const ROOT = path.join(__dirname, "..");
const KEYS = Object.keys(CONFIG_KEYS) as ConfigKey[];
const definitionOf = (key: ConfigKey) => CONFIG_KEYS[key] as ConfigKeyDefinition<ConfigKey>;
const fixedDefault = (key: ConfigKey) => {
  const definition = definitionOf(key);
  return "default" in definition ? { value: definition.default as unknown } : undefined;
};
/** A key whose every allowed value is a string or a boolean: the only kind Pulumi.yaml can declare with a default. */
const isScalarKey = (key: ConfigKey) => {
  const schema = definitionOf(key).schema as { enum?: unknown; type?: unknown };
  return schema.enum !== undefined || schema.type === "string" || schema.type === "boolean";
};

/** The rows of the first markdown table after `heading`, as arrays of trimmed cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.startsWith(heading));
  expect(start, `README has a "${heading}" section`).to.be.greaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(lines.findIndex((l, i) => i > start && l.startsWith("|")))) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(2); // header and separator
}

/** Every `enum` in a schema fragment, with the description that is shown as its fix. */
function enumsOf(schema: unknown, description = ""): { values: readonly unknown[]; description: string }[] {
  if (typeof schema !== "object" || schema === null) return [];
  const fragment = schema as Partial<KeySchema> & { enum?: readonly unknown[] };
  const own = typeof fragment.description === "string" ? fragment.description : description;
  const found = fragment.enum ? [{ values: fragment.enum, description: own }] : [];
  return [...found, ...Object.values(fragment).flatMap((child) => (Array.isArray(child) ? child : [child]).flatMap((c) => enumsOf(c, own)))];
}

describe("config keys, declared once (config/keys.ts)", () => {
  describe("defaults", () => {
    for (const key of KEYS.filter((k) => fixedDefault(k))) {
      it(`applies ${key}'s default when the stack leaves it unset`, () => {
        const result = validateConfig({ plan: "free" });
        expect(result.ok).to.equal(true);
        if (result.ok) expect(result.config[key]).to.deep.equal(fixedDefault(key)!.value);
      });
    }

    it("keeps every stated value over the default", () => {
      const stated = {
        plan: "p1",
        breakGlassUsers: [BREAK_GLASS_USER],
        policyState: "enabled",
        liveChecks: "off",
        cloud: "china",
        perUserMfa: "disable",
        registrationCampaign: true,
      };
      const result = validateConfig(stated);
      expect(result.ok).to.equal(true);
      if (result.ok) expect(result.config).to.deep.include(stated);
    });

    it("lists the resolved configuration in CONFIG_KEYS order, every key present", () => {
      const result = validateConfig({ plan: "free" });
      expect(result.ok && Object.keys(result.config)).to.deep.equal(KEYS);
    });
  });

  describe("schema", () => {
    it("rejects a missing required key, naming it", () => {
      const required = KEYS.filter((key) => "required" in definitionOf(key));
      expect(required).to.deep.equal(["plan"]);
      const result = validateConfig({});
      expect(!result.ok && result.issues.map((i) => i.key)).to.deep.equal(required.map((key) => `entra-baseline:${key}`));
    });

    for (const key of KEYS) {
      it(`suggests ${key} for a one-letter misspelling of it`, () => {
        const typo = key.slice(0, -1);
        const result = validateConfig({ plan: "free", [typo]: "x" });
        expect(!result.ok && result.issues.map((i) => i.message)).to.deep.equal([
          `unknown key: did you mean "${key}"? A misspelt key would silently weaken protection, so it is refused; rename or remove it`,
        ]);
      });
    }

    it("names every allowed value in the fix of every enum", () => {
      const enums = KEYS.flatMap((key) => enumsOf(definitionOf(key).schema));
      expect(enums.length).to.be.greaterThan(8);
      for (const { values, description } of enums) for (const value of values) expect(description).to.contain(String(value));
    });

    for (const key of POLICY_KEYS) {
      it(`accepts options for ${key} and refuses an unknown option of it`, () => {
        const base = { plan: "p2", breakGlassUsers: [BREAK_GLASS_USER] };
        expect(validateConfig({ ...base, policies: { [key]: { state: "enabled" } } }).ok).to.equal(true);
        const rejected = validateConfig({ ...base, policies: { [key]: { sate: "enabled" } } });
        expect(!rejected.ok && rejected.issues.map((i) => i.key)).to.deep.equal([`entra-baseline:policies.${key}.sate`]);
      });
    }
  });

  describe("Pulumi.yaml", () => {
    const declared = (parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { type: string; default?: unknown }> }).config;

    it("declares only config keys", () => {
      expect(KEYS).to.include.members(Object.keys(declared));
    });

    it("declares exactly the required keys and the scalar keys with a fixed default (the CLI treats any other declared key as required)", () => {
      const expected = KEYS.filter((key) => "required" in definitionOf(key) || (fixedDefault(key) && isScalarKey(key)));
      expect(Object.keys(declared)).to.have.members(expected);
    });

    for (const key of KEYS) {
      it(`gives ${key} the default and type of CONFIG_KEYS, if declared`, () => {
        if (!declared[key]) return;
        const fixed = fixedDefault(key);
        expect(declared[key].default).to.deep.equal(fixed?.value);
        expect(declared[key].type).to.equal(fixed ? typeof fixed.value : "string");
      });
    }
  });

  describe("README", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const rows = tableAfter(readme, "## Configuration");
    const rowOf = (key: ConfigKey) => rows.find(([cell]) => cell === `\`${key}\``);

    it("has one configuration row per key, in CONFIG_KEYS order", () => {
      expect(rows.map(([cell]) => cell)).to.deep.equal(KEYS.map((key) => `\`${key}\``));
    });

    for (const key of KEYS) {
      it(`documents ${key}'s values and default as CONFIG_KEYS defines them`, () => {
        const [, values, defaultCell] = rowOf(key) ?? [];
        expect(values, `README row for ${key}`).to.be.a("string");
        const topLevelEnum = (definitionOf(key).schema as { enum?: readonly string[] }).enum;
        for (const value of topLevelEnum ?? []) expect(values).to.contain(`\`${value}\``);
        const fixed = fixedDefault(key);
        if ("required" in definitionOf(key)) expect(defaultCell).to.equal("required");
        else if (fixed && Array.isArray(fixed.value) && fixed.value.length === 0) expect(defaultCell).to.match(/^none\b/);
        else if (fixed) expect(defaultCell).to.match(new RegExp(`^\`${String(fixed.value)}\``));
      });
    }

    it("has one row per baseline policy", () => {
      expect(tableAfter(readme, "Policy names and options").map(([cell]) => cell)).to.deep.equal(POLICY_KEYS.map((key) => `\`${key}\``));
    });
  });
});
