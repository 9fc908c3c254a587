// Route path patterns: the subset of URLPattern's pathname syntax a policy accepts (literal segments,
// `:name` segments, a trailing `/*`), parsed once at construction, and the relation between two
// patterns that validation needs (does an earlier route already cover every path of a later one?).
// Literals are compared case-insensitively: Express and koa-router route case-insensitively by default,
// so `/API/private` reaches the handler of `/api/private` and must get its policy.

/**
 * One segment of a route pattern: a literal (kept lowercase) or a `:name` parameter (any one non-empty
 * segment).
 *
 * @example
 * const segments: RouteSegment[] = [{ literal: 'users' }, { param: 'id' }];
 */
export type RouteSegment = { readonly literal: string } | { readonly param: string };

/**
 * A parsed route pattern. `rest` is a trailing `/*`: the prefix itself and every path below it
 * (`/api/*` matches `/api`, `/api/` and `/api/a/b`; URLPattern's own `/api/*` would not match `/api`,
 * which a server mounting a router at `/api` serves).
 *
 * @example
 * const p: RoutePattern = { path: '/users/:id', segments: [{ literal: 'users' }, { param: 'id' }], rest: false };
 */
export interface RoutePattern {
  /** The pattern as written. */
  readonly path: string;
  readonly segments: readonly RouteSegment[];
  readonly rest: boolean;
}

/**
 * Why a pattern was refused: a message and a fix, for a policy issue.
 *
 * @example
 * const p: RoutePatternProblem = { message: "'/api*' …", fix: "write '/api/*'" };
 */
export interface RoutePatternProblem {
  readonly message: string;
  readonly fix: string;
}

// Unreserved and harmless sub-delimiters; none is URLPattern syntax ( ( ) * + ? { } : \ ) and none
// changes how a server splits or decodes a path (% ; / \ . segments).
const LITERAL = /^[A-Za-z0-9._~!$&',=@-]+$/;
const PARAM = /^:[A-Za-z_$][A-Za-z0-9_$]*$/;

function segmentProblem(seg: string, last: boolean, path: string): RoutePatternProblem | undefined {
  if (seg === '') {
    return {
      message: `the path '${path}' has an empty segment (//)`,
      fix: `write '${path.replace(/\/{2,}/g, '/')}'`,
    };
  }
  if (seg === '*') {
    return last
      ? undefined
      : { message: `in '${path}' '*' is not the last segment`, fix: 'put * only at the end: /prefix/*' };
  }
  if (seg.startsWith(':')) {
    if (PARAM.test(seg)) return undefined;
    return {
      message: `the parameter '${seg}' in '${path}' is not a plain :name (no regexp groups, ?, + or *)`,
      fix: 'write :name for one segment, or end the path with /* for any number of segments',
    };
  }
  if (seg === '.' || seg === '..') {
    return {
      message: `the path '${path}' has a '${seg}' segment`,
      fix: 'write the path without dot segments',
    };
  }
  if (seg.includes('*')) {
    // The literal before the first '*' as a prefix route, when a route can hold it; else the parent's.
    const before = path.slice(0, path.indexOf(seg));
    const lit = seg.slice(0, seg.indexOf('*'));
    return {
      message: `in '${path}' '*' is part of the segment '${seg}'`,
      fix: `write '${LITERAL.test(lit) ? `${before + lit}/` : before}*'`,
    };
  }
  if (!LITERAL.test(seg)) {
    return {
      message: `the segment '${seg}' in '${path}' has characters a route literal cannot hold (only letters, digits and - . _ ~ ! $ & ' , = @)`,
      fix: 'write the decoded ASCII path, or match the segment with :name',
    };
  }
  return undefined;
}

/**
 * Parse a route pattern, or say why it is refused.
 *
 * @example
 * parseRoutePattern('/users/:id'); // { path: '/users/:id', segments: [{ literal: 'users' }, { param: 'id' }], rest: false }
 * parseRoutePattern('/api*');      // { message: …, fix: "… '/api/*' …" }
 */
export function parseRoutePattern(path: string): RoutePattern | RoutePatternProblem {
  if (path === '*' || path === '') {
    return { message: `the path '${path}' does not start with /`, fix: "write '/*' for every path" };
  }
  if (!path.startsWith('/')) {
    return { message: `the path '${path}' does not start with /`, fix: `write '/${path}'` };
  }
  // `/api/` is `/api`: a trailing slash never changes which route a request takes.
  const body = path.length > 1 && path.endsWith('/') ? path.slice(1, -1) : path.slice(1);
  const raw = body === '' ? [] : body.split('/');
  const segments: RouteSegment[] = [];
  let rest = false;
  for (let i = 0; i < raw.length; i++) {
    const seg = raw[i]!;
    const problem = segmentProblem(seg, i === raw.length - 1, path);
    if (problem !== undefined) return problem;
    if (seg === '*') rest = true;
    else if (seg.startsWith(':')) segments.push({ param: seg.slice(1) });
    else segments.push({ literal: seg.toLowerCase() });
  }
  return { path, segments, rest };
}

/**
 * Whether a parse result is a pattern (not a problem).
 *
 * @example
 * isRoutePattern(parseRoutePattern('/a')); // true
 */
export function isRoutePattern(p: RoutePattern | RoutePatternProblem): p is RoutePattern {
  return 'segments' in p;
}

/**
 * Whether `a` matches every path `b` matches (then `b`, listed after `a`, is unreachable).
 *
 * @example
 * patternCovers(parse('/api/*'), parse('/api/users/:id')); // true
 * patternCovers(parse('/api/:id'), parse('/api/*'));        // false
 */
export function patternCovers(a: RoutePattern, b: RoutePattern): boolean {
  for (let k = 0; ; k++) {
    if (a.rest && k === a.segments.length) return true;
    if (k === b.segments.length) return !b.rest && a.segments.length === k;
    if (k === a.segments.length) return false;
    const as = a.segments[k]!;
    const bs = b.segments[k]!;
    if ('literal' in as && !('literal' in bs && bs.literal === as.literal)) return false;
  }
}

/**
 * Whether two patterns match exactly the same paths (parameter names aside).
 *
 * @example
 * samePattern(parse('/users/:id'), parse('/Users/:userId')); // true
 */
export function samePattern(a: RoutePattern, b: RoutePattern): boolean {
  return patternCovers(a, b) && patternCovers(b, a);
}
