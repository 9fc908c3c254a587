// RFC 9110 §5.6.2 "token": the production the Fetch Standard uses for a method (§2.2.1) and a header
// name (§2.2.2). One table, read by char code, so the request path needs no regex and no allocation.

// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
  TCHAR[c.charCodeAt(0)] = 1;
}

/**
 * Whether the UTF-16 code unit `c` is a tchar (RFC 9110 §5.6.2).
 *
 * @example
 * isTokenCodeUnit('-'.charCodeAt(0)); // true
 * isTokenCodeUnit(' '.charCodeAt(0)); // false
 */
export function isTokenCodeUnit(c: number): boolean {
  return c < 128 && TCHAR[c] === 1;
}

/**
 * Whether `s` is an HTTP token: one or more tchars (RFC 9110 §5.6.2). Methods and header names are
 * tokens; anything else (empty, spaces, commas, quotes, non-ASCII) is not. Linear, no regex.
 *
 * @example
 * isToken('X-Request-Id'); // true
 * isToken('X Request');    // false
 * isToken('');             // false
 */
export function isToken(s: string): boolean {
  if (typeof s !== 'string' || s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTokenCodeUnit(s.charCodeAt(i))) return false;
  return true;
}
