// `--verbose`: what the upstream's own CORS headers would have made the browser do without the proxy,
// decided by the browser engine on the upstream's real responses.
import { simulateCors } from '../browser/simulate.js';
import type { CredentialsMode } from '../browser/types.js';
import { engineOfUserAgent } from '../browser/user-agent.js';
import type { HeaderList, HttpRequest, HttpResponse } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';

// Headers the browser (not the page) adds; they do not count as the page's request headers.
const BROWSER_ADDED = new Set([
  'host',
  'connection',
  'origin',
  'referer',
  'cookie',
  'user-agent',
  'accept-encoding',
  'priority',
  'pragma',
  'cache-control',
  'content-length',
  'dnt',
  'upgrade-insecure-requests',
]);

/**
 * The page's request as the upstream would have seen it, and how to get the upstream's answers.
 *
 * @example
 * const q: VerdictQuery = { origin: 'http://localhost:5173', url: 'https://api.example.com/items', method: 'GET', headers: [], response: { status: 200, headers: [] }, preflight: async () => ({ status: 404, headers: [] }) };
 */
export interface VerdictQuery {
  readonly origin: string;
  /** The upstream URL the page would have called directly. */
  readonly url: string;
  readonly method: string;
  /** The request's headers as they reached the proxy. */
  readonly headers: HeaderList;
  /** The upstream's real response to the forwarded request. */
  readonly response: HttpResponse;
  /** Sends the preflight the browser would have sent to the upstream (only called when one is needed). */
  readonly preflight: (request: HttpRequest) => Promise<HttpResponse>;
}

/**
 * One line: whether the page's own browser (its engine read from the request's User-Agent; Chromium
 * when none is recognised) would have let the page read the upstream's response without the proxy,
 * and if not, that browser's console message.
 *
 * @example
 * await upstreamVerdict(query); // "chromium would BLOCK: Access to fetch at '…' from origin '…' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
 */
export async function upstreamVerdict(q: VerdictQuery): Promise<string> {
  const pageHeaders = q.headers.filter(([n]) => {
    const lower = n.toLowerCase();
    return !BROWSER_ADDED.has(lower) && !lower.startsWith('sec-') && !lower.startsWith('proxy-');
  });
  // The proxy cannot see fetch()'s credentials mode; cookies or Authorization mean "include".
  const credentials: CredentialsMode =
    getCombined(q.headers, 'cookie') !== null || getCombined(q.headers, 'authorization') !== null
      ? 'include'
      : 'omit';
  const browser = engineOfUserAgent(getCombined(q.headers, 'user-agent') ?? '');
  let actualSent = false;
  const outcome = await simulateCors(
    { pageOrigin: q.origin, url: q.url, method: q.method, headers: pageHeaders, credentials },
    {
      browser,
      send: async (request) => {
        if (
          request.method === 'OPTIONS' &&
          getCombined(request.headers, 'access-control-request-method') !== null
        )
          return q.preflight(request);
        // Redirects are followed by the page through the proxy, so only the first answer is judged.
        if (actualSent) throw new Error('redirect not followed by --verbose');
        actualSent = true;
        return q.response;
      },
    },
  );
  if (outcome.allowed) return `${browser} would allow it${outcome.preflight ? ' (after a preflight)' : ''}`;
  if (outcome.error === null) return `${browser} would block it`;
  const d = outcome.error.detail;
  if (d.code === 'NetworkError' && 'reason' in d && String(d.reason).includes('redirect not followed'))
    return `${browser} would follow the redirect (its CORS headers pass); the next hop is judged when it comes`;
  return `${browser} would BLOCK: ${outcome.error.messages[browser]}`;
}
