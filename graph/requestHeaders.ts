/**
 * What every request to Graph says about itself, declared once: the client's requests and the
 * requests inside a `$batch` (whose own headers Graph does not pass on to them) both take it.
 *
 * `Prefer: include-unknown-enum-members`: Graph sends members of an evolvable enum that were added
 * after `unknownFutureValue` (a device platform `linux`, for one) as themselves only to clients that
 * ask; to the others it sends `unknownFutureValue`, which would read as a condition nobody can meet.
 */
export const PREFER = "include-unknown-enum-members";

export function graphRequestHeaders(hasBody: boolean): Record<string, string> {
  return { accept: "application/json", prefer: PREFER, ...(hasBody ? { "content-type": "application/json" } : {}) };
}
