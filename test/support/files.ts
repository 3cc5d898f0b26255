import * as fs from "fs";
import * as path from "path";

/** Writes `content` to `name` in `dir` (text or bytes as given, anything else as JSON): the file's path. */
export function writeIn(dir: string, name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return file;
}

/** The markdown pages of the repository's `docs/` folder, as paths from its root (`docs/<page>.md`). */
export function docsPages(root: string): string[] {
  return fs
    .readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
}
