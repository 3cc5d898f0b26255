import * as fs from "fs";
import * as path from "path";
import { CONFIG_NAMESPACE } from "../config/validate";
import { readStackFile, isMapping } from "./documents";
import { StackFileError, UsageError } from "./errors";

export const DEFAULT_STACKS_DIR = path.join(__dirname, "..", "stacks");

export function availableStacks(stacksDir: string): string[] {
  let files: string[];
  try {
    files = fs.readdirSync(stacksDir);
  } catch {
    return [];
  }
  return files
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((name): name is string => !!name)
    .sort();
}

/**
 * The stack a command means when `--stack` is not given: the one stack file of the folder (a
 * project made from the template holds one). With none or several, a usage error listing them.
 */
export function theOnlyStack(stacksDir = DEFAULT_STACKS_DIR): string {
  const stacks = availableStacks(stacksDir);
  if (stacks.length === 1) return stacks[0];
  const found = stacks.length === 0 ? `no stack file (Pulumi.<stack>.yaml) in ${stacksDir}` : `${stacks.length} stacks in ${stacksDir}`;
  throw new UsageError(`--stack is missing and ${found}; pass --stack <name>${stacks.length > 0 ? `, one of ${stacks.join(", ")}` : ""}`);
}

/**
 * The config bag of `stacks/Pulumi.<stack>.yaml` as the Pulumi CLI hands it to a program:
 * namespaced keys, structured values as JSON text.
 */
export function readStackConfig(stack: string, stacksDir = DEFAULT_STACKS_DIR): Record<string, string> {
  if (stack.includes("\0") || stacksDir.includes("\0"))
    throw new UsageError(`--stack ${JSON.stringify(stack)}: not a stack name; use one of ${availableStacks(stacksDir).join(", ")}`);
  const file = ["yaml", "yml"].map((ext) => path.join(stacksDir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
  if (!file) {
    const known = availableStacks(stacksDir);
    throw new UsageError(`unknown stack "${stack}": no ${path.join(stacksDir, `Pulumi.${stack}.yaml`)}; use one of ${known.join(", ") || "(none found)"}`);
  }
  const config = readStackFile(file).config ?? {};
  if (!isMapping(config)) throw new StackFileError(`${file}: "config" must be a mapping of keys to values`);
  const bag: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    // A key given both bare and with the namespace stays bare, so the configuration reports it as given twice.
    const fullKey = key.includes(":") || Object.hasOwn(config, `${CONFIG_NAMESPACE}:${key}`) ? key : `${CONFIG_NAMESPACE}:${key}`;
    bag[fullKey] = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  }
  return bag;
}
