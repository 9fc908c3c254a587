// The request-time origin parser: no URL parser, no regex, no allocation beyond the slices a lookup
// needs. A browser always sends the ASCII serialization of an origin (HTML Standard §7.1.1): lowercase
// scheme and host, no default port, no path. Anything else never matches. Configuration goes through
// the strict parser (strict.ts) instead, which explains every refusal.
import { defaultPort } from './types.js';

/**
 * The parts of a well-formed serialized origin as offsets into the string, or `null` when the value is
 * not one (`null`, repeated values joined by `, `, uppercase, a path, a default port…).
 *
 * @example
 * parseSerializedOriginFast('https://a.example.com:8443'); // { schemeEnd: 5, hostStart: 8, hostEnd: 21 }
 */
export interface OriginOffsets {
  /** Index of the `:` after the scheme. */
  readonly schemeEnd: number;
  readonly hostStart: number;
  /** End of the host; the port (if any) follows after a `:`. */
  readonly hostEnd: number;
}

/**
 * The longest origin a browser can send: a scheme of at most 64 characters (longer ones are refused
 * by the strict parser too), `://`, a DNS name of at most 253 characters and `:65535`. Nothing longer
 * ever reaches a user RegExp or predicate.
 *
 * @example
 * 'https://a.com'.length <= MAX_ORIGIN_LENGTH; // true
 */
export const MAX_ORIGIN_LENGTH = 64 + 3 + 253 + 6;

/**
 * Split a serialized origin into offsets, rejecting anything a browser would not send.
 *
 * @example
 * parseSerializedOriginFast('https://Example.com'); // null (uppercase host)
 */
export function parseSerializedOriginFast(s: string): OriginOffsets | null {
  const n = s.length;
  if (n < 8 || n > MAX_ORIGIN_LENGTH) return null;
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), lowercase in a serialization (RFC 3986 §3.1)
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) continue;
    if (i > 0 && ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) continue;
    break;
  }
  if (i === 0 || s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47)
    return null;
  const schemeEnd = i;
  const hostStart = i + 3;
  let j = hostStart;
  if (s.charCodeAt(j) === 91) {
    // IPv6 literal, serialized lowercase in brackets
    j++;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if ((c >= 48 && c <= 58) || (c >= 97 && c <= 102) || c === 46) continue;
      break;
    }
    if (s.charCodeAt(j) !== 93) return null;
    j++;
  } else {
    let prevDot = true;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95) {
        prevDot = false;
        continue;
      }
      if (c === 46) {
        if (prevDot) return null; // empty label
        prevDot = true;
        continue;
      }
      break;
    }
    if (j === hostStart) return null;
  }
  const hostEnd = j;
  if (j === n) return { schemeEnd, hostStart, hostEnd };
  if (s.charCodeAt(j) !== 58) return null;
  // port: 1*5DIGIT, no leading zero, <= 65535, never the scheme's default
  const portStart = j + 1;
  const portLen = n - portStart;
  if (portLen < 1 || portLen > 5 || s.charCodeAt(portStart) === 48) return null;
  let port = 0;
  for (let k = portStart; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return null;
    port = port * 10 + (c - 48);
  }
  if (port > 65535) return null;
  if (port === defaultPort(s.slice(0, schemeEnd))) return null;
  return { schemeEnd, hostStart, hostEnd };
}
