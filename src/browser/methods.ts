// Fetch Standard §2.2.1 "Methods".

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK']);
const SAFELISTED = new Set(['GET', 'HEAD', 'POST']);

/**
 * Whether `m` is a method: an HTTP token (RFC 9110 §9.1).
 *
 * @example
 * isMethod('PATCH'); // true
 * isMethod('GET ');  // false
 */
export function isMethod(m: string): boolean {
  return typeof m === 'string' && TOKEN.test(m);
}

/**
 * Whether `m` is a CORS-safelisted method: exactly `GET`, `HEAD` or `POST` (byte-case-sensitive; run
 * {@link normalizeMethod} first, as fetch() does).
 *
 * @example
 * isCorsSafelistedMethod('POST'); // true
 * isCorsSafelistedMethod('PUT');  // false
 */
export function isCorsSafelistedMethod(m: string): boolean {
  return SAFELISTED.has(m);
}

/**
 * Whether `m` is a forbidden method: `CONNECT`, `TRACE` or `TRACK`, byte-case-insensitive. fetch()
 * throws a TypeError for them before any network I/O.
 *
 * @example
 * isForbiddenMethod('trace'); // true
 */
export function isForbiddenMethod(m: string): boolean {
  return typeof m === 'string' && m.length <= 7 && FORBIDDEN.has(m.toUpperCase());
}

/**
 * Normalize a method as fetch() does: uppercase it only when it matches DELETE, GET, HEAD, OPTIONS,
 * POST or PUT case-insensitively. `patch` stays `patch` (and then needs a preflight).
 *
 * @example
 * normalizeMethod('post');  // 'POST'
 * normalizeMethod('patch'); // 'patch'
 */
export function normalizeMethod(m: string): string {
  if (m.length > 7) return m;
  const upper = m.toUpperCase();
  return NORMALIZED.has(upper) ? upper : m;
}
