/** The path and query of an HTTP request, read without throwing: a stranger chooses every byte. */
export interface RequestTarget {
  /** Percent-decoded. */
  path: string;
  query: URLSearchParams;
}

/**
 * Reads a request's target (`/path?query`). Anything else is undefined, which the host
 * answers with 400: an absolute or `*` target, one that starts with `//` (URL parsers read
 * `//[` and `//a:99999/x` as a host name and port), a path that does not decode (`/%ff`) or
 * holds a NUL byte.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (!raw?.startsWith("/") || raw.startsWith("//")) return undefined;
  let url: URL;
  let path: string;
  try {
    url = new URL(`http://127.0.0.1${raw}`);
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (path.includes("\0")) return undefined;
  return { path, query: url.searchParams };
}
