import type { HeaderList } from '../exchange.js';
import { getCombined, parseTokenList } from '../fetch/header-list.js';
import {
  CORS_SAFELISTED_RESPONSE_HEADER_NAMES,
  FORBIDDEN_RESPONSE_HEADER_NAMES,
} from '../fetch/header-names.js';

/**
 * The lowercased, sorted names of the response headers a script can read from a CORS response
 * (Fetch Standard "CORS-filtered response"): the safelisted names plus those listed in
 * Access-Control-Expose-Headers, where `*` means every name when credentials are not included.
 * Set-Cookie is never exposed. An unparsable Expose-Headers list exposes nothing extra.
 *
 * @example
 * exposedHeaderNames([['Content-Type', 'text/plain'], ['X-Id', '1'], ['Access-Control-Expose-Headers', 'x-id']], false); // ['content-type', 'x-id']
 */
export function exposedHeaderNames(headers: HeaderList, include: boolean): string[] {
  const parsed = parseTokenList(getCombined(headers, 'access-control-expose-headers'));
  const listed = new Set(parsed.ok ? parsed.items.map((s) => s.toLowerCase()) : []);
  const all = !include && listed.has('*');
  const out = new Set<string>();
  for (const [rawName] of headers) {
    const name = rawName.toLowerCase();
    if (FORBIDDEN_RESPONSE_HEADER_NAMES.has(name)) continue;
    if (all || CORS_SAFELISTED_RESPONSE_HEADER_NAMES.has(name) || listed.has(name)) out.add(name);
  }
  return [...out].sort();
}
