// Fetch Standard §2.2.2 "Headers": header names and values, CORS-safelisted request-headers, forbidden
// request-headers and CORS-unsafe request-header names. Values are JS strings holding bytes (one code
// unit per byte, as fetch()'s ByteString conversion makes them).
import type { HeaderList } from '../exchange.js';
import { combineHeaderLines } from '../fetch/header-list.js';
import { FORBIDDEN_REQUEST_HEADER_NAMES, forbiddenRequestHeaderPrefix } from '../fetch/header-names.js';
import { isForbiddenMethod } from '../fetch/methods.js';
import { parseMimeType } from './mime.js';
import type { BrowserProfile, SafelistedValueRule } from './profile.js';

// Bytes a header value may not contain (NUL, LF, CR) or cannot contain at all (beyond a byte).
const INVALID_VALUE_CHAR = /[\0\n\r\u0100-\uffff]/;
const UNSAFE_BYTE = /[\0-\u0008\u000a-\u001f"():<>?@[\\\]{}\u007f]/;
// The same plus 0x80–0xFF (and anything wider), for profiles with highBytesAreCorsUnsafe (Firefox).
const UNSAFE_BYTE_OR_HIGH = /[\0-\u0008\u000a-\u001f"():<>?@[\\\]{}\u007f-\uffff]/;
// accept-language / content-language: 0-9 A-Z a-z, space, * , - . ; =
const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/;
const SAFELISTED_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

const METHOD_OVERRIDE_NAMES = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);

function isHttpTabOrSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isHttpWhitespace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/**
 * Whether `v` is a header value: no leading or trailing HTTP tab or space, no NUL, LF or CR, and only
 * byte-sized characters (fetch() throws a TypeError for anything else).
 *
 * @example
 * isHeaderValue('text/plain'); // true
 * isHeaderValue('a\r\nb');     // false
 */
export function isHeaderValue(v: string): boolean {
  if (typeof v !== 'string') return false;
  if (v.length > 0 && (isHttpTabOrSpace(v[0]) || isHttpTabOrSpace(v[v.length - 1]))) return false;
  return !INVALID_VALUE_CHAR.test(v);
}

/**
 * Normalize a header value as Headers does: strip leading and trailing HTTP whitespace (tab, space,
 * LF, CR).
 *
 * @example
 * normalizeHeaderValue('  text/plain\r\n'); // 'text/plain'
 */
export function normalizeHeaderValue(v: string): string {
  let start = 0;
  let end = v.length;
  while (start < end && isHttpWhitespace(v[start])) start++;
  while (end > start && isHttpWhitespace(v[end - 1])) end--;
  return start === 0 && end === v.length ? v : v.slice(start, end);
}

/**
 * Whether a byte is a CORS-unsafe request-header byte: a control byte other than HT, one of
 * `" ( ) : < > ? @ [ \ ] { }`, or DEL; with a profile whose `highBytesAreCorsUnsafe` is set (Firefox),
 * also 0x80–0xFF.
 *
 * @example
 * isCorsUnsafeRequestHeaderByte(0x22); // true ('"')
 * isCorsUnsafeRequestHeaderByte(0x09); // false (HT)
 * isCorsUnsafeRequestHeaderByte(0xe9, profiles.firefox); // true
 */
export function isCorsUnsafeRequestHeaderByte(byte: number, profile?: BrowserProfile): boolean {
  if (profile?.highBytesAreCorsUnsafe && byte >= 0x80) return true;
  return (
    (byte < 0x20 && byte !== 0x09) ||
    byte === 0x22 ||
    byte === 0x28 ||
    byte === 0x29 ||
    byte === 0x3a ||
    byte === 0x3c ||
    byte === 0x3e ||
    byte === 0x3f ||
    byte === 0x40 ||
    byte === 0x5b ||
    byte === 0x5c ||
    byte === 0x5d ||
    byte === 0x7b ||
    byte === 0x7d ||
    byte === 0x7f
  );
}

/** Compare two ASCII digit strings as decimal numbers, without overflow. */
function compareDecimal(a: string, b: string): number {
  const x = a.replace(/^0+(?=.)/, '');
  const y = b.replace(/^0+(?=.)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

function collectDigits(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

/**
 * Fetch Standard "parse a single range header value" with allowWhitespace false, reduced to what the
 * safelist needs: `true` when the value is `bytes=N-` or `bytes=N-M` with N ≤ M (a suffix range
 * `bytes=-N` has a null start and is not safelisted).
 */
function isSimpleRangeWithStart(value: string, profile: BrowserProfile): boolean {
  // "starts with `bytes`" is case-sensitive; Chromium 156 and Firefox ESR 153 both preflight `BYTES=0-`,
  // WebKit does not (profile data).
  const unit = value.slice(0, 5);
  if (unit !== 'bytes' && !(profile.rangeUnitCaseInsensitive && unit.toLowerCase() === 'bytes')) return false;
  if (value[5] !== '=') return false;
  const startEnd = collectDigits(value, 6);
  const start = value.slice(6, startEnd);
  if (value[startEnd] !== '-') return false;
  const endEnd = collectDigits(value, startEnd + 1);
  if (endEnd !== value.length) return false;
  const end = value.slice(startEnd + 1, endEnd);
  if (start === '') return false; // a suffix range (or "bytes=-", which is a failure anyway)
  return end === '' || compareDecimal(start, end) <= 0;
}

function checkValueRule(rule: SafelistedValueRule, value: string): boolean {
  if (rule === 'any') return true;
  if (rule === 'similar-to-int') return /^[0-9]+$/.test(value);
  if (rule === 'similar-to-double') return /^[0-9]+(\.[0-9]+)?$/.test(value);
  if (rule === 'on') return value.toLowerCase() === 'on';
  return rule.oneOf.includes(value);
}

function hasUnsafeByte(value: string, profile: BrowserProfile): boolean {
  return (profile.highBytesAreCorsUnsafe ? UNSAFE_BYTE_OR_HIGH : UNSAFE_BYTE).test(value);
}

/**
 * Whether (name, value) is a CORS-safelisted request-header (Fetch Standard §2.2.2), plus the extra
 * names the browser profile safelists (Chromium's client hints, with their value rules).
 *
 * @example
 * isCorsSafelistedRequestHeader('Content-Type', 'text/plain;charset=UTF-8', profiles.spec); // true
 * isCorsSafelistedRequestHeader('Content-Type', 'application/json', profiles.spec);         // false
 * isCorsSafelistedRequestHeader('Range', 'bytes=0-99', profiles.spec);                      // true
 */
export function isCorsSafelistedRequestHeader(name: string, value: string, profile: BrowserProfile): boolean {
  if (typeof name !== 'string' || typeof value !== 'string') return false;
  if (value.length > 128) return false;
  const lower = name.toLowerCase();
  switch (lower) {
    case 'accept':
      return !hasUnsafeByte(value, profile);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_VALUE.test(value);
    case 'content-type': {
      if (hasUnsafeByte(value, profile)) return false;
      const mime = parseMimeType(value);
      return mime !== null && SAFELISTED_CONTENT_TYPES.has(mime.essence);
    }
    case 'range':
      return isSimpleRangeWithStart(value, profile);
  }
  if (!profile.extraSafelistedRequestHeaders.includes(lower)) return false;
  if (INVALID_VALUE_CHAR.test(value)) return false;
  const rule = Object.hasOwn(profile.extraSafelistedRequestHeaderValues, lower)
    ? profile.extraSafelistedRequestHeaderValues[lower]
    : undefined;
  return rule === undefined ? !hasUnsafeByte(value, profile) : checkValueRule(rule, value);
}

/**
 * Fetch Standard "get, decode, and split" a header value: split on commas outside quoted strings and
 * trim HTTP tab or space from each item. Linear in the input.
 *
 * @example
 * getDecodeAndSplit('GET, "a,b" , PUT'); // ['GET', '"a,b"', 'PUT']
 */
export function getDecodeAndSplit(value: string): string[] {
  const values: string[] = [];
  let temporary = '';
  let pos = 0;
  const n = value.length;
  for (;;) {
    let i = pos;
    while (i < n && value[i] !== '"' && value[i] !== ',') i++;
    temporary += value.slice(pos, i);
    pos = i;
    if (pos < n && value[pos] === '"') {
      // Collect an HTTP quoted string (extract-value false): keep the quotes and escapes.
      const start = pos;
      pos++;
      for (;;) {
        while (pos < n && value[pos] !== '"' && value[pos] !== '\\') pos++;
        if (pos >= n) break;
        const c = value[pos];
        pos++;
        if (c === '\\') {
          if (pos >= n) break;
          pos++;
        } else break;
      }
      temporary += value.slice(start, pos);
      if (pos < n) continue;
    }
    let a = 0;
    let b = temporary.length;
    while (a < b && isHttpTabOrSpace(temporary[a])) a++;
    while (b > a && isHttpTabOrSpace(temporary[b - 1])) b--;
    values.push(temporary.slice(a, b));
    temporary = '';
    if (pos >= n) return values;
    pos++; // skip ','
  }
}

/**
 * Why a request header is forbidden, in plain words, or `null` when it is not. Forbidden request-headers
 * (Fetch Standard §2.2.2) are dropped silently by the browser; the profile adds its own (Chromium:
 * `User-Agent`).
 *
 * @example
 * forbiddenRequestHeaderReason('Cookie', 'a=b', profiles.chromium); // "Cookie is a forbidden request header: …"
 */
export function forbiddenRequestHeaderReason(
  name: string,
  value: string,
  profile: BrowserProfile,
): string | null {
  const lower = name.toLowerCase();
  if (lower === 'cookie' || lower === 'cookie2') {
    return `${name} is a forbidden request header: the browser silently drops it; cookies come from the cookie jar with credentials: 'include'.`;
  }
  if (lower === 'origin') {
    return `${name} is a forbidden request header: the browser silently drops it and sends the page's real origin itself.`;
  }
  if (FORBIDDEN_REQUEST_HEADER_NAMES.has(lower)) {
    return `${name} is a forbidden request header: the browser silently drops it and manages this header itself.`;
  }
  const prefix = forbiddenRequestHeaderPrefix(lower);
  if (prefix !== null) {
    return `${name} is a forbidden request header (names starting with '${prefix === 'sec-' ? 'Sec-' : 'Proxy-'}' are reserved for the browser): the browser silently drops it.`;
  }
  if (METHOD_OVERRIDE_NAMES.has(lower)) {
    const bad = getDecodeAndSplit(value).find(isForbiddenMethod);
    if (bad !== undefined) {
      return `${name} names the forbidden method ${bad}: the browser silently drops the header, so a page cannot smuggle ${bad.toUpperCase()} past it.`;
    }
  }
  if (profile.extraForbiddenRequestHeaders.includes(lower)) {
    return `${name} cannot be set by a page in ${profile.label}: the browser silently drops it and sends its own.`;
  }
  return null;
}

/**
 * Whether (name, value) is a forbidden request-header (Fetch Standard §2.2.2), including `proxy-*` and
 * `sec-*`, method-override headers naming a forbidden method, and the profile's extra names.
 *
 * @example
 * isForbiddenRequestHeader('X-HTTP-Method-Override', 'GET, TRACE', profiles.spec); // true
 * isForbiddenRequestHeader('User-Agent', 'bot', profiles.chromium);                // true
 * isForbiddenRequestHeader('User-Agent', 'bot', profiles.firefox);                 // false
 */
export function isForbiddenRequestHeader(name: string, value: string, profile: BrowserProfile): boolean {
  return forbiddenRequestHeaderReason(name, value, profile) !== null;
}

/**
 * The header list as the CORS checks see it: the page's headers plus `Accept: *\/*` when the page set no
 * Accept (Fetch Standard §4 "fetch" step 12, before main fetch decides on a preflight). The default
 * counts towards the 1024-byte safelist total and is then listed: Chromium 156 preflights safelisted
 * values totalling exactly 1024 bytes and lists `accept` in Access-Control-Request-Headers (conformance
 * cases request/total-1024-default-accept.*).
 *
 * @example
 * withDefaultAccept([['x-a', '1']]); // [['x-a', '1'], ['accept', '*\/*']]
 */
export function withDefaultAccept(headers: HeaderList): HeaderList {
  return headers.some(([n]) => n.toLowerCase() === 'accept') ? headers : [...headers, ['accept', '*/*']];
}

/**
 * CORS-unsafe request-header names (Fetch Standard §2.2.2): every header that is not CORS-safelisted,
 * and all of them once the safelisted values total more than `profile.safelistedValueTotalLimit`
 * bytes (1024; Firefox has no limit); byte-lowercased, de-duplicated (not in Firefox), sorted. Same-name lines are
 * judged joined or one by one as `profile.safelistCheckedOn` says. Linear in the total size.
 *
 * @example
 * corsUnsafeRequestHeaderNames([['X-B', '1'], ['Content-Type', 'application/json'], ['x-b', '2']], profiles.spec);
 * // ['content-type', 'x-b']
 */
export function corsUnsafeRequestHeaderNames(headers: HeaderList, profile: BrowserProfile): string[] {
  const lines = profile.safelistCheckedOn === 'combined' ? combineHeaderLines(headers) : headers;
  const unsafe: string[] = [];
  const potentiallyUnsafe: string[] = [];
  let safelistValueSize = 0;
  for (const [name, value] of lines) {
    if (!isCorsSafelistedRequestHeader(name, value, profile)) unsafe.push(name.toLowerCase());
    else {
      potentiallyUnsafe.push(name.toLowerCase());
      safelistValueSize += value.length;
    }
  }
  if (safelistValueSize > profile.safelistedValueTotalLimit)
    for (const n of potentiallyUnsafe) unsafe.push(n);
  return (profile.dedupeUnsafeHeaderNames ? [...new Set(unsafe)] : unsafe).sort();
}
