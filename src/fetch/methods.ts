// Fetch Standard §2.2.1 "Methods": what a method is, which are CORS-safelisted, which are forbidden, and
// how fetch() normalizes one. Both engines and the audit read these; nothing else spells them out.
import { isToken } from './token.js';

/** Fetch Standard "CORS-safelisted method": `GET`, `HEAD`, `POST`, byte-case-sensitive. */
export const CORS_SAFELISTED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

/** Fetch Standard "forbidden method", compared byte-case-insensitively (uppercase here). */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** The methods fetch() uppercases ("normalize a method"); every other method keeps its case. */
export const NORMALIZED_METHODS: ReadonlySet<string> = new Set([
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'POST',
  'PUT',
]);

/** Longest name in either case-insensitive set: a longer string can skip toUpperCase. */
const LONGEST = 7;

/**
 * Whether `m` is a method: an HTTP token (RFC 9110 §9.1).
 *
 * @example
 * isMethod('PATCH'); // true
 * isMethod('GET ');  // false
 */
export function isMethod(m: string): boolean {
  return isToken(m);
}

/**
 * Whether `m` is a CORS-safelisted method: exactly `GET`, `HEAD` or `POST` (byte-case-sensitive; run
 * {@link normalizeMethod} first, as fetch() does).
 *
 * @example
 * isCorsSafelistedMethod('POST'); // true
 * isCorsSafelistedMethod('post'); // false
 */
export function isCorsSafelistedMethod(m: string): boolean {
  return CORS_SAFELISTED_METHODS.has(m);
}

/**
 * Whether `m` is a forbidden method: `CONNECT`, `TRACE` or `TRACK`, byte-case-insensitive. fetch()
 * throws a TypeError for them before any network I/O.
 *
 * @example
 * isForbiddenMethod('trace'); // true
 */
export function isForbiddenMethod(m: string): boolean {
  return typeof m === 'string' && m.length <= LONGEST && FORBIDDEN_METHODS.has(m.toUpperCase());
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
  if (m.length > LONGEST) return m;
  const upper = m.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : m;
}
