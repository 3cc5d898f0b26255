/** The `code` of a request that failed because the sign-in authority gave no token and no answer (unreachable, not refused). */
export const TOKEN_UNREACHED = "TokenAuthorityUnreachable";

/** A Graph request that failed, with a message that says what to do. Never carries a token or secret. */
export class GraphRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when no answer came. */
    readonly status: number,
    /** Graph's `error.code`, when it sent one. */
    readonly code?: string,
    /** How many times the request was sent (retries included); undefined when none was. */
    readonly attempts?: number,
  ) {
    super(message);
    // Set again: Pulumi serializes this class into the dynamic provider as a function, and
    // Error.call(this, message) there does not set the message.
    this.message = message;
    this.name = "GraphRequestError";
  }

  /**
   * As Error's own. Declared because Pulumi's closure serializer links a class's prototype to
   * Error.prototype only when the class has a prototype member: without one, inside the serialized
   * provider an instance is no Error and the provider host logs it as `[object Object]`.
   */
  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

export interface FailedRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;
  /** The Graph application permission the call needs, e.g. `Policy.ReadWrite.ConditionalAccess`. */
  readonly permission: string;
  /** Which credential was used, e.g. `client secret (AZURE_CLIENT_ID)`. */
  readonly credentialSource: string;
  /**
   * How many times the request was sent, said in the message.
   * @default - not said
   */
  readonly attempts?: number;
  /**
   * Why it was not sent again, e.g. a write Graph did not throttle, or a `Retry-After` beyond the wait.
   * @default - not said
   */
  readonly notRetried?: string;
}

/** `after 5 attempts`, `after 1 attempt`: every error of a request sent says how often it was sent. */
export const attemptsSaid = (attempts: number) => `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;

function graphError(body: string): { code?: string; message?: string } {
  try {
    const parsed = JSON.parse(body);
    return { code: parsed?.error?.code, message: parsed?.error?.message };
  } catch {
    return {};
  }
}

/** Turns Graph's answer into an actionable error: 401 names the credential, 403 the permission, 400 Graph's message. */
export function errorForResponse(request: FailedRequest): GraphRequestError {
  const { code, message } = graphError(request.body);
  const what = `${request.method} ${request.url}`;
  const said = request.attempts === undefined ? "" : ` (${attemptsSaid(request.attempts)}${request.notRetried ? `; ${request.notRetried}` : ""})`;
  switch (request.status) {
    case 401:
      return new GraphRequestError(
        `${what}: Graph refused the token of the ${request.credentialSource} (401 ${code ?? "Unauthorized"}); ` +
          `check the tenant id, client id and secret or federated credential, and that the app is in this tenant${said}`,
        401,
        code,
        request.attempts,
      );
    case 403:
      return new GraphRequestError(
        `${what}: the app lacks the Graph application permission ${request.permission} (403 ${code ?? "Forbidden"}); ` +
          `grant it in the app registration and give admin consent${said}`,
        403,
        code,
        request.attempts,
      );
    case 400:
      return new GraphRequestError(`${what}: Graph refused the request: ${message ?? request.body.slice(0, 300)}${said}`, 400, code, request.attempts);
    default:
      return new GraphRequestError(
        `${what}: Graph answered ${request.status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}${said}` +
          `${request.status >= 500 || request.status === 429 ? "; try again later" : ""}`,
        request.status,
        code,
        request.attempts,
      );
  }
}
