// `npm run validators` (and `npm run build`, before tsc): writes the committed validator modules from their JSON
// Schemas, as ajv's standalone code (config/standaloneValidators.ts). `--check` writes nothing and exits 1 naming
// each module that is not what its schema generates; `--into DIR` copies the modules into a build (tsc compiles
// TypeScript only). npm test's build (test/support/checkAndBuild.js) checks them and copies them into dist/.
// Usage: node -r ./cli/register.js test/support/generateValidators.ts [--check | --into dist]
import * as fs from "fs";
import * as path from "path";
import type { Options } from "ajv";
import { CONFIG_SCHEMA } from "../../config/schema";
import { standaloneValidators } from "../../config/standaloneValidators";
import { PLAN_SCHEMA, POLICY_SCHEMA } from "../../documents/planShape";

const ROOT = path.join(__dirname, "..", "..");

/** One generated module: where it is committed, its schemas by export name, ajv's options, and what the schemas are. */
export interface GeneratedValidators {
  readonly file: string;
  readonly schemas: Readonly<Record<string, object>>;
  readonly options: Options;
  readonly from: string;
}

/** Every generated validator module of the project. */
export const GENERATED_VALIDATORS: readonly GeneratedValidators[] = [
  {
    file: "config/configValidator.generated.js",
    schemas: { config: CONFIG_SCHEMA },
    options: { allErrors: true, verbose: true, strict: true },
    from: "CONFIG_SCHEMA (config/schema.ts)",
  },
  {
    file: "documents/planShapeValidators.generated.js",
    schemas: { plan: PLAN_SCHEMA, policy: POLICY_SCHEMA },
    options: { allErrors: false, strict: false },
    from: "PLAN_SCHEMA and POLICY_SCHEMA (documents/planShape.ts)",
  },
];

const texts = new WeakMap<GeneratedValidators, string>();
/** The text a module should hold (generated once per process and entry: ajv's code generation takes a few hundred ms). */
export function generatedText(g: GeneratedValidators): string {
  if (!texts.has(g)) texts.set(g, standaloneValidators(g.schemas, g.options, g.from));
  return texts.get(g)!;
}

/** A committed module's text, line endings as generated (a Windows checkout may have turned them into CRLF). */
const textOf = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n") : undefined);

/** The modules under `root` that are missing or differ from what their schemas generate. */
export function staleValidators(root: string = ROOT, generated: readonly GeneratedValidators[] = GENERATED_VALIDATORS): string[] {
  return generated
    .filter((g) => {
      const committed = textOf(path.join(root, g.file));
      return committed === undefined || committed !== generatedText(g);
    })
    .map((g) => g.file);
}

/** Copies the committed modules into a build's folder, beside the JavaScript tsc emits from the modules that load them. */
export function copyValidatorsInto(outDir: string, root: string = ROOT): void {
  for (const g of GENERATED_VALIDATORS) {
    fs.mkdirSync(path.dirname(path.join(outDir, g.file)), { recursive: true });
    fs.copyFileSync(path.join(root, g.file), path.join(outDir, g.file));
  }
}

if (require.main === module) {
  const into = process.argv.indexOf("--into");
  if (into > 0) {
    copyValidatorsInto(path.resolve(process.argv[into + 1]));
    process.exit(0);
  }
  if (process.argv.includes("--check")) {
    const stale = staleValidators();
    for (const file of stale) process.stdout.write(`${file} is not what its schema generates: run npm run validators and commit it\n`);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  for (const g of GENERATED_VALIDATORS) {
    const file = path.join(ROOT, g.file);
    const text = generatedText(g);
    if (textOf(file) === text) continue;
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${g.file}\n`);
  }
}
