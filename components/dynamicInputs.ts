/**
 * Input and state rules the dynamic providers share. Plain functions and literals only: Pulumi
 * serializes them into each provider (see the Security Defaults provider for the rules).
 */

/**
 * How the dynamic-provider host hands over a value not known yet during `pulumi preview`
 * (e.g. `isEnabled` computed from another resource's output): `rpc.unknownValue` of @pulumi/pulumi.
 */
export const UNKNOWN_DURING_PREVIEW = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The clouds a provider reads and writes: the `cloud` config key's values. */
export const PROVIDER_CLOUDS = ["global", "usgovernment", "china"] as const;

/** The path of the first value not known yet (`users[2]`), anywhere in the inputs; undefined when all are known. */
export function unknownAt(value: unknown, path = ""): string | undefined {
  if (value === UNKNOWN_DURING_PREVIEW) return path || "the inputs";
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unknownAt(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const found = unknownAt(child, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/** Inputs as a record, whatever the state or engine handed over (undefined, null, a string from a corrupt state). */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A cloud from inputs or state, when it is one of the known ones. */
export function knownCloud(value: unknown): (typeof PROVIDER_CLOUDS)[number] | undefined {
  return PROVIDER_CLOUDS.find((c) => c === value);
}

/** The failure for a `cloud` input that is not one of the known ones; none when it is unset. */
export function cloudFailures(cloud: unknown): { property: string; reason: string }[] {
  return cloud === undefined || cloud === null || knownCloud(cloud)
    ? []
    : [{ property: "cloud", reason: `cloud must be global, usgovernment or china, got ${JSON.stringify(cloud)}` }];
}

/**
 * Refuses to write anything while a value is not known or `check` would refuse the inputs:
 * Pulumi's unknown-value placeholder or a malformed value must never reach Graph.
 */
export function requireWritable(resource: string, inputs: unknown, failures: readonly { property: string; reason: string }[]): void {
  const unknown = unknownAt(inputs);
  if (unknown)
    throw new Error(
      `${resource}: ${unknown} is not known yet (a value computed from another resource during a preview); nothing was sent to Graph: run pulumi up again`,
    );
  if (failures.length > 0) throw new Error(`${resource}: nothing was sent to Graph: ${failures.map((f) => f.reason).join("; ")}`);
}

/**
 * Runs a provider's `read` so that what it throws reads as its message alone: Pulumi's provider host prints
 * an error from `read` (`pulumi refresh`) with its stack, which says nothing to whoever runs the refresh.
 */
export async function readWithoutStackTrace<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    error.stack = "";
    throw error;
  }
}
