import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const MAX_LINE = 160;
/** Installed, built or generated: not the project's code. */
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "coverage", ".git"]);

/** The repository's TypeScript and JavaScript files, relative to it with forward slashes (Markdown and JSON are not code). */
function sourceFiles(folder = ROOT): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) files.push(...sourceFiles(file));
    else if (entry.isFile() && /\.(ts|js)$/.test(entry.name) && !/\.generated\.js$/.test(entry.name))
      files.push(path.relative(ROOT, file).split(path.sep).join("/"));
  }
  return files;
}

describe("source files", () => {
  it("have no line over 160 characters (prettier cannot wrap strings)", () => {
    const files = sourceFiles();
    expect(files).to.include("test/line-length.test.ts");
    const long = files.flatMap((file) =>
      fs
        .readFileSync(path.join(ROOT, file), "utf8")
        .split(/\r?\n/)
        .flatMap((line, i) => ([...line].length > MAX_LINE ? [`${file}:${i + 1}`] : [])),
    );
    expect(long, "split these lines (a long string into pieces joined with +)").to.deep.equal([]);
  });
});
