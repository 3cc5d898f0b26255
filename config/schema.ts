import { CONFIG_KEYS, ConfigKey } from "./keys";

/**
 * JSON Schema of the `entra-baseline:` stack configuration, built from `CONFIG_KEYS`. Every
 * property carries a `description` that doubles as the fix in error messages ("set it to …").
 */
export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: (Object.keys(CONFIG_KEYS) as ConfigKey[]).filter((key) => "required" in CONFIG_KEYS[key]),
  properties: Object.fromEntries(Object.entries(CONFIG_KEYS).map(([key, definition]) => [key, definition.schema])),
};
