import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/**
 * What `npm install entra-baseline` downloads: the package `npm pack` would publish (dist/ built
 * first, as `npm run build` does), its file count, packed and unpacked size, and its largest parts.
 */
export function packageSize(): string {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "pipe" });
  const [report] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], { cwd: ROOT, encoding: "utf8" }));
  const files: { path: string; size: number }[] = report.files;
  const byFolder = new Map<string, number>();
  for (const f of files) {
    const folder = f.path.includes("/")
      ? f.path
          .split("/")
          .slice(0, f.path.startsWith("dist/") ? 2 : 1)
          .join("/")
      : "(root)";
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + f.size);
  }
  const largest = [...byFolder.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([folder, size]) => `${folder} ${kib(size)}`)
    .join(", ");
  return `package (npm pack): ${report.entryCount} files, ${kib(report.size)} packed, ${kib(report.unpackedSize)} unpacked · ` + `largest: ${largest}`;
}

if (require.main === module) process.stdout.write(`${packageSize()}\n`);
