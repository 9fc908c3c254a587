// Fetch Standard §2.2.2 "Headers": header names, forbidden request-header names, forbidden
// response-header names and CORS-safelisted response-header names. Names here are byte-lowercase.
import { isToken } from './token.js';

/**
 * Whether `n` is a header name: an HTTP token.
 *
 * @example
 * isHeaderName('X-Request-Id'); // true
 * isHeaderName('X Request');    // false
 */
export function isHeaderName(n: string): boolean {
  return isToken(n);
}

/** Fetch Standard "forbidden request-header" names (byte-lowercase), without the prefix rules. */
export const FORBIDDEN_REQUEST_HEADER_NAMES: ReadonlySet<string> = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

/**
 * The prefix that makes a name a forbidden request-header (`Proxy-`, `Sec-`), lowercased, or `null`.
 *
 * @example
 * forbiddenRequestHeaderPrefix('Sec-Fetch-Mode'); // 'sec-'
 * forbiddenRequestHeaderPrefix('X-Sec');          // null
 */
export function forbiddenRequestHeaderPrefix(name: string): 'proxy-' | 'sec-' | null {
  const lower = name.toLowerCase();
  if (lower.startsWith('proxy-')) return 'proxy-';
  if (lower.startsWith('sec-')) return 'sec-';
  return null;
}

/**
 * Whether a page can never set a header with this name, whatever its value (Fetch Standard "forbidden
 * request-header": the listed names and the `Proxy-`/`Sec-` prefixes). The value-dependent rule for
 * method-override headers belongs to the browser engine, which sees the value.
 *
 * @example
 * isForbiddenRequestHeaderName('Cookie');       // true
 * isForbiddenRequestHeaderName('Sec-Fetch-Site'); // true
 * isForbiddenRequestHeaderName('X-Request-Id'); // false
 */
export function isForbiddenRequestHeaderName(name: string): boolean {
  return (
    FORBIDDEN_REQUEST_HEADER_NAMES.has(name.toLowerCase()) || forbiddenRequestHeaderPrefix(name) !== null
  );
}

/** Fetch Standard "forbidden response-header name": never readable by a script. */
export const FORBIDDEN_RESPONSE_HEADER_NAMES: ReadonlySet<string> = new Set(['set-cookie', 'set-cookie2']);

/**
 * Whether a script can never read a response header with this name.
 *
 * @example
 * isForbiddenResponseHeaderName('Set-Cookie'); // true
 */
export function isForbiddenResponseHeaderName(name: string): boolean {
  return FORBIDDEN_RESPONSE_HEADER_NAMES.has(name.toLowerCase());
}

/** Fetch Standard "CORS-safelisted response-header name" (without the exposed list). */
export const CORS_SAFELISTED_RESPONSE_HEADER_NAMES: ReadonlySet<string> = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

/**
 * Whether a script can read this response header of a CORS response without Access-Control-Expose-Headers.
 *
 * @example
 * isCorsSafelistedResponseHeaderName('Content-Type'); // true
 * isCorsSafelistedResponseHeaderName('X-Id');         // false
 */
export function isCorsSafelistedResponseHeaderName(name: string): boolean {
  return CORS_SAFELISTED_RESPONSE_HEADER_NAMES.has(name.toLowerCase());
}

/**
 * The CORS protocol's response headers (Fetch Standard §3.2.3 "HTTP responses", plus Private Network
 * Access): a server sends them, a page never does, so a request can never carry one.
 */
export const CORS_RESPONSE_HEADER_NAMES: ReadonlySet<string> = new Set([
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'access-control-expose-headers',
  'access-control-allow-private-network',
]);

/**
 * Whether the name is one of the CORS protocol's response headers, which never appear on a request: a
 * policy that allows one as a request header has mixed up requests and responses.
 *
 * @example
 * isCorsResponseHeaderName('Access-Control-Allow-Origin'); // true
 * isCorsResponseHeaderName('Authorization');               // false
 */
export function isCorsResponseHeaderName(name: string): boolean {
  return CORS_RESPONSE_HEADER_NAMES.has(name.toLowerCase());
}

/**
 * Names that never appear on a response a script can read: the request's own `Origin` and
 * `Access-Control-Request-*` headers, and the response headers only a preflight answer carries
 * (Fetch Standard §3.2.3; a preflight's response is never handed to the page).
 */
export const NEVER_EXPOSABLE_HEADER_NAMES: ReadonlySet<string> = new Set([
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
  'access-control-request-private-network',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'access-control-allow-private-network',
]);

/**
 * Whether exposing this name to a page can never have an effect: it is a request or preflight-only
 * header, so no response a script reads carries it.
 *
 * @example
 * isNeverExposableHeaderName('Access-Control-Max-Age'); // true
 * isNeverExposableHeaderName('X-Request-Id');           // false
 */
export function isNeverExposableHeaderName(name: string): boolean {
  return NEVER_EXPOSABLE_HEADER_NAMES.has(name.toLowerCase());
}
