// The iteration order and spelling of WebKit's HTTPHeaderMap (WebCore/platform/network/HTTPHeaderMap.h):
// names WebCore knows (HTTPHeaderNames.in) live in one list and iterate first, every other name in a
// second list, each list in the order the page set the names. A known name is printed in WebCore's
// spelling, any other as the page first wrote it. The preflight check walks this map and names the
// first header the answer does not allow (observed in WebKitGTK 2.50.6: `[X-Api-Key, Authorization]`
// names Authorization, `[x-b, X-A]` names x-b; conformance family request, unsafe-order-*).

/**
 * The names in WebKitGTK 2.50.6's HTTPHeaderNames.in (read from the names compiled into
 * libwebkit2gtk-4.1.so.0.19.9) that a page can set: the forbidden ones (Cookie, Host, Proxy-*, Sec-*, …)
 * never reach the map. Older WebKit also knew Purpose, X-DNS-Prefetch-Control and X-WebKit-CSP; 2.50 does
 * not, so it prints them as the page wrote them and iterates them with the other custom names.
 */
const KNOWN = [
  'Accept',
  'Accept-Language',
  'Accept-Ranges',
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Headers',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Origin',
  'Access-Control-Expose-Headers',
  'Access-Control-Max-Age',
  'Age',
  'Authorization',
  'Cache-Control',
  'Clear-Site-Data',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Location',
  'Content-Security-Policy',
  'Content-Security-Policy-Report-Only',
  'Content-Type',
  'Content-Range',
  'Cross-Origin-Embedder-Policy',
  'Cross-Origin-Embedder-Policy-Report-Only',
  'Cross-Origin-Opener-Policy',
  'Cross-Origin-Opener-Policy-Report-Only',
  'Cross-Origin-Resource-Policy',
  'Default-Style',
  'ETag',
  'Expires',
  'If-Match',
  'If-Modified-Since',
  'If-None-Match',
  'If-Range',
  'If-Unmodified-Since',
  'Integrity-Policy',
  'Integrity-Policy-Report-Only',
  'Last-Event-ID',
  'Last-Modified',
  'Link',
  'Location',
  'Ping-From',
  'Ping-To',
  'Pragma',
  'Range',
  'Referrer-Policy',
  'Refresh',
  'Report-To',
  'Reporting-Endpoints',
  'Server-Timing',
  'Service-Worker',
  'Service-Worker-Allowed',
  'Service-Worker-Navigation-Preload',
  'Set-Cookie2',
  'SourceMap',
  'Timing-Allow-Origin',
  'Upgrade-Insecure-Requests',
  'User-Agent',
  'Vary',
  'X-Content-Type-Options',
  'X-Frame-Options',
  'X-SourceMap',
  'X-XSS-Protection',
  'X-Temp-Tablet',
  'Icy-MetaInt',
  'Icy-Metadata',
];

const KNOWN_BY_LOWER = new Map<string, string>();
for (const n of KNOWN) KNOWN_BY_LOWER.set(n.toLowerCase(), n);

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
