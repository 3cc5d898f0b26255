/** A scripted misbehaviour for the next Graph request (token requests are never faulted). */
export type Fault =
  | { readonly kind: "status"; readonly status: 429 | 500 | 503 | 504; readonly retryAfterSeconds?: number }
  | { readonly kind: "slow"; readonly delayMs: number }
  | { readonly kind: "malformed" }
  /** Answers this instead of Graph (a hostile or malformed answer of a well-formed status). */
  | { readonly kind: "answer"; readonly status: number; readonly body: unknown };

export const throttled = (retryAfterSeconds?: number): Fault => ({ kind: "status", status: 429, retryAfterSeconds });
export const unavailable = (): Fault => ({ kind: "status", status: 503 });
export const gatewayTimeout = (): Fault => ({ kind: "status", status: 504 });
export const slow = (delayMs: number): Fault => ({ kind: "slow", delayMs });
export const malformed = (): Fault => ({ kind: "malformed" });
export const answer = (body: unknown, status = 200): Fault => ({ kind: "answer", status, body });
