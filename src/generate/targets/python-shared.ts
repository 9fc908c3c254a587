// Python source helpers shared by the FastAPI, Flask and Django targets.

/**
 * A Python list of double-quoted strings, one per line when long.
 *
 * @example
 * pyList(['GET', 'PUT']); // '["GET", "PUT"]'
 */
export function pyList(v: readonly string[], indent = '    '): string {
  if (v.length === 0) return '[]';
  const one = `[${v.map((s) => JSON.stringify(s)).join(', ')}]`;
  if (one.length <= 80) return one;
  return `[\n${v.map((s) => `${indent}    ${JSON.stringify(s)},`).join('\n')}\n${indent}]`;
}

/**
 * Whether flask-cors would treat a string as a regex (its `probably_regex`).
 *
 * @example
 * looksLikeRegex('http://[::1]:8080'); // true
 */
export function looksLikeRegex(s: string): boolean {
  return /[*\\\]?$^[()]/.test(s);
}
