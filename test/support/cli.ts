import { spawnSync } from "child_process";
import * as path from "path";
import type { CommandMain } from "../../cli/runCommand";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in this process, as `npm run <command>` would, capturing what it writes. */
export async function runCli(main: CommandMain, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), env });
  return { code, stdout, stderr };
}

/**
 * Runs a command as its own process, as `npm run <command>` does: only for the one smoke test per command.
 * Under `npm test` the process runs without coverage collection (test/support/parallelCoverage.js collects it in
 * mocha's workers only), which would triple its start-up: the in-process specs measure the same code.
 */
export function spawnCli(command: "plan" | "whatif" | "diff" | "export" | "report", argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const root = path.join(__dirname, "..", "..");
  const run = spawnSync(process.execPath, ["-r", path.join(root, "cli", "register.js"), path.join(root, "cli", `${command}.ts`), ...argv], {
    cwd: root,
    encoding: "utf8",
    env,
  });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
