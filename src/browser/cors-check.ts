import { getAll, type HeaderList } from '../exchange.js';
import { combineValues, trimOws } from '../fetch/header-list.js';
import type { BrowserProfile } from './profile.js';

/** Why a CORS check failed, with the raw facts a message or an explanation needs. */
export interface AccessCheckFailure {
  readonly code:
    | 'MissingAllowOriginHeader'
    | 'MultipleAllowOriginValues'
    | 'InvalidAllowOriginValue'
    | 'AllowOriginMismatch'
    | 'WildcardOriginNotAllowed'
    | 'InvalidAllowCredentials';
  /** The Access-Control-Allow-Origin (or -Allow-Credentials) value the browser saw, lines joined by ', '. */
  readonly value: string;
  /** How many Access-Control-Allow-Origin lines the response carried. */
  readonly lines: number;
}

/**
 * Whether a header value parses as a URL at all: Chromium's `GURL(value).is_valid()`, approximated by
 * WHATWG URL. The value is a byte string (one code point per byte, as transports decode headers);
 * GURL reads it as UTF-8, so bytes that are not valid UTF-8 (a latin1 `ü`) make it invalid
 * (conformance case simple-acao/non-ascii.*).
 */
function parsesAsUrl(s: string): boolean {
  let text = s;
  if (/[^\x00-\x7f]/.test(s) && !/[^\x00-\xff]/.test(s)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(s, (ch) => ch.charCodeAt(0)));
    } catch {
      return false;
    }
  }
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The CORS check (Fetch Standard §4.9 "CORS check"), in Chromium's order
 * (services/network/public/cpp/cors/cors.cc CheckAccessInternal), with the browser's treatment of
 * several Access-Control-Allow-Origin lines taken from the profile.
 *
 * @param origin the serialized origin the request carried (`null` after a tainting redirect)
 * @param include whether the request's credentials mode is `include`
 * @returns `null` when the response passes
 *
 * @example
 * corsCheck([['Access-Control-Allow-Origin', '*']], 'https://app.example', true, chromium)?.code; // 'WildcardOriginNotAllowed'
 */
export function corsCheck(
  headers: HeaderList,
  origin: string,
  include: boolean,
  profile: BrowserProfile,
): AccessCheckFailure | null {
  const lines = getAll(headers, 'access-control-allow-origin').map(trimOws);
  const value = combineValues(lines) ?? '';
  const n = lines.length;
  if (n > 1 && profile.multipleAllowOriginLines === 'reject') {
    return { code: 'MultipleAllowOriginValues', value, lines: n };
  }
  if (n === 0) return { code: 'MissingAllowOriginHeader', value: '', lines: 0 };
  if (value === '*') {
    if (include) return { code: 'WildcardOriginNotAllowed', value, lines: n };
  } else if (value !== origin) {
    if (profile.allowOriginDiagnostics === 'detailed') {
      if (/[ ,]/.test(value)) return { code: 'MultipleAllowOriginValues', value, lines: n };
      if (value !== 'null' && !parsesAsUrl(value))
        return { code: 'InvalidAllowOriginValue', value, lines: n };
    }
    return { code: 'AllowOriginMismatch', value, lines: n };
  }
  if (include) {
    const acac = combineValues(getAll(headers, 'access-control-allow-credentials').map(trimOws)) ?? '';
    // Byte-for-byte: `True` or `true, true` fail (Fetch Standard: "is `true`").
    if (acac !== 'true') return { code: 'InvalidAllowCredentials', value: acac, lines: n };
  }
  return null;
}
