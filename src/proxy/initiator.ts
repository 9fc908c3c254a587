// Who made a request that carries no Origin. Browsers omit Origin on no-cors GET/HEAD (img, script,
// link, navigation) yet attach cookies, and with `--cookies rewrite` the proxy's cookies are
// SameSite=None: any page could make the proxy act with the user's cookies. Fetch Metadata
// (Sec-Fetch-Site) and Referer say which page started the request; curl and other non-browser clients
// send neither and keep working.
import type { HeaderList } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';
import { ProxyError } from './errors.js';

/**
 * What the request says about the page that started it: `user` (typed URL, bookmark: Sec-Fetch-Site
 * none), `self` (a page served through the proxy itself), `page` with that page's origin, `unknown`
 * (a browser started it from another site but hid the page), or `client` (no browser metadata).
 *
 * @example
 * initiatorOf([['Sec-Fetch-Site', 'cross-site'], ['Referer', 'https://evil.example/x']], 'http://127.0.0.1:8787');
 * // { kind: 'page', origin: 'https://evil.example' }
 */
export type Initiator =
  | { readonly kind: 'user' | 'self' | 'unknown' | 'client' }
  | { readonly kind: 'page'; readonly origin: string };

function refererOrigin(lines: HeaderList): string | null {
  const referer = getCombined(lines, 'referer');
  if (referer === null) return null;
  try {
    const origin = new URL(referer).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Read the initiator of a request without Origin.
 *
 * @example
 * initiatorOf([], 'http://127.0.0.1:8787'); // { kind: 'client' } (curl)
 */
export function initiatorOf(lines: HeaderList, proxyOrigin: string): Initiator {
  const site = getCombined(lines, 'sec-fetch-site')?.trim().toLowerCase() ?? null;
  const referer = refererOrigin(lines);
  if (site === 'none') return { kind: 'user' };
  if (site === 'same-origin' || referer === proxyOrigin) return { kind: 'self' };
  if (referer !== null) return { kind: 'page', origin: referer };
  // A browser that sends Fetch Metadata and no Referer (Referrer-Policy: no-referrer) hid the page.
  return site === null ? { kind: 'client' } : { kind: 'unknown' };
}

/**
 * What the proxy does with a request without Origin: refuse it (another page started it and the CORS
 * policy does not allow that page), or forward it, with the user's cookies only when the policy lets
 * that initiator use credentials. `allowed` asks the policy about the initiating page's origin.
 *
 * @example
 * await judgeInitiator(lines, 'http://127.0.0.1:8787', { credentials: true, allowed: async (o) => o === 'http://localhost:5173' });
 * // { cookies: true } | { refusal: ProxyError }
 */
export async function judgeInitiator(
  lines: HeaderList,
  proxyOrigin: string,
  policy: { readonly credentials: boolean; readonly allowed: (origin: string) => boolean | Promise<boolean> },
): Promise<{ readonly refusal: ProxyError } | { readonly cookies: boolean }> {
  const initiator = initiatorOf(lines, proxyOrigin);
  if (initiator.kind === 'user' || initiator.kind === 'self' || initiator.kind === 'client')
    return { cookies: true };
  if (initiator.kind === 'page' && (await policy.allowed(initiator.origin)))
    return { cookies: policy.credentials };
  const who = initiator.kind === 'page' ? `the page ${initiator.origin}` : 'a page on another site';
  const refusal = new ProxyError(
    'PROXY_CROSS_SITE_REFUSED',
    `The request (no Origin, e.g. an <img>, <script> or a link) was started by ${who}, which the proxy's CORS policy does not allow; it was not forwarded, so that page cannot act with your cookies.`,
    'Start it from an allowed page (keep its Referer: no Referrer-Policy: no-referrer), open the URL yourself, or add that origin with --allow-origin.',
    { details: { status: 403 } },
  );
  return { refusal };
}
