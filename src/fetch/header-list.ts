// Fetch Standard §2.2.2 "header list" operations corsair needs: "get" (combine same-name lines),
// "combine" over a whole list, "extract header list values" for the Access-Control-* lists, and the
// HTTP tab-or-space trimming browsers apply to values (Chromium net::HttpUtil::TrimLWS).
import type { HeaderList } from '../exchange.js';
import { isToken } from './token.js';

/** How the Fetch Standard joins the values of same-name lines: comma then space. */
export const HEADER_VALUE_SEPARATOR = ', ';

/**
 * Strip leading and trailing HTTP tab or space (0x09, 0x20), nothing else.
 *
 * @example
 * trimOws(' \tx-id \t'); // 'x-id'
 * trimOws('\nx');        // '\nx'
 */
export function trimOws(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s.charCodeAt(start) === 0x20 || s.charCodeAt(start) === 0x09)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 0x20 || s.charCodeAt(end - 1) === 0x09)) end--;
  return s.slice(start, end);
}

/**
 * Combine the values of same-name lines as the Fetch Standard's "get" does, or `null` when there are
 * none. An empty array means absent; `['']` means present and empty.
 *
 * @example
 * combineValues(['a', 'b']); // 'a, b'
 * combineValues([]);         // null
 */
export function combineValues(values: readonly string[]): string | null {
  return values.length === 0 ? null : values.join(HEADER_VALUE_SEPARATOR);
}

/**
 * The header's combined value (Fetch Standard "get"): every line named `name` (case-insensitive),
 * joined by `, `, or `null` when absent.
 *
 * @example
 * getCombined([['X', 'a'], ['x', 'b']], 'x'); // 'a, b'
 */
export function getCombined(headers: HeaderList, name: string): string | null {
  const lower = name.toLowerCase();
  const values: string[] = [];
  for (const [n, v] of headers) if (n.toLowerCase() === lower) values.push(v);
  return combineValues(values);
}

/**
 * One line per name, names lowercased, same-name values combined with `, `, each name where it first
 * appeared (the Fetch Standard's "combine" applied to a whole list, without its sorting).
 *
 * @example
 * combineHeaderLines([['X-A', '1'], ['Accept', 'b'], ['x-a', '2']]); // [['x-a', '1, 2'], ['accept', 'b']]
 */
export function combineHeaderLines(headers: HeaderList): [string, string][] {
  const byName = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const values = byName.get(lower);
    if (values) values.push(value);
    else byName.set(lower, [value]);
  }
  return [...byName].map(([n, vs]) => [n, vs.join(HEADER_VALUE_SEPARATOR)]);
}

/** Result of parsing an `Access-Control-Allow-*` list. */
export type ListParse =
  | { readonly ok: true; readonly items: readonly string[] }
  | { readonly ok: false; readonly invalid: string };

/**
 * Parse a comma-separated list of tokens as browsers parse Access-Control-Allow-Methods,
 * -Allow-Headers and -Expose-Headers (Fetch Standard "extract header list values"; Chromium
 * ParseAccessControlAllowList): empty items are skipped, every other item must be a token.
 * A missing header is an empty list. Linear in the input.
 *
 * @example
 * parseTokenList('GET, , PUT'); // { ok: true, items: ['GET', 'PUT'] }
 * parseTokenList('GET PUT');    // { ok: false, invalid: 'GET PUT' }
 */
export function parseTokenList(value: string | null): ListParse {
  if (value === null) return { ok: true, items: [] };
  const items: string[] = [];
  for (const raw of value.split(',')) {
    const item = trimOws(raw);
    if (item === '') continue;
    if (!isToken(item)) return { ok: false, invalid: item };
    items.push(item);
  }
  return { ok: true, items };
}
