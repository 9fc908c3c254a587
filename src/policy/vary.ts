// RFC 9110 §12.5.5: Vary is a comma list of field names (or "*"); merge, never overwrite or duplicate.

/**
 * Merge header names into an existing `Vary` value, case-insensitively, keeping what is there.
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
  const have = new Set<string>();
  for (const part of prev.split(',')) {
    const t = part.trim().toLowerCase();
    if (t === '*') return '*';
    if (t !== '') have.add(t);
  }
  let out = prev;
  for (const name of add) {
    if (!have.has(name.toLowerCase())) {
      out += `, ${name}`;
      have.add(name.toLowerCase());
    }
  }
  return out;
}
