import { GraphRequestError } from "./errors";

/**
 * The URL of the next page, from a page's `@odata.nextLink` (absolute, or relative to the page):
 * only on the Graph origin (scheme, host and port exactly), since the bearer token goes with it,
 * and never a page read before (a server that pages in a loop). Anything else is an error naming
 * the request whose answer carried the link; nothing is sent to the link.
 */
export function followNextLink(link: string, current: string, origin: string, seen: ReadonlySet<string>): string {
  let url: URL;
  try {
    url = new URL(link, current);
  } catch {
    throw new GraphRequestError(
      `GET ${current}: Graph's @odata.nextLink is not a URL (${JSON.stringify(link.slice(0, 200))}); refused to follow it`,
      200,
      "BadNextLink",
    );
  }
  if (url.origin !== origin) {
    throw new GraphRequestError(
      `GET ${current}: Graph's @odata.nextLink points at ${url.origin}, not at the Graph endpoint ${origin}; ` +
        `refused to follow it, so no request and no token went there`,
      200,
      "BadNextLink",
    );
  }
  if (seen.has(url.href))
    throw new GraphRequestError(
      `GET ${current}: Graph's @odata.nextLink repeats a page already read (${url.href}); refused to page in a loop`,
      200,
      "PagingLoop",
    );
  return url.href;
}
