// MIME Sniffing Standard §4.4 "Parsing a MIME type".
import { isToken } from '../fetch/token.js';

/** A parsed MIME type: lowercase type, subtype and parameter names. */
export interface MimeType {
  readonly type: string;
  readonly subtype: string;
  /** `type/subtype`. */
  readonly essence: string;
  /** First occurrence of each parameter wins; names are lowercase, values kept as given. */
  readonly parameters: Map<string, string>;
}

// HTTP quoted-string token code points: U+0009, U+0020–U+007E, U+0080–U+00FF.
const QUOTED_STRING_TOKEN = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;

function isHttpWhitespace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function trimHttpWhitespace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isHttpWhitespace(s[start])) start++;
  while (end > start && isHttpWhitespace(s[end - 1])) end--;
  return s.slice(start, end);
}

function trimTrailingHttpWhitespace(s: string): string {
  let end = s.length;
  while (end > 0 && isHttpWhitespace(s[end - 1])) end--;
  return s.slice(0, end);
}

/** Index of the first of `chars` at or after `from`, or `s.length`. */
function indexOfAny(s: string, from: number, a: string, b?: string): number {
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === a || c === b) return i;
  }
  return s.length;
}

/** Fetch Standard §2.2 "collect an HTTP quoted string" with extract-value true. Returns [value, newPosition]. */
function collectQuotedString(s: string, start: number): [string, number] {
  let value = '';
  let pos = start + 1; // skip the opening quote
  for (;;) {
    const stop = indexOfAny(s, pos, '"', '\\');
    value += s.slice(pos, stop);
    pos = stop;
    if (pos >= s.length) break;
    const c = s[pos];
    pos++;
    if (c === '\\') {
      if (pos >= s.length) {
        value += '\\';
        break;
      }
      value += s[pos];
      pos++;
    } else break;
  }
  return [value, pos];
}

/**
 * Parse a MIME type exactly as the MIME Sniffing Standard does: trims HTTP whitespace, requires token
 * type and subtype, lowercases them, parses parameters (quoted strings with backslash escapes, first
 * occurrence wins, invalid parameters skipped). Returns `null` on failure. Linear in the input.
 *
 * @example
 * parseMimeType('Text/Plain; charset="utf-8"')?.essence; // 'text/plain'
 * parseMimeType('text/plain;charset=a;charset=b')?.parameters.get('charset'); // 'a'
 * parseMimeType('text'); // null
 */
export function parseMimeType(s: string): MimeType | null {
  if (typeof s !== 'string') return null;
  const input = trimHttpWhitespace(s);
  const slash = input.indexOf('/');
  if (slash === -1) return null;
  const type = input.slice(0, slash);
  if (!isToken(type)) return null;
  let pos = slash + 1;
  const semi = indexOfAny(input, pos, ';');
  const subtype = trimTrailingHttpWhitespace(input.slice(pos, semi));
  if (!isToken(subtype)) return null;
  pos = semi;
  const lowerType = type.toLowerCase();
  const lowerSubtype = subtype.toLowerCase();
  const parameters = new Map<string, string>();
  while (pos < input.length) {
    pos++; // skip ';'
    while (pos < input.length && isHttpWhitespace(input[pos])) pos++;
    const nameEnd = indexOfAny(input, pos, ';', '=');
    const name = input.slice(pos, nameEnd).toLowerCase();
    pos = nameEnd;
    if (pos < input.length) {
      if (input[pos] === ';') continue;
      pos++; // skip '='
    }
    if (pos >= input.length) break;
    let value: string;
    if (input[pos] === '"') {
      [value, pos] = collectQuotedString(input, pos);
      pos = indexOfAny(input, pos, ';');
    } else {
      const valueEnd = indexOfAny(input, pos, ';');
      value = trimTrailingHttpWhitespace(input.slice(pos, valueEnd));
      pos = valueEnd;
      if (value === '') continue;
    }
    if (isToken(name) && QUOTED_STRING_TOKEN.test(value) && !parameters.has(name)) {
      parameters.set(name, value);
    }
  }
  return { type: lowerType, subtype: lowerSubtype, essence: `${lowerType}/${lowerSubtype}`, parameters };
}
