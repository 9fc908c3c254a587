// The one vocabulary in which corsair says why a string is not an origin (or an origin pattern). The
// option validator, the CLI, the page and the proxy all show these, so a user meets the same code and
// the same sentence wherever they typed the origin.

/**
 * Why a string is not an acceptable origin or origin pattern. SCREAMING_SNAKE with the `ORIGIN_` area
 * prefix, stable across releases.
 *
 * @example
 * const code: OriginCode = 'ORIGIN_TRAILING_SLASH';
 */
export type OriginCode =
  | 'ORIGIN_EMPTY'
  | 'ORIGIN_WHITESPACE'
  | 'ORIGIN_NULL'
  | 'ORIGIN_NO_SCHEME'
  | 'ORIGIN_UNSUPPORTED_SCHEME'
  | 'ORIGIN_UPPERCASE'
  | 'ORIGIN_HAS_USERINFO'
  | 'ORIGIN_TRAILING_SLASH'
  | 'ORIGIN_HAS_PATH'
  | 'ORIGIN_HAS_QUERY'
  | 'ORIGIN_HAS_FRAGMENT'
  | 'ORIGIN_WILDCARD'
  | 'ORIGIN_INVALID_HOST'
  | 'ORIGIN_INVALID_PORT'
  | 'ORIGIN_DEFAULT_PORT'
  | 'ORIGIN_NOT_SERIALIZED'
  | 'ORIGIN_PATTERN_TOO_BROAD'
  | 'ORIGIN_PATTERN_INVALID';

/**
 * One coded diagnosis: what is wrong, in a plain sentence quoting the input, and the fix.
 *
 * @example
 * const d: OriginDiagnosis = { code: 'ORIGIN_TRAILING_SLASH', message: "'https://a.com/' has a trailing slash; an origin never ends with '/'.", fix: "use 'https://a.com'" };
 */
export interface OriginDiagnosis {
  readonly code: OriginCode;
  readonly message: string;
  readonly fix: string;
}

/**
 * `'…'` with control characters made visible, so a message never hides what was wrong.
 *
 * @example
 * quote('a\tb'); // "'a\\tb'"
 */
export function quote(s: string): string {
  return `'${JSON.stringify(s).slice(1, -1).replace(/'/g, "\\'")}'`;
}
