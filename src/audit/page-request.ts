// The request a page at a given origin makes, classified by the browser engine, for the audit tools'
// crafted origins: always in CORS mode (scan's baseline may be the target's own origin), and with an
// origin no URL parser accepts (Safari-only probes) sent as given.
import {
  type BrowserProfile,
  type ClassifiedRequest,
  type CorsRequestInit,
  classifyRequest,
  parseOrigin,
} from '../browser/index.js';

/**
 * `init` made by a page at `origin` to `url`, classified by the engine for `profile` and marked
 * cross-origin, ready for `buildActualRequest(c, origin)` / `buildPreflightRequest(c, origin)`. An origin
 * that does not parse makes the page opaque for Sec-Fetch-Site; the Origin header still carries it.
 *
 * @example
 * buildPreflightRequest(corsPageRequest('https://api.example.com/', 'null', { method: 'PUT' }, chromium), 'null');
 */
export function corsPageRequest(
  url: string,
  origin: string,
  init: Omit<CorsRequestInit, 'pageOrigin' | 'url'>,
  profile: BrowserProfile,
): ClassifiedRequest {
  const pageOrigin = origin !== 'null' && parseOrigin(origin) ? origin : 'null';
  const c = classifyRequest({ ...init, pageOrigin, url }, profile);
  // fetch() resolves a relative URL against the page; an audit target must be absolute, so one that is
  // not goes to the transport as given, which refuses it (INVALID_URL).
  return { ...c, url: URL.canParse(url) ? c.url : url, sameOrigin: false };
}
