import * as fs from "fs";
import { decodeText } from "../config/textFile";

/**
 * Graph's CSDL metadata (OData v4 `$metadata`, as microsoftgraph/msgraph-metadata publishes it) turned
 * into a JSON Schema (2020-12) of one type and every type it reaches: the schema
 * `config/graph/conditionalAccessPolicy.v1.schema.json` and the vendored Security Defaults schema are.
 *
 * The rules, read off those schemas:
 * - every property is optional (Graph's PATCH semantics); `Nullable="false"` forbids null, otherwise
 *   `anyOf: [type, null]`; a collection is an array of its item type;
 * - a structured type lists its base types' properties first (flattened: base types get no entry of
 *   their own), then its own properties, then its navigation properties (described as such);
 *   unknown keys are refused (`additionalProperties: false`) and `@odata.*` annotations allowed;
 * - a type with derived types is `anyOf` them (and itself, as `<name>__exact`, unless it is abstract);
 * - an enum is a string of its members; a flags enum a comma-separated list of them;
 * - `x-csdl` records each type's kind, base type, abstractness and derived types;
 * - `$defs` are sorted by name; a type of Graph's main namespace (`microsoft.graph`) is defined under its
 *   name, a type of another namespace under its name qualified by the rest of the namespace
 *   (`security.alert`, `termStore.group`), as the v1.0 metadata has 23 names declared in two namespaces.
 *
 * Usage: `node -r ./cli/register.js vendor/generateGraphSchema.ts <metadata.xml> <type> [--source "<what and which commit>"] [--note "<text>"]`
 * prints the schema (vendor/README.md says where the metadata comes from).
 */

/** A property or navigation property of a structured type. */
interface CsdlProperty {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly navigation: boolean;
}

/** An entity or complex type, with its own properties only. */
interface CsdlStructuredType {
  readonly kind: "EntityType" | "ComplexType";
  readonly namespace: string;
  readonly name: string;
  readonly baseType: string | null;
  readonly abstract: boolean;
  readonly properties: readonly CsdlProperty[];
}

interface CsdlEnumType {
  readonly kind: "EnumType";
  readonly namespace: string;
  readonly name: string;
  readonly flags: boolean;
  readonly members: readonly string[];
}

type CsdlType = CsdlStructuredType | CsdlEnumType;

/** The types of a metadata document, by their qualified names (namespace and alias both). */
export interface Csdl {
  readonly types: ReadonlyMap<string, CsdlType>;
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Reads a CSDL (EDMX) document: its schemas' entity, complex and enum types. Throws naming what is missing. */
export function parseCsdl(xml: string): Csdl {
  const { XMLParser } = require("fast-xml-parser") as typeof import("fast-xml-parser");
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", removeNSPrefix: true, parseAttributeValue: false });
  const document = parser.parse(xml);
  const schemas = asArray(document?.Edmx?.DataServices?.Schema);
  if (schemas.length === 0) throw new Error("not a CSDL document: no edmx:Edmx/edmx:DataServices/Schema element");
  const types = new Map<string, CsdlType>();
  for (const schema of schemas) {
    const namespace = schema.Namespace;
    if (typeof namespace !== "string") throw new Error("a Schema element has no Namespace attribute");
    const prefixes = [namespace, schema.Alias].filter((p): p is string => typeof p === "string");
    const add = (type: CsdlType) => {
      for (const prefix of prefixes) types.set(`${prefix}.${type.name}`, type);
    };
    for (const kind of ["EntityType", "ComplexType"] as const) {
      for (const t of asArray(schema[kind]) as Record<string, any>[]) {
        const property = (p: Record<string, string>, navigation: boolean): CsdlProperty => ({
          name: p.Name,
          type: p.Type,
          nullable: p.Nullable !== "false",
          navigation,
        });
        add({
          kind,
          namespace,
          name: t.Name,
          baseType: t.BaseType ?? null,
          abstract: t.Abstract === "true",
          properties: [...asArray(t.Property).map((p: any) => property(p, false)), ...asArray(t.NavigationProperty).map((p: any) => property(p, true))],
        });
      }
    }
    for (const t of asArray(schema.EnumType) as Record<string, any>[]) {
      add({ kind: "EnumType", namespace, name: t.Name, flags: t.IsFlags === "true", members: asArray(t.Member).map((m: any) => m.Name) });
    }
  }
  return { types };
}

/** JSON Schema of each primitive type Graph uses. */
const PRIMITIVES: Readonly<Record<string, Record<string, unknown>>> = {
  "Edm.String": { type: "string" },
  "Edm.Boolean": { type: "boolean" },
  "Edm.Int16": { type: "integer" },
  "Edm.Int32": { type: "integer" },
  "Edm.Int64": { type: "integer" },
  "Edm.Byte": { type: "integer" },
  "Edm.SByte": { type: "integer" },
  "Edm.Double": { type: "number" },
  "Edm.Single": { type: "number" },
  "Edm.Decimal": { type: "number" },
  "Edm.DateTimeOffset": { type: "string", format: "date-time" },
  "Edm.Date": { type: "string", format: "date" },
  "Edm.TimeOfDay": { type: "string", format: "time" },
  "Edm.Duration": { type: "string", format: "duration" },
  "Edm.Guid": { type: "string", format: "uuid" },
  "Edm.Binary": { type: "string", contentEncoding: "base64" },
  "Edm.Stream": { type: "string" },
};

/** Graph's main namespace: its types are defined under their bare names. */
const MAIN_NAMESPACE = "microsoft.graph";

/** A type's key in `$defs`: unique across namespaces (`alert`, `security.alert`). */
const defName = (type: CsdlType): string =>
  type.namespace === MAIN_NAMESPACE ? type.name : `${type.namespace.replace(`${MAIN_NAMESPACE}.`, "")}.${type.name}`;

const ODATA_ANNOTATIONS = { "^@odata\\.": {}, "@odata\\.[A-Za-z]+$": {} };
const NULL = { type: "null" };

/** A structured type's base types, the root-most first. */
function baseChain(csdl: Csdl, type: CsdlStructuredType): CsdlStructuredType[] {
  const chain: CsdlStructuredType[] = [];
  for (let base = type.baseType; base !== null;) {
    const found = csdl.types.get(base);
    if (!found || found.kind === "EnumType") throw new Error(`${type.name}: base type ${base} is not in the metadata`);
    if (chain.includes(found)) throw new Error(`${type.name}: its base types form a cycle`);
    chain.unshift(found);
    base = found.baseType;
  }
  return chain;
}

/** The generated schema of `root` and every type it reaches. */
export function generateSchema(csdl: Csdl, root: string, options: { version?: string; source?: string; note?: string } = {}): Record<string, unknown> {
  const byName = (qualified: string): CsdlType => {
    const type = csdl.types.get(qualified) ?? csdl.types.get(`graph.${qualified}`) ?? csdl.types.get(`microsoft.graph.${qualified}`);
    if (!type) throw new Error(`type ${qualified} is not in the metadata`);
    return type;
  };
  // Each type's derived types, found once (the v1.0 metadata declares about 6,000 types).
  const derivedByBase = new Map<CsdlType, CsdlStructuredType[]>();
  for (const t of new Set(csdl.types.values())) {
    const base = t.kind !== "EnumType" && t.baseType !== null ? csdl.types.get(t.baseType) : undefined;
    if (base && t.kind !== "EnumType") derivedByBase.set(base, [...(derivedByBase.get(base) ?? []), t]);
  }
  const derivedOf = (type: CsdlStructuredType): CsdlStructuredType[] => derivedByBase.get(type) ?? [];
  const defs: Record<string, unknown> = {};
  const pending: CsdlType[] = [byName(root)];
  const seen = new Set<CsdlType>();
  const refTo = (type: CsdlType) => {
    if (!seen.has(type)) pending.push(type);
    return { $ref: `#/$defs/${defName(type)}` };
  };
  const ref = (qualified: string) => refTo(byName(qualified));
  const propertySchema = (p: CsdlProperty): Record<string, unknown> => {
    const collection = /^Collection\((.+)\)$/.exec(p.type);
    const itemType = collection ? collection[1] : p.type;
    const item = PRIMITIVES[itemType] ?? (itemType.startsWith("Edm.") ? {} : ref(itemType));
    const value = collection ? { type: "array", items: item } : item;
    const schema: Record<string, unknown> = p.nullable ? { anyOf: [value, NULL] } : { ...value };
    if (p.navigation) schema.description = `navigation property (${itemType}); on write usually only {"id": ...}`;
    return schema;
  };
  while (pending.length > 0) {
    const type = pending.shift()!;
    if (seen.has(type)) continue;
    seen.add(type);
    if (type.kind === "EnumType") {
      defs[defName(type)] = type.flags
        ? {
            type: "string",
            pattern: `^(${type.members.join("|")})(,(${type.members.join("|")}))*$`,
            description: `OData flags enum: comma-separated members: ${type.members.join(", ")}`,
          }
        : { type: "string", enum: [...type.members] };
      continue;
    }
    const derived = derivedOf(type);
    const derivedTypes = derived.map(defName);
    const csdlNote = { kind: type.kind, baseType: type.baseType, abstract: type.abstract, ...(derived.length > 0 ? { derivedTypes } : {}) };
    const properties: Record<string, unknown> = {};
    for (const t of [...baseChain(csdl, type), type]) for (const p of t.properties) properties[p.name] = propertySchema(p);
    const object = { type: "object", properties, patternProperties: ODATA_ANNOTATIONS, additionalProperties: false, "x-csdl": csdlNote };
    if (derived.length === 0) {
      defs[defName(type)] = object;
      continue;
    }
    const alternatives = derived.map(refTo);
    if (type.abstract) {
      defs[defName(type)] = { anyOf: alternatives, "x-csdl": csdlNote };
    } else {
      defs[`${defName(type)}__exact`] = object;
      defs[defName(type)] = { anyOf: [{ $ref: `#/$defs/${defName(type)}__exact` }, ...alternatives], "x-csdl": csdlNote };
    }
  }
  const rootType = byName(root);
  const exact = rootType.kind !== "EnumType" && !rootType.abstract && `${defName(rootType)}__exact` in defs;
  const version = options.version ?? "v1.0";
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `msgraph-${version}-${rootType.name}.schema.json`,
    description:
      `Generated from ${options.source ?? `Microsoft Graph ${version} CSDL metadata`}; all properties optional (PATCH semantics); ` +
      `Nullable=false in CSDL => null not allowed.${options.note ? ` ${options.note}` : ""}`,
    $ref: `#/$defs/${defName(rootType)}${exact ? "__exact" : ""}`,
    $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/** The command line: `<metadata.xml> <type> [--source <text>] [--note <text>] [--version <v>]`; the schema on stdout. */
export function main(argv: readonly string[], io: { stdout: (text: string) => void; stderr: (text: string) => void }): number {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = /^--(source|note|version)$/.exec(argv[i]);
    if (flag && i + 1 < argv.length) options[flag[1]] = argv[++i];
    else positional.push(argv[i]);
  }
  if (positional.length !== 2) {
    io.stderr('usage: generateGraphSchema.ts <metadata.xml> <type, e.g. conditionalAccessPolicy> [--source "<what and which commit>"] [--note <text>]\n');
    return 2;
  }
  try {
    const csdl = parseCsdl(decodeText(fs.readFileSync(positional[0])));
    io.stdout(`${JSON.stringify(generateSchema(csdl, positional[1], options), null, 1)}\n`);
    return 0;
  } catch (err) {
    io.stderr(`generateGraphSchema: ${positional[0]}: ${(err as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
}
