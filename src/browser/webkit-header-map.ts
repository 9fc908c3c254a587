// The iteration order and spelling of WebKit's HTTPHeaderMap (WebCore/platform/network/HTTPHeaderMap.h):
// names WebCore knows (HTTPHeaderNames.in) live in one list and iterate first, every other name in a
// second list, each list in the order the page set the names. A known name is printed in WebCore's
// spelling, any other as the page first wrote it. The preflight check walks this map and names the
// first header the answer does not allow (observed in WebKitGTK 2.50.6: `[X-Api-Key, Authorization]`
// names Authorization, `[x-b, X-A]` names x-b; conformance family request, unsafe-order-*).

/** HTTPHeaderNames.in (WebKit/WebKit, the names a page can set; response-only names do not matter here). */
const KNOWN = [
  'Accept',
  'Accept-Charset',
  'Accept-Language',
  'Accept-Encoding',
  'Accept-Ranges',
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Headers',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Origin',
  'Access-Control-Expose-Headers',
  'Access-Control-Max-Age',
  'Access-Control-Request-Headers',
  'Access-Control-Request-Method',
  'Age',
  'Authorization',
  'Cache-Control',
  'Connection',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Security-Policy',
  'Content-Security-Policy-Report-Only',
  'Content-Type',
  'Content-Range',
  'Cookie',
  'Cookie2',
  'Cross-Origin-Resource-Policy',
  'Date',
  'DNT',
  'Default-Style',
  'ETag',
  'Expect',
  'Expires',
  'Host',
  'If-Match',
  'If-Modified-Since',
  'If-None-Match',
  'If-Range',
  'If-Unmodified-Since',
  'Keep-Alive',
  'Last-Event-ID',
  'Last-Modified',
  'Link',
  'Location',
  'Origin',
  'Ping-From',
  'Ping-To',
  'Purpose',
  'Pragma',
  'Proxy-Authorization',
  'Range',
  'Referer',
  'Referrer-Policy',
  'Refresh',
  'Server-Timing',
  'Service-Worker',
  'Service-Worker-Allowed',
  'Set-Cookie',
  'Set-Cookie2',
  'SourceMap',
  'TE',
  'Timing-Allow-Origin',
  'Trailer',
  'Transfer-Encoding',
  'Upgrade',
  'Upgrade-Insecure-Requests',
  'User-Agent',
  'Vary',
  'Via',
  'X-Content-Type-Options',
  'X-DNS-Prefetch-Control',
  'X-Frame-Options',
  'X-SourceMap',
  'X-WebKit-CSP',
  'X-WebKit-CSP-Report-Only',
  'X-XSS-Protection',
  'X-Temp-Tablet',
  'Icy-MetaInt',
  'Icy-Metadata',
];

const KNOWN_BY_LOWER: ReadonlyMap<string, string> = new Map(KNOWN.map((n) => [n.toLowerCase(), n]));

/**
 * The distinct names of a header list in WebKit's HTTPHeaderMap order and spelling.
 *
 * @example
 * webkitHeaderMapOrder(['x-b', 'X-A', 'authorization']); // ['Authorization', 'x-b', 'X-A']
 */
export function webkitHeaderMapOrder(names: readonly string[]): string[] {
  const known: string[] = [];
  const other = new Map<string, string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    const spelled = KNOWN_BY_LOWER.get(lower);
    if (spelled !== undefined) {
      if (!known.includes(spelled)) known.push(spelled);
    } else if (!other.has(lower)) other.set(lower, name);
  }
  return [...known, ...other.values()];
}

/**
 * How WebKit prints a request header's name: WebCore's spelling for a name it knows, else the page's
 * first spelling among `names` (the request's header names), else the name as given.
 *
 * @example
 * webkitHeaderName('content-type', ['content-type']); // 'Content-Type'
 * webkitHeaderName('x-a', ['X-A']);                   // 'X-A'
 */
export function webkitHeaderName(lower: string, names: readonly string[]): string {
  return (
    KNOWN_BY_LOWER.get(lower.toLowerCase()) ??
    names.find((n) => n.toLowerCase() === lower.toLowerCase()) ??
    lower
  );
}
