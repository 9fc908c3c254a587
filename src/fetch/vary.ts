// RFC 9110 §12.5.5 "Vary": a comma list of field names, or `*` (varies on everything). Read by the
// browser engine's cache warning and the audit, written by every adapter: merge, never overwrite or
// duplicate.
import type { HeaderList } from '../exchange.js';
import { getCombined } from './header-list.js';

/**
 * The field names a `Vary` value lists, lowercased and trimmed, empty items dropped (`*` kept as is).
 * `null` (absent) lists nothing.
 *
 * @example
 * parseVary('Accept-Encoding, ORIGIN,'); // ['accept-encoding', 'origin']
 * parseVary(null);                       // []
 */
export function parseVary(value: string | null): string[] {
  if (value === null) return [];
  const out: string[] = [];
  for (const part of value.split(',')) {
    const t = part.trim().toLowerCase();
    if (t !== '') out.push(t);
  }
  return out;
}

/**
 * Whether a response's `Vary` lines (all of them, combined) make caches key it by the header `name`:
 * `name` is listed (case-insensitive) or `Vary: *` is.
 *
 * @example
 * variesOn([['Vary', 'Accept'], ['vary', 'origin']], 'Origin'); // true
 * variesOn([['Vary', '*']], 'Origin');                          // true
 */
export function variesOn(headers: HeaderList, name: string): boolean {
  const names = parseVary(getCombined(headers, 'vary'));
  return names.includes('*') || names.includes(name.toLowerCase());
}

/**
 * Merge header names into an existing `Vary` value, case-insensitively, keeping what is there; `*`
 * absorbs everything. Accepts what node's `getHeader` returns (string, string[], number, undefined).
 *
 * @example
 * mergeVary('Accept-Encoding, origin', ['Origin']); // 'Accept-Encoding, origin'
 * mergeVary(undefined, ['Origin']); // 'Origin'
 */
export function mergeVary(
  existing: string | readonly string[] | number | null | undefined,
  add: readonly string[],
): string {
  const prev = Array.isArray(existing) ? existing.join(', ') : existing == null ? '' : String(existing);
  if (prev.trim() === '') return add.join(', ');
  if (add.length === 0) return prev;
  const have = new Set(parseVary(prev));
  if (have.has('*')) return '*';
  let out = prev;
  for (const name of add) {
    if (!have.has(name.toLowerCase())) {
      out += `, ${name}`;
      have.add(name.toLowerCase());
    }
  }
  return out;
}
