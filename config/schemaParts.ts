/**
 * Reusable JSON Schema fragments of the stack configuration. Every fragment carries a
 * `description` that doubles as the fix in error messages ("set it to …").
 */

/** A JSON Schema fragment whose `description` is the fix shown when a value does not match it. */
export interface KeySchema {
  readonly description: string;
  readonly [keyword: string]: unknown;
}

export const OBJECT_ID = {
  type: "string",
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  description: "an object id (a GUID such as 3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21) copied from the Entra admin center",
} as const satisfies KeySchema;

export const OBJECT_IDS = {
  type: "array",
  items: OBJECT_ID,
  uniqueItems: true,
  description: "a list of object ids (GUIDs)",
} as const satisfies KeySchema;

/** A user: its object id, or its user principal name, which `pulumi up` and `plan --against live` resolve to the id through Graph. */
export const USER_ID = {
  type: "string",
  pattern: "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[^@\\s]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)$",
  description: "a user's object id (a GUID) or user principal name (admin@contoso.com)",
} as const satisfies KeySchema;

/** A list of users by object id or UPN, described for the key it is used by. */
export const userIds = (description: string) => ({ type: "array", items: USER_ID, uniqueItems: true, description }) satisfies KeySchema;

/** A list of object ids, described for the key it is used by. */
export const objectIds = (description: string) => ({ ...OBJECT_IDS, description }) satisfies KeySchema;

/** One of a vocabulary's values. */
export const oneOf = (values: readonly string[], description: string) => ({ enum: values, description }) satisfies KeySchema;

/** The display name a baseline policy keeps instead of the baseline's (an adopted tenant policy keeps its own). */
export const DISPLAY_NAME = {
  type: "string",
  minLength: 1,
  maxLength: 256,
  pattern: "\\S",
  description: "the policy's display name in the Entra admin center (1 to 256 characters), or leave it out for the baseline's name",
} as const satisfies KeySchema;

/** A policy's entry under `policies`: `false`, or an object of its options (every policy takes `state` and `displayName`). */
export function policyOptions(state: KeySchema, properties: Readonly<Record<string, KeySchema>>, description: string): KeySchema {
  return {
    description: `false to omit the policy, or ${description.replace(/^\{ state/, "{ state, displayName")}`,
    anyOf: [{ const: false }, { type: "object", additionalProperties: false, properties: { state, displayName: DISPLAY_NAME, ...properties } }],
  };
}
