/**
 * Where a JSON Schema error (ajv's `instancePath`, a JSON pointer) points, as people write it:
 * `/value/3/displayName` → `value[3].displayName`; the root is "". Shared by the config's and Graph answers' messages.
 */
export function pathOfPointer(instancePath: string, child?: string): string {
  const parts = instancePath
    .split("/")
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (child !== undefined) parts.push(child);
  return parts.map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}
