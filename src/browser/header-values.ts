// Value parsing shared by the response-side checks. Browsers trim optional whitespace (space, tab)
// around header values and list items before comparing (Chromium net::HttpUtil::TrimLWS).

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `s` is an HTTP token (RFC 9110 §5.6.2). */
export function isToken(s: string): boolean {
  return TCHAR.test(s);
}

/** Strip leading and trailing spaces and tabs. */
export function trimOws(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s.charCodeAt(start) === 0x20 || s.charCodeAt(start) === 0x09)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 0x20 || s.charCodeAt(end - 1) === 0x09)) end--;
  return s.slice(start, end);
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
