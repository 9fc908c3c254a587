// Fetch Standard §4.8 "CORS-preflight fetch", §3.1 "`Origin` header" and Fetch Metadata Request
// Headers (Sec-Fetch-Mode, Sec-Fetch-Site, Sec-Fetch-Dest): the exact requests a browser puts on the wire.
import type { HeaderLine, HttpRequest } from '../exchange.js';
import { isSameOrigin, isSameSite, type Origin, originOfUrl, parseOrigin } from '../origin/index.js';
import type { ClassifiedRequest } from './classify.js';
import type { CredentialsMode } from './types.js';

/** The value of `Sec-Fetch-Site`. */
export type SecFetchSite = 'same-origin' | 'same-site' | 'cross-site';

/** The page's origin from its serialization: `null` (a sandboxed, file: or data: page) does not parse, so it is opaque. */
export function pageOriginOf(serialized: string): Origin {
  return parseOrigin(serialized) ?? { opaque: true };
}

/**
 * `Sec-Fetch-Site` (Fetch Metadata §2.4) for a request made from `c`'s page to each URL it has visited:
 * the weakest relation over all of them (one cross-site hop makes the whole request cross-site).
 *
 * @example
 * secFetchSite(c, ['https://api.example.com/']); // 'same-site' for a page on https://app.example.com
 */
export function secFetchSite(c: ClassifiedRequest, urls: readonly string[]): SecFetchSite {
  const page = pageOriginOf(c.origin);
  let result: SecFetchSite = 'same-origin';
  for (const u of urls) {
    const o = originOfUrl(u);
    if (isSameOrigin(page, o)) continue;
    if (isSameSite(page, o)) result = 'same-site';
    else return 'cross-site';
  }
  return result;
}

/**
 * Whether the browser attaches cookies to a request (Fetch Standard §4.6 "HTTP-network-or-cache fetch",
 * *includeCredentials*): credentials mode `include`, or `same-origin` while the request is still
 * same-origin with the page (response tainting "basic"). Never on a preflight.
 *
 * @example
 * includesCredentials('same-origin', 'https://app.example.com', 'https://api.example.com/x'); // false
 * includesCredentials('include', 'https://app.example.com', 'https://api.example.com/x');     // true
 */
export function includesCredentials(mode: CredentialsMode, pageOrigin: string, url: string): boolean {
  if (mode === 'include') return true;
  if (mode === 'omit') return false;
  return isSameOrigin(pageOriginOf(pageOrigin), originOfUrl(url));
}

function fetchMetadata(c: ClassifiedRequest, urls: readonly string[]): HeaderLine[] {
  return [
    ['Sec-Fetch-Mode', 'cors'],
    ['Sec-Fetch-Site', secFetchSite(c, urls)],
    ['Sec-Fetch-Dest', 'empty'],
  ];
}

/**
 * The CORS preflight request (Fetch Standard §4.8): `OPTIONS` to the request's URL with `Accept: *\/*`,
 * `Access-Control-Request-Method`, `Access-Control-Request-Headers` (the CORS-unsafe names joined by
 * `,`, only when there are any), `Origin` and the Sec-Fetch-* headers. Never cookies or other credentials.
 *
 * @example
 * buildPreflightRequest(classified, 'https://app.example.com');
 * // { method: 'OPTIONS', url: 'https://api.example.com/items', headers: [['Accept', '*\/*'],
 * //   ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'content-type'],
 * //   ['Origin', 'https://app.example.com'], ['Sec-Fetch-Mode', 'cors'], …] }
 */
export function buildPreflightRequest(c: ClassifiedRequest, origin: string): HttpRequest {
  const headers: HeaderLine[] = [
    ['Accept', '*/*'],
    ['Access-Control-Request-Method', c.method],
  ];
  if (c.unsafeHeaderNames.length > 0)
    headers.push(['Access-Control-Request-Headers', c.unsafeHeaderNames.join(',')]);
  headers.push(['Origin', origin], ...fetchMetadata(c, [c.url]));
  return { method: 'OPTIONS', url: c.url, headers };
}

/**
 * The actual request: the page's headers as the browser sends them, plus `Origin` (always on a
 * cross-origin request; on a same-origin one only when the method is not GET or HEAD) and the
 * Sec-Fetch-* headers. `url` and `method` change on redirects (a 303 turns POST into GET); `origin`
 * becomes `null` after a cross-origin redirect; `urls`, the URLs the request has been at, make
 * Sec-Fetch-Site (by default the one the page asked for and `url`).
 *
 * @example
 * buildActualRequest(classified, 'https://app.example.com');
 * buildActualRequest(classified, 'null', 'https://cdn.example.net/items', 'GET'); // after a redirect
 */
export function buildActualRequest(
  c: ClassifiedRequest,
  origin: string,
  url: string = c.url,
  method: string = c.method,
  urls: readonly string[] = [c.url, url],
): HttpRequest {
  const headers: HeaderLine[] = [...c.headers];
  // Response tainting is "cors" once any URL of the request is cross-origin to the page.
  const cors = !c.sameOrigin || !isSameOrigin(pageOriginOf(c.origin), originOfUrl(url));
  if (cors || (method !== 'GET' && method !== 'HEAD')) headers.push(['Origin', origin]);
  headers.push(...fetchMetadata(c, urls));
  return { method, url, headers };
}
