import * as fs from "fs";
import { parse } from "yaml";
import { CONFIG_NAMESPACE } from "../config/validate";
import { ADVISORY_POLICY, GUARD_POLICY } from "./policies";

/**
 * The pack's config file (`pulumi preview --policy-pack-config`) for a stack of this project: the plan
 * and the break-glass ids its stack file sets, given to both policies. A stack that sets no plan gets
 * none, and the pack then refuses to run, naming the key.
 */
export function packConfigFromStack(stackFileText: string): Record<string, Record<string, unknown>> {
  const config: Record<string, unknown> = parse(stackFileText)?.config ?? {};
  const value = (key: string) => config[`${CONFIG_NAMESPACE}:${key}`] ?? config[key];
  const settings = { plan: value("plan"), breakGlassUsers: value("breakGlassUsers") ?? [], breakGlassGroups: value("breakGlassGroups") ?? [] };
  return { [GUARD_POLICY]: settings, [ADVISORY_POLICY]: settings };
}

// node policy-pack/configFromStack.js stacks/Pulumi.<stack>.yaml > policy-pack-config.json
if (require.main === module) {
  process.stdout.write(`${JSON.stringify(packConfigFromStack(fs.readFileSync(process.argv[2], "utf8")), null, 2)}\n`);
}
