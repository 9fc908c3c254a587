// Route path patterns (src/policy/routes/pattern.ts, already parsed and validated) translated into each
// target's regex dialect. Every character of a literal segment except letters, digits, `-` and `_` is
// written as `\xHH`, which all six dialects read as that one character: whatever a route literal
// holds (`$ & ' ! , = @ . ~`), no config language around the regex (nginx variables, Caddy
// placeholders, Apache `%`, Python, Java or C# string quotes) sees anything but letters and escapes.
import type { NormalizedCorsOptions, RoutePattern } from '../policy/types.js';
import { type RegexDialect, regexEnd } from './model.js';
import type { RoutedPolicy } from './types.js';

const SAFE = /[A-Za-z0-9_-]/;

function literalRegex(literal: string): string {
  let out = '';
  for (const c of literal) {
    out += SAFE.test(c) ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * The regex of one route pattern, anchored, matching what corsair's route table matches on a plain
 * path: literals case-insensitively, `:name` as one non-empty segment, a trailing `/*` as the prefix
 * itself and anything below it, and an optional trailing slash. Case-insensitivity and `.` matching
 * newlines come from an inline `(?is)` except in `js`, where the caller adds the flags `is`.
 *
 * @example
 * routeRegex(parseRoutePattern('/api/:id'), 'pcre'); // '(?is)^/api/[^/]+/?$'
 * routeRegex(parseRoutePattern('/public/*'), 'js');  // '^\\/public(?:\\/.*)?$'
 */
export function routeRegex(p: RoutePattern, dialect: RegexDialect): string {
  const slash = dialect === 'js' ? '\\/' : '/';
  const body = p.segments
    .map((s) => slash + ('literal' in s ? literalRegex(s.literal) : `[^${slash}]+`))
    .join('');
  const tail = p.rest ? `(?:${slash}.*)?` : `${slash}?`;
  const flags = dialect === 'js' ? '' : '(?is)';
  return `${flags}^${body}${tail}${regexEnd(dialect)}`;
}

/**
 * A regex matching a raw request path (without its query) that servers may read as different routes:
 * a `%` (encoded slashes, dots or letters; double encoding), `\`, `;` (path parameters), `//`, or a
 * `.`/`..` segment. corsair's table gives such a path CORS only when every reading takes the same
 * route; generated configs, which cannot enumerate readings, give it none (stricter, said in a note).
 *
 * @example
 * new RegExp(trickyPathRegex('js')).test('/public/..%2fprivate'); // true
 * new RegExp(trickyPathRegex('js')).test('/public/a.b');          // false
 */
export function trickyPathRegex(dialect: RegexDialect): string {
  const slash = dialect === 'js' ? '\\/' : '/';
  return `[%;\\x5c]|${slash}${slash}|${slash}\\.\\.?(?:${slash}|${regexEnd(dialect)})`;
}

/**
 * The regex of one route pattern over the raw request target as a server receives it (path, then an
 * optional `?query`), for targets that can only see the target unparsed (nginx `$request_uri`, Apache
 * `THE_REQUEST`, Caddy `{http.request.orig_uri}`): the same route as `routeRegex` on the path part.
 *
 * @example
 * routeTargetRegex(parseRoutePattern('/api/:id'), 'pcre'); // '(?is)^/api/[^/?]+/?(?:\\?.*)?$'
 */
export function routeTargetRegex(p: RoutePattern, dialect: Exclude<RegexDialect, 'js'>): string {
  const body = p.segments.map((s) => `/${'literal' in s ? literalRegex(s.literal) : '[^/?]+'}`).join('');
  const tail = p.rest ? '(?:/[^?]*)?' : '/?';
  return `(?is)^${body}${tail}(?:\\?.*)?${regexEnd(dialect)}`;
}

/**
 * A regex matching a raw request target whose path servers may read as different routes (as
 * `trickyPathRegex`), or that is not a path at all (absolute-form `http://…`, `*`): no CORS there.
 *
 * @example
 * new RegExp(trickyTargetRegex('pcre')).test('/public/..%2fprivate?x'); // true
 * new RegExp(trickyTargetRegex('pcre')).test('/public/a?next=%2f');     // false
 */
export function trickyTargetRegex(dialect: Exclude<RegexDialect, 'js'>): string {
  return `^(?:[^/]|[^?]*(?:[%;\\x5c]|//|/\\.\\.?(?:/|\\?|${regexEnd(dialect)})))`;
}

/**
 * The fidelity note every per-path output carries: how its matching differs from corsair's table.
 *
 * @example
 * TRICKY_PATH_NOTE.code; // 'GENERATE_ROUTES_TRICKY_PATHS'
 */
export const TRICKY_PATH_NOTE = {
  code: 'GENERATE_ROUTES_TRICKY_PATHS',
  message:
    "a path with '%', '\\', ';', '//' or a dot segment gets no CORS headers on any route (corsair's own table still answers it when every server reading of it takes the same route)",
} as const;

/** A policy of a route table with its id (`r0`…, `d` for the defaults) and what it is written for. */
export interface RouteEntry {
  readonly id: string;
  readonly title: string;
  readonly o: NormalizedCorsOptions;
}

/**
 * The policies a table-driven target writes, in the table's order (routes with `cors: false` have none).
 *
 * @example
 * routeEntries(routed).map((e) => e.id); // ['r0', 'r1', 'd']
 */
export function routeEntries(p: RoutedPolicy): RouteEntry[] {
  const out: RouteEntry[] = [];
  p.routes.forEach((r, i) => {
    if (r.options !== null) out.push({ id: `r${i}`, title: r.pattern.path, o: r.options });
  });
  if (p.defaults !== null) out.push({ id: 'd', title: 'every other path', o: p.defaults });
  return out;
}
