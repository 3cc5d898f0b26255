/** A scripted misbehaviour for the next Graph request (token requests are never faulted), or the next one under `route`. */
export type Fault =
  | { readonly kind: "status"; readonly status: FaultStatus; readonly retryAfterSeconds?: number; readonly route?: string }
  | { readonly kind: "slow"; readonly delayMs: number; readonly route?: string }
  | { readonly kind: "malformed"; readonly route?: string }
  /** Answers this instead of Graph (a hostile or malformed answer of a well-formed status). */
  | { readonly kind: "answer"; readonly status: number; readonly body: unknown; readonly route?: string };

export type FaultStatus = 429 | 500 | 502 | 503 | 504;

/** Graph's error codes and messages for the statuses a fault answers, as Graph sends them. */
export const FAULT_ERRORS: Record<FaultStatus, { readonly code: string; readonly message: string }> = {
  429: { code: "TooManyRequests", message: "Too many requests." },
  500: { code: "InternalServerError", message: "An internal server error occurred." },
  // A gateway's answer carries no message of Graph's.
  502: { code: "UnknownError", message: "" },
  503: { code: "ServiceUnavailable", message: "The service is temporarily unavailable." },
  504: { code: "GatewayTimeout", message: "The request timed out." },
};

export const throttled = (retryAfterSeconds?: number): Fault => ({ kind: "status", status: 429, retryAfterSeconds });
export const internalError = (): Fault => ({ kind: "status", status: 500 });
export const badGateway = (): Fault => ({ kind: "status", status: 502 });
export const unavailable = (retryAfterSeconds?: number): Fault => ({ kind: "status", status: 503, retryAfterSeconds });
export const gatewayTimeout = (): Fault => ({ kind: "status", status: 504 });
export const slow = (delayMs: number): Fault => ({ kind: "slow", delayMs });
export const malformed = (): Fault => ({ kind: "malformed" });
export const answer = (body: unknown, status = 200): Fault => ({ kind: "answer", status, body });
/** The same fault, for the next request whose path (query string apart) starts with `route`. */
export const on = (route: string, fault: Fault): Fault => ({ ...fault, route });
