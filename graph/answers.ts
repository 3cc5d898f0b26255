import { GraphRequestError } from "./errors";
import { pathOfPointer } from "../config/schemaPath";

/** The `code` of the error for an answer whose shape is not what this project reads. */
export const UNEXPECTED_ANSWER = "UnexpectedAnswer";

interface AnswerValidator {
  (value: unknown): boolean;
  errors?: readonly { instancePath: string; message?: string }[] | null;
}

/** Checks one kind of answer; `what` names the request, e.g. `GET https://graph.microsoft.com/v1.0/subscribedSkus`. */
export type AnswerCheck = <T>(value: unknown, what: string) => T;

/**
 * The validator of one schema, compiled on its first use in the process and then reused: compiling costs
 * milliseconds, and a tenant read checks hundreds of answers against a handful of schemas. Ajv is required
 * here, not imported, and the compiled validators live on the process (`globalThis`, under a registered
 * symbol), not in this module: this runs inside the serialized dynamic providers, which must capture no
 * library, compiled code or cache by value.
 */
export function compiledAnswerSchema(schema: object): AnswerValidator {
  const registry = globalThis as { [key: symbol]: Map<string, AnswerValidator> | undefined };
  const key = Symbol.for("entra-baseline.graph-answer-validators");
  const validators = (registry[key] ??= new Map());
  const text = JSON.stringify(schema);
  let validate = validators.get(text);
  if (!validate) {
    const ajvModule = require("ajv") as { default: new (options: object) => { compile(schema: object): AnswerValidator } };
    // A copy: the validator must not change when a caller later changes the object it passed.
    validate = new ajvModule.default({ allErrors: true, strict: false }).compile(JSON.parse(text));
    validators.set(text, validate);
  }
  return validate;
}

/**
 * A checker of Graph's answers against the JSON Schema of the fields this project relies on:
 * anything else is one `GraphRequestError` naming the request and what was wrong, never a
 * TypeError later or a value believed.
 */
export function answerChecker(schema: object): AnswerCheck {
  const validate = compiledAnswerSchema(schema);
  return <T>(value: unknown, what: string): T => {
    if (validate(value)) return value as T;
    const problems = (validate.errors ?? []).slice(0, 3).map((e) => `${pathOf(e.instancePath)} ${e.message ?? "is not valid"}`);
    throw new GraphRequestError(
      `${what}: Graph's answer is not what entra-baseline reads (${problems.join("; ")}); ` +
        `nothing was changed from it: check that ENTRA_BASELINE_GRAPH_ENDPOINT points at Microsoft Graph, or try again`,
      200,
      UNEXPECTED_ANSWER,
    );
  };
}

/** One answer checked once. */
export function checkAnswer<T>(value: unknown, schema: object, what: string): T {
  return answerChecker(schema)<T>(value, what);
}

/** `/value/3/displayName` → `value[3].displayName`; the root is "the answer". */
const pathOf = (instancePath: string): string => pathOfPointer(instancePath) || "the answer";
