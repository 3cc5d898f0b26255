import { closestName } from "./didYouMean";
import { CONFIG_NAMESPACE, ConfigIssue } from "./validate";

/** Keys that would reach an object's prototype: refused anywhere in the configuration. */
export const PROTOTYPE_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

/** What the configuration edge read: the project's keys (namespace removed) and the problems with the keys themselves. */
export interface RawConfig {
  readonly raw: Record<string, unknown>;
  readonly issues: readonly ConfigIssue[];
}

/** A namespace that looks like `entra-baseline` but is not (`entra-baselin`, `Entra-Baseline`, `entra_baseline`). */
function looksLikeOurs(namespace: string): boolean {
  if (namespace === CONFIG_NAMESPACE) return false;
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  return squash(namespace) === squash(CONFIG_NAMESPACE) || closestName(namespace, [CONFIG_NAMESPACE]) !== undefined;
}

/** The own keys of nested objects that would reach a prototype, by their config path. */
function prototypeKeyPaths(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => prototypeKeyPaths(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.keys(value).flatMap((key) => [
    ...(PROTOTYPE_KEYS.includes(key) ? [`${path}.${key}`] : []),
    ...prototypeKeyPaths((value as Record<string, unknown>)[key], `${path}.${key}`),
  ]);
}

const prototypeIssue = (key: string): ConfigIssue => ({
  key,
  message: "is a reserved JavaScript name that could change how every other key is read, so it is refused; remove it",
});

/**
 * The `entra-baseline:` keys of a Pulumi config bag, namespace removed (a key without a namespace
 * is the project's, as in a stack file), and the problems with the keys: a namespace that looks
 * like ours but is not (the key would be ignored silently, e.g. `policyState: enabled` staying
 * report-only), a key given twice with and without the namespace, and prototype keys anywhere.
 * Pulumi hands structured values as JSON text; they are parsed so the schema sees what the stack says.
 */
export function readRawConfig(all: Readonly<Record<string, string>>): RawConfig {
  const raw: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  const spelledAs = new Map<string, string>();
  for (const [fullKey, text] of Object.entries(all)) {
    const colon = fullKey.indexOf(":");
    const namespace = colon < 0 ? CONFIG_NAMESPACE : fullKey.slice(0, colon);
    const key = colon < 0 ? fullKey : fullKey.slice(colon + 1);
    if (namespace !== CONFIG_NAMESPACE) {
      if (looksLikeOurs(namespace)) {
        issues.push({
          key: fullKey,
          message: `namespace "${namespace}" is not this project's, so the key would be ignored silently; did you mean "${CONFIG_NAMESPACE}:${key}"?`,
        });
      }
      continue;
    }
    const ours = `${CONFIG_NAMESPACE}:${key}`;
    if (PROTOTYPE_KEYS.includes(key)) {
      issues.push(prototypeIssue(ours));
      continue;
    }
    const value = parseValue(text);
    issues.push(...prototypeKeyPaths(value, ours).map(prototypeIssue));
    const earlier = spelledAs.get(key);
    if (earlier !== undefined) {
      issues.push({ key: ours, message: `is given twice (as "${earlier}" and as "${fullKey}"), so one would silently win; keep one` });
      continue;
    }
    spelledAs.set(key, fullKey);
    raw[key] = value;
  }
  return { raw, issues };
}

/** The `entra-baseline:` keys of a Pulumi config bag, namespace removed, without the key problems of {@link readRawConfig}. */
export function rawConfigFromPulumi(all: Readonly<Record<string, string>>): Record<string, unknown> {
  return readRawConfig(all).raw;
}

function parseValue(text: unknown): unknown {
  if (typeof text !== "string") return text;
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
