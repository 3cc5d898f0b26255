import * as fs from "fs";
import { readRawConfig } from "../config/fromPulumi";
import { decodeText, TextEncodingError } from "../config/textFile";
import { CONFIG_NAMESPACE } from "../config/validate";
import { parseYaml, YamlSyntaxError } from "../config/yamlText";
import { ADVISORY_POLICY, GUARD_POLICY } from "./policies";

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The pack's config file (`pulumi preview --policy-pack-config`) for a stack of this project: the plan,
 * the break-glass ids, the accepted gaps and the inherited risks its stack file sets, given to both policies. The stack file is read as the
 * program reads its configuration: a list the Pulumi CLI stored as JSON text (`pulumi new` and
 * `pulumi config set` do) is a list here too. A stack that sets no plan gets none, and the pack then
 * refuses to run, naming the key. The file may be in any encoding the tools read (config/textFile.ts).
 */
export function packConfigFromStack(stackFile: string | Uint8Array): Record<string, Record<string, unknown>> {
  const text = typeof stackFile === "string" ? stackFile.replace(/\r\n/g, "\n") : decodeText(stackFile);
  const document = parseYaml(text);
  const config = isMapping(document) && isMapping(document.config) ? document.config : {};
  const bag: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    bag[key.includes(":") ? key : `${CONFIG_NAMESPACE}:${key}`] = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  }
  const { raw } = readRawConfig(bag);
  const settings = {
    plan: raw.plan,
    breakGlassUsers: raw.breakGlassUsers ?? [],
    breakGlassGroups: raw.breakGlassGroups ?? [],
    ...(raw.acceptedGaps !== undefined ? { acceptedGaps: raw.acceptedGaps } : {}),
    ...(raw.inheritedRisks !== undefined ? { inheritedRisks: raw.inheritedRisks } : {}),
  };
  return { [GUARD_POLICY]: settings, [ADVISORY_POLICY]: settings };
}

/**
 * `node dist/policy-pack/configFromStack.js stacks/Pulumi.<stack>.yaml > policy-pack-config.json`: the
 * JSON alone on stdout; a file that cannot be read is one line on stderr naming it, and exit 2 (1 for YAML that does not parse).
 */
export function main(argv: readonly string[], io: { stdout: (text: string) => void; stderr: (text: string) => void }): number {
  const [file] = argv;
  if (argv.length !== 1) {
    io.stderr("policy-config: pass one stack file: configFromStack.js stacks/Pulumi.<stack>.yaml > policy-pack-config.json\n");
    return 2;
  }
  try {
    io.stdout(`${JSON.stringify(packConfigFromStack(fs.readFileSync(file)), null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof YamlSyntaxError) {
      io.stderr(`policy-config: ${file}: ${err.message}\n`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code;
    const why = err instanceof TextEncodingError ? err.message : code === "ENOENT" ? "no such file" : `cannot read it (${code ?? (err as Error).name})`;
    io.stderr(`policy-config: ${file}: ${why}; pass the stack file, stacks/Pulumi.<stack>.yaml\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
}
