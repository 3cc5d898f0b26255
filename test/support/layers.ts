import * as fs from "fs";
import * as path from "path";

/** A unit of the layout: a top-level folder (`guard/`) or a root file (`program.ts`). */
export type Layers = ReadonlyMap<string, number>;

/** ARCHITECTURE.md's Layout table: each unit (`config/`, `program.ts`, …) with its layer number. */
export function layersOf(readme: string): Layers {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Layout"));
  if (!section) throw new Error("ARCHITECTURE.md has no Layout section");
  const layers = new Map<string, number>();
  for (const row of section.split("\n").filter((line) => /^\| \d+ \|/.test(line))) {
    const [, layer, units] = row.split("|").map((cell) => cell.trim());
    for (const unit of units.match(/`[^`]+`/g) ?? []) layers.set(unit.slice(1, -1).replace(/\/$/, ""), Number(layer));
  }
  return layers;
}

/** The unit a project-relative path belongs to: its top-level folder, or the root file itself. */
export const unitOf = (relative: string): string => relative.split(/[\\/]/)[0];

/** Relative module specifiers of a source text: static imports, re-exports, `require()` and `import()`. */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^import\s+)["'](\.{1,2}\/[^"']*|\.{1,2})["']/gm)) found.push(m[1]);
  return found;
}

export interface UpwardImport {
  readonly file: string;
  readonly imports: string;
  readonly message: string;
}

/** Every import in `files` (project-relative path → text) that points to a later layer, or from or to a unit without a layer. */
export function upwardImports(files: ReadonlyMap<string, string>, layers: Layers): UpwardImport[] {
  const problems: UpwardImport[] = [];
  for (const [file, text] of files) {
    const from = unitOf(file);
    const fromLayer = layers.get(from);
    if (fromLayer === undefined) {
      problems.push({ file, imports: "", message: `${file}: ${from} has no row in ARCHITECTURE.md's Layout table` });
      continue;
    }
    for (const specifier of relativeImports(text)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith("..")) continue;
      const to = unitOf(target) || target;
      const toLayer = layers.get(to) ?? layers.get(`${to}.ts`);
      if (to === from || `${to}.ts` === from) continue;
      if (toLayer === undefined) {
        problems.push({ file, imports: specifier, message: `${file} imports ${specifier}: ${to} has no row in ARCHITECTURE.md's Layout table` });
      } else if (toLayer >= fromLayer) {
        problems.push({
          file,
          imports: specifier,
          message: `${file} (layer ${fromLayer}) imports ${specifier} (layer ${toLayer}): an import must point to an earlier layer`,
        });
      }
    }
  }
  return problems;
}

/**
 * The project's TypeScript and JavaScript sources, by project-relative path. Left out: node_modules,
 * dot folders and `test/` (the last layer may import any other, and its specs quote imports as data).
 */
export function projectSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      // dist/ is `npm run build`'s output (git-ignored), compiled from the sources checked here.
      if (entry.name.startsWith(".") || entry.name === "node_modules" || (dir === "" && (entry.name === "test" || entry.name === "dist"))) continue;
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else if (/\.(ts|js)$/.test(entry.name)) files.set(relative, fs.readFileSync(path.join(root, relative), "utf8"));
    }
  };
  walk("");
  return files;
}

/**
 * Files that import each other in a loop, type-only imports included (Tarjan's strongly connected components over
 * the relative imports of `files`): each circle's files, sorted. A circle makes the files one unit in all but name.
 */
export function importCircles(files: ReadonlyMap<string, string>): string[][] {
  const resolve = (from: string, specifier: string): string | undefined => {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    return [`${target}.ts`, `${target}.js`, `${target}/index.ts`, target].find((candidate) => files.has(candidate));
  };
  const edges = new Map([...files].map(([file, text]) => [file, relativeImports(text).flatMap((s) => resolve(file, s) ?? [])]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of edges.get(file)!) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== file);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const file of files.keys()) if (!index.has(file)) visit(file);
  return circles;
}
