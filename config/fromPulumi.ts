import { CONFIG_NAMESPACE } from "./validate";

/**
 * The `entra-baseline:` keys of a Pulumi config bag, namespace removed. Pulumi hands
 * structured values (lists, objects) to the program as JSON text; they are parsed here
 * so the schema sees what the stack file says.
 */
export function rawConfigFromPulumi(all: Readonly<Record<string, string>>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith(prefix)) continue;
    raw[fullKey.slice(prefix.length)] = parseValue(text);
  }
  return raw;
}

function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{") || trimmed === "true" || trimmed === "false") {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}
