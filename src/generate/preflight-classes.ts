// The three kinds of preflight from an allowed origin that corsair tells apart (src/policy/compile.ts,
// compilePreflightCheck), as regexes for the configs that can only match strings (nginx, Apache: PCRE;
// Caddy: RE2, which has no lookaround, so every class is a positive regex and the configs negate):
// - allowed: the method is listed and every requested header is;
// - unlisted: the first problem is a well-formed method or header name the policy does not list (what a
//   real browser asks for): answered with what is allowed, so the browser's console names it;
// - malformed: the first problem is not a token, or the request is oversized: 403 without CORS headers.
// Header lists split on `,` with space and tab around items, empty items skipped, as the engine reads them.
import { MAX_REQUEST_HEADERS_LENGTH } from '../policy/compile.js';
import type { NormalizedCorsOptions } from '../policy/types.js';
import { escapeRegex, methodRegex, preflightMethods } from './model.js';

// RFC 9110 §5.6.2 tchar.
const T = "[!#$%&'*+.^_`|~0-9A-Za-z-]";
// Neither a tchar, nor OWS, nor the list separator.
const NOT_T = "[^, \\t!#$%&'*+.^_`|~0-9A-Za-z-]";

/**
 * A well-formed Access-Control-Request-Method: a token of at most 64 characters (the engine's bound).
 *
 * @example
 * new RegExp(REQUESTED_METHOD_REGEX).test('PROPFIND'); // true
 */
export const REQUESTED_METHOD_REGEX = `^${T}{1,64}$`;

/**
 * An Access-Control-Request-Headers value longer than the engine reads (refused unread). Repeats of at
 * most 1000 in a row: RE2 (Caddy) refuses a larger count, nested or not.
 *
 * @example
 * new RegExp(LONG_HEADER_LIST_REGEX).test('a'.repeat(4097)); // true
 */
export const LONG_HEADER_LIST_REGEX = (() => {
  const parts: string[] = [];
  for (let n = MAX_REQUEST_HEADERS_LENGTH + 1; n > 0; n -= 1000) parts.push(`.{${Math.min(n, 1000)}}`);
  return `^${parts.join('')}`;
})();

/**
 * The methods a preflight may ask for: the listed ones (case-sensitive) plus GET, HEAD and POST, or any
 * well-formed method for `methods: '*'`.
 *
 * @example
 * listedMethodRegex(createCors({ origins: '*', methods: ['PUT'] }).options, 'pcre'); // '^(?:PUT|GET|HEAD|POST)$'
 */
export function listedMethodRegex(o: NormalizedCorsOptions, dialect: 'pcre' | 're2'): string {
  const methods = preflightMethods(o);
  return methods === '*' ? REQUESTED_METHOD_REGEX : methodRegex(methods, dialect);
}

/** One item the policy lists (case-insensitive under the caller's `(?i)`), or `null` when none is. */
function listedItem(o: NormalizedCorsOptions, dialect: 'pcre' | 're2'): string | null {
  if (o.allowedHeaders === '*') return `${T}+`;
  if (o.allowedHeaders.length === 0) return null;
  return `(?:${o.allowedHeaders.map((h) => escapeRegex(h.toLowerCase(), dialect)).join('|')})`;
}

/**
 * A header list whose every item is listed (the empty list included). Not length-bounded: pair it with
 * LONG_HEADER_LIST_REGEX.
 *
 * @example
 * listedHeadersRegex(createCors({ origins: '*', allowedHeaders: ['X-A'] }).options, 'pcre'); // '(?i)^[ \\t,]*(?:(?:x-a)(?:[ \\t]*,[ \\t,]*(?:x-a))*)?[ \\t,]*$'
 */
export function listedHeadersRegex(o: NormalizedCorsOptions, dialect: 'pcre' | 're2'): string {
  const a = listedItem(o, dialect);
  if (a === null) return '^[ \\t,]*$';
  return `(?i)^[ \\t,]*(?:${a}(?:[ \\t]*,[ \\t,]*${a})*)?[ \\t,]*$`;
}

/**
 * A header list whose first item that is not listed is not a token either (`@bad`, `x-a b`): malformed,
 * where an unlisted token first makes the request "unlisted". Only the start of the list is read.
 *
 * @example
 * new RegExp(malformedHeadersRegex(options, 'pcre').slice(4), 'i').test('x-a, @bad'); // true when X-A is listed
 */
export function malformedHeadersRegex(o: NormalizedCorsOptions, dialect: 'pcre' | 're2'): string {
  const a = listedItem(o, dialect);
  const listedOrEmpty = a === null ? '[ \\t]*,' : `[ \\t]*(?:${a})?[ \\t]*,`;
  // An item with a character no token or OWS holds, or two tokens with OWS between them.
  const bad = `[ \\t]*(?:${T}*${NOT_T}|${T}+[ \\t]+[^, \\t])`;
  return `(?i)^(?:${listedOrEmpty})*${bad}`;
}
