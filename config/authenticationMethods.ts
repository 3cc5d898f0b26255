import type { AuthenticationMethodsArgs } from "./args";
import { OBJECT_ID, oneOf, type KeySchema } from "./schemaParts";
import { AUTHENTICATION_METHODS, type AuthenticationMethod, type AuthenticationMethodsConfig, type MethodSetting } from "./types";

/** One method's setting: enabled, disabled, or a group's object id. */
const METHOD_SETTING = {
  description: "enabled, disabled, or { group: <object id of the group allowed to use it> }",
  anyOf: [
    { enum: ["enabled", "disabled"] },
    {
      type: "object",
      additionalProperties: false,
      required: ["group"],
      properties: { group: { ...OBJECT_ID, description: "the object id (a GUID) of the group allowed to use the method" } },
    },
  ],
} as const satisfies KeySchema;

const NAMES = AUTHENTICATION_METHODS.join(", ");

/** The JSON Schema of `authenticationMethods`: `false`, or its options; an unknown method name is an unknown key. */
export const AUTHENTICATION_METHODS_SCHEMA = {
  description:
    "false to leave the authentication methods policy alone, or { methods, disallowed, authenticatorContext, systemPreferredMfa, migrationComplete }",
  anyOf: [
    { const: false },
    {
      type: "object",
      additionalProperties: false,
      properties: {
        methods: {
          type: "object",
          additionalProperties: false,
          description: `an object keyed by method name (${NAMES})`,
          properties: Object.fromEntries(AUTHENTICATION_METHODS.map((m) => [m, METHOD_SETTING])),
        },
        disallowed: {
          type: "array",
          uniqueItems: true,
          items: oneOf(AUTHENTICATION_METHODS, `a method name: one of ${NAMES}`),
          description: "a list of method names that must stay disabled",
        },
        authenticatorContext: { type: "boolean", description: "true or false" },
        systemPreferredMfa: { type: "boolean", description: "true or false" },
        migrationComplete: { type: "boolean", description: "true or false" },
      },
    },
  ],
} as const satisfies KeySchema;

/** One problem in the stack configuration: the full key and what to do about it (as config/validate's). */
interface Issue {
  readonly key: string;
  readonly message: string;
}

const KEY = "entra-baseline:authenticationMethods";

/**
 * Microsoft's current guidance, the same on every plan (the policy and these methods need no
 * P1): Authenticator, passkeys (FIDO2) and Temporary Access Pass on for everyone; SMS and voice
 * off (phishable, SIM swap). See docs/authentication-methods.md.
 */
export const DEFAULT_METHODS: { readonly [M in AuthenticationMethod]?: MethodSetting } = {
  microsoftAuthenticator: "enabled",
  fido2: "enabled",
  temporaryAccessPass: "enabled",
  sms: "disabled",
  voice: "disabled",
};

/** The stated `authenticationMethods` with defaults; absent or `false`: not managed. Disallowed methods are declared disabled. */
export function withAuthenticationMethodDefaults(stated: AuthenticationMethodsArgs | false | undefined): AuthenticationMethodsConfig | undefined {
  if (stated === undefined || stated === false) return undefined;
  const disallowed = stated.disallowed ?? [];
  const methods: { [M in AuthenticationMethod]?: MethodSetting } = { ...DEFAULT_METHODS, ...stated.methods };
  for (const m of disallowed) if (stated.methods?.[m] === undefined) methods[m] = "disabled";
  return {
    methods,
    disallowed,
    authenticatorContext: stated.authenticatorContext ?? true,
    systemPreferredMfa: stated.systemPreferredMfa ?? true,
    migrationComplete: stated.migrationComplete ?? true,
  };
}

/** Contradictions the schema cannot see: a method both enabled and declared disallowed. */
export function authenticationMethodsIssues(am: AuthenticationMethodsConfig | undefined): Issue[] {
  if (!am) return [];
  return am.disallowed
    .filter((m) => am.methods[m] !== undefined && am.methods[m] !== "disabled")
    .map((m) => ({
      key: `${KEY}.methods.${m}`,
      message: `is ${JSON.stringify(am.methods[m])} but ${m} is listed in authenticationMethods.disallowed; set it to disabled, or remove ${m} from disallowed`,
    }));
}
