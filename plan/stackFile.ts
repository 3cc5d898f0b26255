import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { CONFIG_NAMESPACE } from "../config/validate";
import { StackFileError, UsageError } from "./errors";


export const DEFAULT_STACKS_DIR = path.join(__dirname, "..", "stacks");

export function availableStacks(stacksDir: string): string[] {
  if (!fs.existsSync(stacksDir)) return [];
  return fs
    .readdirSync(stacksDir)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((name): name is string => !!name)
    .sort();
}

/**
 * The config bag of `stacks/Pulumi.<stack>.yaml` as the Pulumi CLI hands it to a program:
 * namespaced keys, structured values as JSON text.
 */
export function readStackConfig(stack: string, stacksDir = DEFAULT_STACKS_DIR): Record<string, string> {
  const file = ["yaml", "yml"].map((ext) => path.join(stacksDir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
  if (!file) {
    const known = availableStacks(stacksDir);
    throw new UsageError(`unknown stack "${stack}": no ${path.join(stacksDir, `Pulumi.${stack}.yaml`)}; use one of ${known.join(", ") || "(none found)"}`);
  }
  const document = parseDocument(fs.readFileSync(file, "utf8"));
  if (document.errors.length > 0) {
    const first = document.errors[0];
    throw new StackFileError(`${file}: not valid YAML at line ${first.linePos?.[0].line ?? "?"}: ${first.message.split("\n")[0]}; fix the file's indentation or quoting`);
  }
  const content = document.toJS() as { config?: Record<string, unknown> } | null;
  const config = content?.config ?? {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new StackFileError(`${file}: "config" must be a mapping of keys to values`);
  }
  const bag: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    // A key given both bare and with the namespace stays bare, so the configuration reports it as given twice.
    const fullKey = key.includes(":") || Object.hasOwn(config, `${CONFIG_NAMESPACE}:${key}`) ? key : `${CONFIG_NAMESPACE}:${key}`;
    bag[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return bag;
}
