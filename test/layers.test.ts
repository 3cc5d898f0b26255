import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { importCircles, layersOf, projectSources, relativeImports, upwardImports } from "./support/layers";

const ROOT = path.join(__dirname, "..");
const ARCHITECTURE = fs.readFileSync(path.join(ROOT, "ARCHITECTURE.md"), "utf8");

describe("layers: ARCHITECTURE.md's Layout table is the specification of the imports", () => {
  const layers = layersOf(ARCHITECTURE);

  it("lists config first, the CLIs after the offline plan and the diff, and the specs last", () => {
    expect(layers.get("config")).to.equal(1);
    expect(layers.get("plan")).to.be.greaterThan(layers.get("program.ts")!);
    expect(layers.get("cli")).to.be.greaterThan(layers.get("diff")!);
    expect(layers.get("test")).to.equal(Math.max(...layers.values()));
  });

  it("has no import that points back up, and no source folder or root file missing from the table", () => {
    const problems = upwardImports(projectSources(ROOT), layers);
    expect(problems.map((p) => p.message)).to.deep.equal([]);
  });

  it("has no import circle between files, type-only imports included (config/ had one through types.ts's re-exports)", () => {
    expect(importCircles(projectSources(ROOT))).to.deep.equal([]);
  });

  it("finds a circle of type-only imports, and leaves a one-way chain alone", () => {
    const files = new Map([
      ["config/types.ts", 'export type { BaselineArgs } from "./args";\n'],
      ["config/args.ts", 'import type { LicencePlan } from "./types";\n'],
      ["config/keys.ts", 'import type { BaselineArgs } from "./args";\n'],
    ]);
    expect(importCircles(files)).to.deep.equal([["config/args.ts", "config/types.ts"]]);
    files.set("config/types.ts", "export const LICENCE_PLANS = [] as const;\n");
    expect(importCircles(files)).to.deep.equal([]);
  });

  it("rejects an import from an earlier layer to a later one (guard → live)", () => {
    const files = new Map([["guard/decide.ts", 'import { runLiveGuard } from "../live/rules";\n']]);
    expect(upwardImports(files, layers).map((p) => p.message)).to.deep.equal([
      "guard/decide.ts (layer 4) imports ../live/rules (layer 5): an import must point to an earlier layer",
    ]);
  });

  it("rejects an import between two folders of the same layer (policies ↔ graph)", () => {
    const files = new Map([["policies/x.ts", 'import type { GraphClient } from "../graph/client";\n']]);
    expect(upwardImports(files, layers)).to.have.length(1);
  });

  it("rejects a file in a folder the table does not name, and an import of one", () => {
    const files = new Map([
      ["src/x.ts", 'import { main } from "../program";\n'],
      ["cli/y.ts", 'import { x } from "../src/x";\n'],
    ]);
    expect(upwardImports(files, layers).map((p) => p.message)).to.deep.equal([
      "src/x.ts: src has no row in ARCHITECTURE.md's Layout table",
      "cli/y.ts imports ../src/x: src has no row in ARCHITECTURE.md's Layout table",
    ]);
  });

  it("finds imports, re-exports, require() and import() types; ignores packages", () => {
    const text = [
      'import * as pulumi from "@pulumi/pulumi";',
      'import { a } from "./a";',
      'export * from "../b";',
      'const c = require("../c/d");',
      'type E = import("../e").E;',
      'import "./side-effect";',
    ].join("\n");
    expect(relativeImports(text)).to.deep.equal(["./a", "../b", "../c/d", "../e", "./side-effect"]);
  });

  it("accepts an import of the root program from the offline plan (layer 8 → 7) and of a module in the same folder", () => {
    const files = new Map([
      ["plan/runPlan.ts", 'import { main } from "../program";\nimport { x } from "./mockEngine";\n'],
      ["program.ts", 'import { EntraBaseline } from "./components/entraBaseline";\n'],
    ]);
    expect(upwardImports(files, layers)).to.deep.equal([]);
  });
});
